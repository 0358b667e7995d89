import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';

/** The compound's reminder limit for untouched issues (staff only). */
export function SettingsForm({ compoundId }: { compoundId: string }) {
  const { t } = useTranslation('council');
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!compoundId) return;
    api<{ remindAfterDays: number }>(`/api/v1/council/compounds/${compoundId}/settings`).then(
      (r) => setDays(String(r.remindAfterDays)),
      setError,
    );
  }, [compoundId]);
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
            await api(`/api/v1/council/compounds/${compoundId}/settings`, {
              method: 'PUT',
              body: { remindAfterDays: Number.parseInt(days, 10) },
            });
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
