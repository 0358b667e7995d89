import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { hours, todayChina, useApi } from '../volunteers/useApi';
import type { Certificate, Entry } from './types';
import './hours.css';

/** My hours: the total, every entry, certificate requests and PDFs. */
export default function MyHoursPage() {
  const { t } = useTranslation('hours');
  const { me, loading, hasRole } = useSession();
  const ledger = useApi<{ totalMinutes: number; entries: Entry[] }>(me ? '/api/v1/hours/mine' : null);
  const certs = useApi<{ certificates: Certificate[] }>(me ? '/api/v1/certificates/mine' : null);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/hours" replace />;
  return (
    <Page title={t('title')}>
      <ErrorNote error={ledger.error} onRetry={ledger.reload} />
      {ledger.data && (
        <p className="big-number card" data-testid="hours-total">
          {t('total', { hours: hours(ledger.data.totalMinutes), minutes: ledger.data.totalMinutes })}
        </p>
      )}
      <section aria-labelledby="certs-h">
        <h2 id="certs-h">{t('myCerts')}</h2>
        {certs.data?.certificates.length === 0 && <p className="muted">{t('noCerts')}</p>}
        <ul className="list" data-testid="my-certs">
          {certs.data?.certificates.map((c) => (
            <li key={c.id} className="list-item entry">
              <span className="entry-head">
                <span>{t('certLine', { from: c.periodFrom, to: c.periodTo })}</span>
                <span className={`cert-status ${c.status}`}>{t(`status.${c.status}`)}</span>
              </span>
              {c.number && <span>{t('number', { number: c.number })}</span>}
              {c.minutes !== null && <span>{t('hoursUnit', { hours: hours(c.minutes) })}</span>}
              {c.status === 'issued' && (
                <a className="btn btn-secondary" href={`/api/v1/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer">
                  {t('download')}
                </a>
              )}
              {c.status === 'issued' && c.number && <Link to={`/verify/${c.number}`}>{t('verifyTitle')}</Link>}
            </li>
          ))}
        </ul>
        {hasRole('volunteer') && <AskCertificate onAsked={certs.reload} />}
      </section>
      <h2>{t('ledger')}</h2>
      {!ledger.data && !ledger.error && <Loading />}
      {ledger.data?.entries.length === 0 && <p className="muted">{t('empty')}</p>}
      <ul className="list" data-testid="hours-entries">
        {ledger.data?.entries.map((e) => (
          <li key={e.id} className="list-item entry">
            <span className="entry-head">
              <span>
                {e.servedOn} · {t(`sources.${e.sourceType}`)}
              </span>
              <span>{t('minutesUnit', { n: e.minutes })}</span>
            </span>
            <span className="entry-activity">{e.activity}</span>
            <span className="muted">
              {e.place} · {t('organiser', { name: e.organiser })}
            </span>
            {e.reason && <span>{t('reason', { reason: e.reason })}</span>}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function AskCertificate({ onAsked }: { onAsked: () => void }) {
  const { t } = useTranslation('hours');
  const today = todayChina();
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
  const [to, setTo] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOk(false);
    try {
      await api('/api/v1/certificates', { method: 'POST', body: { periodFrom: from, periodTo: to, note: note.trim() } });
      setOk(true);
      onAsked();
    } catch (err) {
      setError(err);
    }
  }
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <form className="form card" onSubmit={submit}>
      <h3>{t('certAsk')}</h3>
      <Field
        name="periodFrom"
        label={t('periodFrom')}
        type="date"
        value={from}
        max={today}
        onChange={(e) => setFrom(e.target.value)}
        error={fields.periodFrom}
        required
      />
      <Field
        name="periodTo"
        label={t('periodTo')}
        type="date"
        value={to}
        max={today}
        onChange={(e) => setTo(e.target.value)}
        error={fields.periodTo}
        required
      />
      <Field name="note" label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
      <ErrorNote error={error} />
      {ok && (
        <p className="ok-note" role="status">
          ✓ {t('asked')}
        </p>
      )}
      <button type="submit" className="btn btn-block" data-testid="ask-cert">
        {t('certAsk')}
      </button>
    </form>
  );
}
