import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { newKey } from '../orders/api';

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];
const KINDS = ['yes_no', 'single', 'multiple', 'ranked'] as const;
const AUDIENCES = ['compound', 'building', 'group', 'volunteers'] as const;

/** A local datetime-local value three days ahead. */
function threeDays(): string {
  const d = new Date(Date.now() + 3 * 86400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Staff ask a poll of one of their compounds (only staff see this form). */
export function CreatePollForm() {
  const { t } = useTranslation('polls');
  const { me } = useSession();
  const navigate = useNavigate();
  const compounds = (me?.roles ?? []).filter((r) => STAFF.includes(r.role) && r.nodeKind === 'compound');
  const [compoundId, setCompoundId] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('yes_no');
  const [options, setOptions] = useState('');
  const [audience, setAudience] = useState<(typeof AUDIENCES)[number]>('compound');
  const [audienceId, setAudienceId] = useState('');
  const [anonymous, setAnonymous] = useState('true');
  const [results, setResults] = useState('live');
  const [closesAt, setClosesAt] = useState(threeDays);
  // One Idempotency-Key per form: a double tap or a retry is one poll, and one SMS each.
  const [key] = useState(newKey);
  const [targets, setTargets] = useState<Array<{ id: string; name: string }>>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const compound = compoundId || compounds[0]?.nodeId || '';

  useEffect(() => {
    setAudienceId('');
    if (!compound || (audience !== 'building' && audience !== 'group')) return setTargets([]);
    const load =
      audience === 'building'
        ? api<{ buildings: Array<{ id: string; name: string }> }>(`/api/v1/council/compounds/${compound}/buildings`).then(
            (r) => r.buildings,
          )
        : api<{ groups: Array<{ id: string; name: string }> }>(`/api/v1/groups?node=${encodeURIComponent(compound)}`).then(
            (r) => r.groups,
          );
    load.then(setTargets, () => setTargets([]));
  }, [compound, audience]);

  if (!compounds.length) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ id: string }>('/api/v1/polls', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          compoundId: compound,
          title,
          kind,
          options:
            kind === 'yes_no'
              ? []
              : options
                  .split('\n')
                  .map((o) => o.trim())
                  .filter(Boolean),
          audience,
          ...(audienceId ? { audienceId } : {}),
          anonymous: anonymous === 'true',
          results,
          closesAt: new Date(closesAt).toISOString(),
        },
      });
      navigate(`/polls/${r.id}`);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    }
  }

  return (
    <form className="form card" onSubmit={submit}>
      <h2>{t('create')}</h2>
      <SelectField
        name="compoundId"
        id="pl-compound"
        label={t('compound')}
        value={compound}
        onChange={setCompoundId}
        options={compounds.map((c) => ({ key: `${c.role}-${c.nodeId}`, value: c.nodeId, label: c.nodeName }))}
      />
      <Field
        name="title"
        label={t('question')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={120}
        required
        error={fields.title}
      />
      <SelectField
        name="kind"
        id="pl-kind"
        label={t('kind')}
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
      />
      {kind !== 'yes_no' && (
        <div className="field">
          <label htmlFor="pl-options">{t('optionsLabel')}</label>
          <textarea name="options" id="pl-options" rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
          {fields.options && <p className="field-error">⚠ {fields.options}</p>}
        </div>
      )}
      <SelectField
        name="audience"
        id="pl-audience"
        label={t('audience')}
        value={audience}
        onChange={(v) => setAudience(v as typeof audience)}
        options={AUDIENCES.map((a) => ({ value: a, label: t(`audiences.${a}`) }))}
      />
      {(audience === 'building' || audience === 'group') && (
        <SelectField
          name="audienceId"
          id="pl-target"
          label={audience === 'building' ? t('building') : t('group')}
          value={audienceId}
          onChange={setAudienceId}
          blank="—"
          options={targets.map((x) => ({ value: x.id, label: x.name }))}
          error={fields.audienceId}
        />
      )}
      <SelectField
        name="anonymous"
        id="pl-anon"
        label={t('anonymity')}
        value={anonymous}
        onChange={setAnonymous}
        options={[
          { value: 'true', label: t('anonymous') },
          { value: 'false', label: t('named') },
        ]}
      />
      <SelectField
        name="results"
        id="pl-results"
        label={t('resultsWhen')}
        value={results}
        onChange={setResults}
        options={[
          { value: 'live', label: t('liveResults') },
          { value: 'at_close', label: t('atClose') },
        ]}
      />
      <div className="field">
        <label htmlFor="pl-closes">{t('closesAtLabel')}</label>
        <input
          name="closesAt"
          id="pl-closes"
          type="datetime-local"
          value={closesAt}
          onChange={(e) => setClosesAt(e.target.value)}
          required
        />
      </div>
      <p className="muted">{t('smsNote')}</p>
      <ErrorNote error={error} />
      <button className="btn" type="submit">
        {t('create')}
      </button>
    </form>
  );
}
