import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { thresholdI18n } from './threshold.i18n';

addStrings('council', thresholdI18n);

interface Settings {
  remindAfterDays: number;
  supportThresholdPercent: number | null;
  households: number;
  supportsNeeded: number | null;
}

/** The compound's reminder limit for untouched issues and its support threshold (staff only). */
export function SettingsForm({ compoundId }: { compoundId: string }) {
  const { t } = useTranslation('council');
  const [days, setDays] = useState('');
  const [percent, setPercent] = useState('');
  const [current, setCurrent] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const show = useCallback((r: Settings) => {
    setCurrent(r);
    setDays(String(r.remindAfterDays));
    setPercent(r.supportThresholdPercent === null ? '' : String(r.supportThresholdPercent));
  }, []);
  useEffect(() => {
    if (!compoundId) return;
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
          setSaved(false);
          try {
            const body = {
              remindAfterDays: Number.parseInt(days, 10),
              supportThresholdPercent: percent.trim() ? Number(percent) : null,
            };
            show(await api<Settings>(`/api/v1/council/compounds/${compoundId}/settings`, { method: 'PUT', body }));
            setSaved(true);
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field
          label={t('settings.days')}
          type="number"
          min={1}
          max={90}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          required
        />
        <Field
          label={t('settings.threshold')}
          type="number"
          min={1}
          max={100}
          inputMode="numeric"
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
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
      </form>
    </section>
  );
}
