import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { eventsApi, formatAt, formatWhen, occurrencePath, type Ticket } from './api';
import { Qr } from './Qr';
import './events.css';

/** My tickets with their QR codes, attendance, and my private calendar link. */
export default function TicketsPage() {
  const { t, i18n } = useTranslation('events');
  const { me, loading } = useSession();
  const [data, setData] = useState<{ tickets: Ticket[]; attended: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    eventsApi.tickets().then(setData, setError);
  }, []);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/events/tickets" replace />;
  const lang = i18n.language;
  const upcoming = (data?.tickets ?? []).filter((x) => Date.parse(x.end) >= Date.now() - 3600_000).reverse();
  const past = (data?.tickets ?? []).filter((x) => Date.parse(x.end) < Date.now() - 3600_000);
  return (
    <Page title={t('myTickets')}>
      <ErrorNote error={error} onRetry={load} />
      {!data && !error && <Loading />}
      {data && <p className="muted">{t('attendedCount', { n: data.attended })}</p>}
      {data && data.tickets.length === 0 && <p>{t('noTickets')}</p>}
      <ul className="list">
        {upcoming.map((x) => (
          <li key={x.id} className="list-item ev-ticket" data-testid="ticket">
            <Link to={occurrencePath(x)} className="ev-card-title">
              {x.title}
            </Link>
            <p className="ev-meta">
              {formatWhen(x.start, x.end, lang)} · {x.place}
            </p>
            {x.occurrenceStatus === 'cancelled' ? (
              <p className="ev-tag ev-tag-cancelled">{t('cancelled')}</p>
            ) : x.status === 'waitlisted' ? (
              <p className="ev-tag ev-tag-full">{t('waitlisted')}</p>
            ) : (
              <>
                <Qr text={x.ticketCode} label={`${t('ticket')} ${x.ticketCode}`} />
                <p className="ev-code">{x.ticketCode}</p>
                {x.checkedInAt && <p className="ok-note">{t('checkedInAt', { at: formatAt(x.checkedInAt, lang) })}</p>}
              </>
            )}
          </li>
        ))}
      </ul>
      {past.length > 0 && (
        <>
          <h2>{t('attendanceTitle')}</h2>
          <ul className="list">
            {past.slice(0, 30).map((x) => (
              <li key={x.id} className="list-item">
                {x.title} · {formatWhen(x.start, null, lang)} ·{' '}
                {x.checkedInAt ? t('attended') : x.status === 'waitlisted' ? t('waitlisted') : t('notYet')}
              </li>
            ))}
          </ul>
        </>
      )}
      <CalendarLink />
    </Page>
  );
}

function CalendarLink() {
  const { t, i18n } = useTranslation('events');
  const [state, setState] = useState<{ active: boolean; createdAt: string | null } | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    eventsApi.calendar().then(setState, setError);
  }, []);
  useEffect(load, [load]);
  const make = async () => {
    try {
      const r = await eventsApi.newCalendar();
      setUrl(`${window.location.origin}${r.path}`);
      load();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async () => {
    try {
      await eventsApi.revokeCalendar();
      setUrl(null);
      load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card">
      <h2>{t('calendarTitle')}</h2>
      <p className="muted">{t('calendarHint')}</p>
      <ErrorNote error={error} />
      {url && (
        <p className="ev-feed">
          <a href={url.replace(/^https?:/, 'webcal:')}>{url}</a>
        </p>
      )}
      {state && !url && (
        <p>
          {state.active && state.createdAt
            ? t('calendarActive', { at: formatAt(state.createdAt, i18n.language) })
            : t('calendarNone')}
        </p>
      )}
      <button type="button" className="btn btn-secondary btn-block" onClick={make}>
        {state?.active ? t('calendarRenew') : t('calendarMake')}
      </button>
      {state?.active && (
        <button type="button" className="btn btn-secondary btn-block" onClick={revoke}>
          {t('calendarRevoke')}
        </button>
      )}
    </section>
  );
}
