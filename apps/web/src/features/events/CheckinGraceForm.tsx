import { CHECKIN_GRACE_MAX_MINUTES, EVENT_KINDS, type EventKind, STAFF_ROLES } from '@lianxin/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useChoice } from '../../lib/useChoice';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { ServerFields } from '../../ui/ServerFields';

// Only the door screen's staff form needs these: kept out of the first page's JavaScript.
addStrings('events', {
  'zh-CN': {
    grace: {
      title: '签到宽限时间',
      hint: '活动开始前多久、结束后多久内，入场码可以签到（分钟，0–{{max}}）。留空则沿用上级或系统默认。',
      node: '设置范围',
      kind: { activity: '活动', health_check: '健康体检', daycare: '日间照料' },
      inherited: '留空：沿用 {{n}} 分钟',
      save: '保存宽限时间',
      saved: '已保存',
      invalid: '请填写 0 到 {{max}} 之间的整数',
    },
  },
  en: {
    grace: {
      title: 'Check-in grace',
      hint: 'How long before the start and after the end a ticket is accepted (minutes, 0–{{max}}). Leave empty to take the parent node’s or the default.',
      node: 'Where',
      kind: { activity: 'Activities', health_check: 'Health checks', daycare: 'Day care' },
      inherited: 'Empty: {{n}} minutes, inherited',
      save: 'Save grace',
      saved: 'Saved',
      invalid: 'Enter a whole number from 0 to {{max}}',
    },
  },
});

/** The form's text per kind: the node's own value, or empty where it inherits. */
const textsOf = (v: GraceView) =>
  Object.fromEntries(EVENT_KINDS.map((k) => [k, v.own[k] === null ? '' : String(v.own[k])])) as Record<EventKind, string>;

interface GraceView {
  nodeId: string;
  defaultMinutes: number;
  own: Record<EventKind, number | null>;
  effective: Record<EventKind, number>;
}

/** Staff set the check-in window's grace per event kind for a compound or community they run. */
export function CheckinGraceForm() {
  const { t } = useTranslation('events');
  const { me } = useSession();
  const nodes = (me?.roles ?? []).filter(
    (r) => (STAFF_ROLES as readonly string[]).includes(r.role) && (r.nodeKind === 'compound' || r.nodeKind === 'community'),
  );
  const [nodeId, setNodeId] = useChoice(nodes.map((n) => n.nodeId));
  const [view, setView] = useState<GraceView | null>(null);
  const [values, setValues] = useState<Record<EventKind, string>>({ activity: '', health_check: '', daycare: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<EventKind, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const show = (v: GraceView) => {
    setView(v);
    setValues(textsOf(v));
  };
  useEffect(() => {
    if (!nodeId) return;
    setSaved(false);
    setView(null);
    api<GraceView>(`/api/v1/events/checkin-grace/${encodeURIComponent(nodeId)}`).then((v) => {
      setView(v);
      setValues(textsOf(v));
    }, setError);
  }, [nodeId]);
  if (!nodes.length) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body: Partial<Record<EventKind, number | null>> = {};
    const errs: Partial<Record<EventKind, string>> = {};
    for (const k of EVENT_KINDS) {
      const raw = values[k].trim();
      const n = Number(raw);
      if (raw === '') body[k] = null;
      else if (/^\d+$/.test(raw) && n <= CHECKIN_GRACE_MAX_MINUTES) body[k] = n;
      else errs[k] = t('grace.invalid', { max: CHECKIN_GRACE_MAX_MINUTES });
    }
    setFieldErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      show(await api<GraceView>(`/api/v1/events/checkin-grace/${encodeURIComponent(nodeId)}`, { method: 'PUT', body }));
      setSaved(true);
      setError(null);
    } catch (err) {
      if (err instanceof ApiError) setFieldErrors(err.fieldErrors() as Partial<Record<EventKind, string>>);
      setError(err);
    }
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="grace-h">
      <h2 id="grace-h">{t('grace.title')}</h2>
      <p className="muted">{t('grace.hint', { max: CHECKIN_GRACE_MAX_MINUTES })}</p>
      {nodes.length > 1 && (
        <SelectField
          data-unsent=""
          id="grace-node"
          label={t('grace.node')}
          value={nodeId}
          onChange={setNodeId}
          options={nodes.map((n) => ({ key: `${n.role}-${n.nodeId}`, value: n.nodeId, label: n.nodeName }))}
        />
      )}
      <ServerFields loaded={view !== null}>
        {view &&
          EVENT_KINDS.map((k) => (
            <Field
              name={k}
              key={k}
              label={t(`grace.kind.${k}`)}
              type="number"
              inputMode="numeric"
              min={0}
              max={CHECKIN_GRACE_MAX_MINUTES}
              value={values[k]}
              placeholder={String(view.effective[k])}
              hint={values[k] === '' ? t('grace.inherited', { n: view.effective[k] }) : undefined}
              error={fieldErrors[k]}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          ))}
        <ErrorNote error={error} />
        {saved && (
          <p className="ok-note" role="status">
            {t('grace.saved')}
          </p>
        )}
        <button type="submit" className="btn">
          {t('grace.save')}
        </button>
      </ServerFields>
    </form>
  );
}
