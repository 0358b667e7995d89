import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import './boards.css';

interface Register {
  members: Array<{
    personId: string;
    name: string;
    door: string;
    phone: string | null;
    consent: boolean;
    history: Array<{ given: boolean; recordedAt: string; note: string }>;
  }>;
}

/** Staff record each member's consent to be named on the board: given or withdrawn, dated. */
export default function ConsentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('boards');
  const { data, error, reload } = useFetch<Register>(`/api/v1/boards/buildings/${id}/consents`);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<unknown>();
  if (error)
    return (
      <Page title={t('consents')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;

  async function record(personId: string, given: boolean) {
    setActionError(undefined);
    try {
      await api('/api/v1/boards/consents', { method: 'POST', body: { personId, given, note: notes[personId] ?? '' } });
      reload();
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <Page title={t('consents')}>
      <p>
        <Link to={`/boards/buildings/${id}`}>{t('title')}</Link>
      </p>
      <p className="field-hint">{t('consentNote')}</p>
      <ErrorNote error={actionError} />
      <ul className="list">
        {data.members.map((m) => (
          <li key={m.personId} className="list-item">
            <p>
              <strong>{m.name}</strong> {m.door} <span className="muted">{m.phone}</span>
            </p>
            <p className={m.consent ? 'consent-on' : 'consent-off'}>{m.consent ? `✓ ${t('given')}` : `✗ ${t('withdrawn')}`}</p>
            <div className="field">
              <label htmlFor={`note-${m.personId}`}>{t('note')}</label>
              <input
                name="note"
                id={`note-${m.personId}`}
                value={notes[m.personId] ?? ''}
                onChange={(e) => setNotes({ ...notes, [m.personId]: e.target.value })}
                maxLength={200}
              />
            </div>
            <button type="button" className="btn btn-secondary" onClick={() => record(m.personId, !m.consent)}>
              {m.consent ? t('withdraw') : t('give')}
            </button>
            {m.history.length > 0 && (
              <details>
                <summary>{t('history')}</summary>
                <ul>
                  {m.history.map((h) => (
                    <li key={h.recordedAt}>
                      {t(h.given ? 'historyGiven' : 'historyWithdrawn', { at: h.recordedAt.slice(0, 10) })} {h.note}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
