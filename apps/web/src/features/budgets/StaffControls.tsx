import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';

/** A datetime-local value (the browser's local time, as staff type it) a week from now. */
function weekAhead(): string {
  const d = new Date(Date.now() + 7 * 86400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Staff open the approval vote once every proposal is checked. */
export function OpenVotingForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation('budgets');
  const [at, setAt] = useState(weekAhead);
  const [error, setError] = useState<unknown>();
  return (
    <form
      className="form card"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          await api(`/api/v1/budgets/${id}/open-voting`, { method: 'POST', body: { closesAt: new Date(at).toISOString() } });
          onDone();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h2>{t('openVoting')}</h2>
      <div className="field">
        <label htmlFor="bg-closes">{t('votingCloses')}</label>
        <input
          name="closesAt"
          id="bg-closes"
          type="datetime-local"
          step={1}
          value={at}
          onChange={(e) => setAt(e.target.value)}
          required
        />
      </div>
      <ErrorNote error={error} />
      <button className="btn" type="submit">
        {t('openVoting')}
      </button>
    </form>
  );
}

/** After the closing time, staff publish the allocation (the server refuses before it). */
export function CloseButton({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation('budgets');
  const [error, setError] = useState<unknown>();
  return (
    <div className="card">
      <button
        type="button"
        className="btn"
        onClick={async () => {
          setError(undefined);
          try {
            await api(`/api/v1/budgets/${id}/close`, { method: 'POST' });
            onDone();
          } catch (err) {
            setError(err);
          }
        }}
      >
        {t('close')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
