import { VOTE_STAFF_ROLES } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import './paper.i18n';
import './votes.css';

/** "2026-12-01T18:00:00" in the browser's local time, for a datetime-local input. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Staff open a vote for a compound: a matter of art. 278, or a consultation with options. */
export default function NewVotePage() {
  const { t } = useTranslation('votes');
  const tp = useTranslation('votesPaper').t;
  const { me, loading, hasRole } = useSession();
  const navigate = useNavigate();
  const [compounds, setCompounds] = useState<Array<{ id: string; name: string }> | null>(null);
  const [form, setForm] = useState({
    compoundId: '',
    kind: 'decision' as 'decision' | 'consultation',
    matter: '4',
    title: '',
    body: '',
    options: '',
    closesAt: localInput(new Date(Date.now() + 7 * 24 * 3600 * 1000)),
    unitListPublic: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!me) return;
    votesApi
      .compounds()
      .then((c) => {
        setCompounds(c);
        setForm((f) => ({ ...f, compoundId: f.compoundId || c[0]?.id || '' }));
      })
      .catch(setError);
  }, [me]);

  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/votes/new" replace />;
  if (!hasRole(...VOTE_STAFF_ROLES)) return <Navigate to="/votes" replace />;
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <Page title={t('create.title')}>
      <p className="muted">{t('create.hint')}</p>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setFields({});
          try {
            const { id } = await votesApi.create({
              compoundId: form.compoundId,
              kind: form.kind,
              ...(form.kind === 'decision' ? { matter: Number(form.matter) } : {}),
              title: form.title,
              body: form.body,
              ...(form.kind === 'consultation'
                ? {
                    options: form.options
                      .split('\n')
                      .map((o) => o.trim())
                      .filter(Boolean),
                  }
                : {}),
              closesAt: new Date(form.closesAt).toISOString(),
              ...(form.unitListPublic ? { unitListPublic: true } : {}),
            });
            navigate(`/votes/${id}`);
          } catch (err) {
            setError(err);
            if (err instanceof ApiError) setFields(err.fieldErrors());
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="field">
          <label htmlFor="vote-compound">{t('create.compound')}</label>
          <select name="compoundId" id="vote-compound" value={form.compoundId} onChange={set('compoundId')} required>
            {compounds?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="vote-kind">{t('create.kind')}</label>
          <select name="kind" id="vote-kind" value={form.kind} onChange={set('kind')}>
            <option value="decision">{t('kind.decision')}</option>
            <option value="consultation">{t('kind.consultation')}</option>
          </select>
        </div>
        {form.kind === 'decision' ? (
          <div className="field">
            <label htmlFor="vote-matter">{t('create.matter')}</label>
            <select name="matter" id="vote-matter" value={form.matter} onChange={set('matter')}>
              {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((m) => (
                <option key={m} value={m}>
                  {m}. {t(`matter.${m}`)}
                </option>
              ))}
            </select>
            <p className="field-hint">
              {Number(form.matter) >= 6 && Number(form.matter) <= 8 ? t('rule.three-quarters') : t('rule.majority')}
            </p>
          </div>
        ) : (
          <div className={`field${fields.options ? ' field-invalid' : ''}`}>
            <label htmlFor="vote-options">{t('create.options')}</label>
            <textarea name="options" id="vote-options" rows={4} value={form.options} onChange={set('options')} />
            {fields.options && <p className="field-error">⚠ {fields.options}</p>}
          </div>
        )}
        <Field
          name="title"
          label={t('create.subject')}
          value={form.title}
          onChange={set('title')}
          required
          maxLength={120}
          error={fields.title}
        />
        <div className="field">
          <label htmlFor="vote-body">{t('create.body')}</label>
          <textarea name="body" id="vote-body" rows={4} value={form.body} onChange={set('body')} maxLength={4000} />
        </div>
        <Field
          label={t('create.closesAt')}
          type="datetime-local"
          step={1}
          value={form.closesAt}
          onChange={set('closesAt')}
          required
          error={fields.closesAt}
          name="closesAt"
        />
        <label className="check">
          <input
            type="checkbox"
            name="unitListPublic"
            checked={form.unitListPublic}
            onChange={(e) => setForm({ ...form, unitListPublic: e.target.checked })}
          />
          {tp('unitListPublic')}
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-block" disabled={busy || !compounds?.length}>
          {t('create.submit')}
        </button>
      </form>
    </Page>
  );
}
