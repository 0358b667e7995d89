import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { ServerFields } from '../../ui/ServerFields';
import './strings';
import { thresholdI18n } from './threshold.i18n';

addStrings('council', thresholdI18n);

interface Settings {
  remindAfterDays: number;
  quorum: number | null;
  members: number;
  quorumRequired: number;
  supportThresholdPercent: number | null;
  households: number;
  supportsNeeded: number | null;
}

/** The compound's reminder limit for untouched issues, the council's quorum and the support threshold (staff only). */
export function SettingsForm({ compoundId }: { compoundId: string }) {
  const { t } = useTranslation('council');
  const [days, setDays] = useState('');
  const [quorum, setQuorum] = useState('');
  const [percent, setPercent] = useState('');
  const [current, setCurrent] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const show = useCallback((r: Settings) => {
    setCurrent(r);
    setDays(String(r.remindAfterDays));
    setQuorum(r.quorum === null ? '' : String(r.quorum));
    setPercent(r.supportThresholdPercent === null ? '' : String(r.supportThresholdPercent));
  }, []);
  useEffect(() => {
    if (!compoundId) return;
    setCurrent(null);
    api<Settings>(`/api/v1/council/compounds/${compoundId}/settings`).then(show, setError);
  }, [compoundId, show]);
  return (
    <section className="card" aria-labelledby="council-settings">
      <h2 id="council-settings">{t('settings.title')}</h2>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setFields({});
          setSaved(false);
          try {
            const body = {
              remindAfterDays: Number.parseInt(days, 10),
              quorum: quorum.trim() ? Number.parseInt(quorum, 10) : null,
              supportThresholdPercent: percent.trim() ? Number(percent) : null,
            };
            show(await api<Settings>(`/api/v1/council/compounds/${compoundId}/settings`, { method: 'PUT', body }));
            setSaved(true);
          } catch (err) {
            setError(err);
            if (err instanceof ApiError) setFields(err.fieldErrors());
          }
        }}
      >
        <ServerFields loaded={current !== null}>
          <Field
            name="remindAfterDays"
            label={t('settings.days')}
            type="number"
            min={1}
            max={90}
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            required
            error={fields.remindAfterDays}
          />
          <Field
            name="quorum"
            label={t('quorum.label')}
            type="number"
            min={1}
            max={200}
            inputMode="numeric"
            value={quorum}
            onChange={(e) => setQuorum(e.target.value)}
            hint={t('quorum.hint')}
            error={fields.quorum}
          />
          {current && <p>{t('quorum.now', { members: current.members, required: current.quorumRequired })}</p>}
          <Field
            name="supportThresholdPercent"
            label={t('settings.threshold')}
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            error={fields.supportThresholdPercent}
            hint={
              current &&
              (current.supportsNeeded === null
                ? t('settings.thresholdOff', { households: current.households })
                : t('settings.thresholdHint', { households: current.households, needed: current.supportsNeeded }))
            }
          />
          <button type="submit" className="btn btn-secondary">
            {t('settings.save')}
          </button>
          {saved && (
            <p className="ok-note" role="status">
              {t('settings.saved')}
            </p>
          )}
          <ErrorNote error={error} />
        </ServerFields>
      </form>
    </section>
  );
}
