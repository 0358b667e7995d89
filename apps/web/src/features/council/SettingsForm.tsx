import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import './strings';

interface Settings {
  remindAfterDays: number;
  quorum: number | null;
  members: number;
  quorumRequired: number;
}

function fill(r: Settings, set: { current: (s: Settings) => void; days: (d: string) => void; quorum: (q: string) => void }) {
  set.current(r);
  set.days(String(r.remindAfterDays));
  set.quorum(r.quorum === null ? '' : String(r.quorum));
}

/** The compound's reminder limit for untouched issues and the council's quorum (staff only). */
export function SettingsForm({ compoundId }: { compoundId: string }) {
  const { t } = useTranslation('council');
  const [days, setDays] = useState('');
  const [quorum, setQuorum] = useState('');
  const [current, setCurrent] = useState<Settings>();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const show = (r: Settings) => fill(r, { current: setCurrent, days: setDays, quorum: setQuorum });
  useEffect(() => {
    if (!compoundId) return;
    api<Settings>(`/api/v1/council/compounds/${compoundId}/settings`).then(
      (r) => fill(r, { current: setCurrent, days: setDays, quorum: setQuorum }),
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
          setFields({});
          setSaved(false);
          try {
            show(
              await api<Settings>(`/api/v1/council/compounds/${compoundId}/settings`, {
                method: 'PUT',
                body: {
                  remindAfterDays: Number.parseInt(days, 10),
                  quorum: quorum.trim() ? Number.parseInt(quorum, 10) : null,
                },
              }),
            );
            setSaved(true);
          } catch (err) {
            setError(err);
            if (err instanceof ApiError) setFields(err.fieldErrors());
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
          error={fields.remindAfterDays}
        />
        <Field
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
