import type { TFunction } from 'i18next';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { eventsApi, formatAt, formatWhen, type OccurrencePageData } from './api';
import { Qr } from './Qr';
import './events.css';

/** The reasons a server refusal carries (audience rule), said under the error. */
export function Reasons({ error }: { error: unknown }) {
  const reasons = error instanceof ApiError ? ((error.details as { reasons?: string[] } | undefined)?.reasons ?? []) : [];
  if (!reasons.length) return null;
  return (
    <ul data-testid="refusal-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function audienceText(t: TFunction<'events'>, e: OccurrencePageData['event']): string {
  if (e.minAge !== null && e.maxAge !== null) return t('ageRange', { min: e.minAge, max: e.maxAge });
  if (e.minAge !== null) return t('ageMin', { n: e.minAge });
  if (e.maxAge !== null) return t('ageMax', { n: e.maxAge });
  return e.tags.length ? e.tags.join('、') : t('everyone');
}

/** One occurrence: details, who may come, sign-up or the ticket; for organisers the list and changes. */
export default function OccurrencePage() {
  const { t, i18n } = useTranslation('events');
  const { eventId = '', occKey = '' } = useParams();
  const { me, loading } = useSession();
  const location = useLocation();
  const [data, setData] = useState<OccurrencePageData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    eventsApi.occurrence(eventId, occKey).then(setData, setError);
  }, [eventId, occKey]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);

  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!data) return <Page title={t('weekTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;

  const { event, occurrence: o, mySignup } = data;
  const lang = i18n.language;
  const now = Date.now();
  const notOpen = data.signupOpensAt !== null && Date.parse(data.signupOpensAt) > now;
  const closed = Date.parse(data.signupClosesAt) <= now;
  const full = o.capacity !== null && o.taken >= o.capacity;

  async function act(fn: () => Promise<unknown>, done?: string): Promise<boolean> {
    setBusy(true);
    setActionError(null);
    setNote(null);
    try {
      await fn();
      if (done) setNote(done);
      load();
      return true;
    } catch (err) {
      setActionError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={o.title}>
      <div className="card">
        <dl className="ev-dl">
          <dt>{t('when')}</dt>
          <dd data-testid="occ-when">{formatWhen(o.start, o.end, lang)}</dd>
          <dt>{t('place')}</dt>
          <dd>{o.place}</dd>
          <dt>{t('audience')}</dt>
          <dd>{audienceText(t, event)}</dd>
          <dt>{t('organiser')}</dt>
          <dd>{event.organiserName}</dd>
        </dl>
        {event.description && <p style={{ marginTop: 8 }}>{event.description}</p>}
        <p className="ev-meta">{o.capacity === null ? t('placesFree') : t('places', { taken: o.taken, capacity: o.capacity })}</p>
      </div>

      {o.status === 'cancelled' && (
        <p className="error-note" role="status">
          {t('occurrenceCancelledNote')}
        </p>
      )}
      {note && (
        <p className="ok-note" role="status">
          {note}
        </p>
      )}
      {actionError !== null && (
        <div data-testid="action-error">
          <ErrorNote error={actionError} />
          <Reasons error={actionError} />
        </div>
      )}

      {mySignup?.status === 'confirmed' && (
        <section className="card ev-ticket" data-testid="my-ticket">
          <h2>{t('youAreIn')}</h2>
          <Qr text={mySignup.ticketCode} label={`${t('ticket')} ${mySignup.ticketCode}`} />
          <p>
            {t('ticketCode')}:{' '}
            <span className="ev-code" data-testid="ticket-code">
              {mySignup.ticketCode}
            </span>
          </p>
          {mySignup.checkedInAt ? (
            <p className="ok-note">{t('checkedInAt', { at: formatAt(mySignup.checkedInAt, lang) })}</p>
          ) : (
            <p className="muted">{t('ticketHint')}</p>
          )}
        </section>
      )}
      {mySignup?.status === 'waitlisted' && (
        <p className="card" data-testid="my-wait">
          {t('youWait', { n: data.waitPosition ?? 1 })}
        </p>
      )}
      {mySignup && !mySignup.checkedInAt && o.status !== 'cancelled' && (
        <button
          type="button"
          className="btn btn-secondary btn-block"
          disabled={busy}
          onClick={() => act(() => eventsApi.cancel(mySignup.id), t('cancelledOk'))}
        >
          {t('cancelSignup')}
        </button>
      )}

      {!mySignup && o.status !== 'cancelled' && data.refusals.length > 0 && (
        <div className="error-note" role="status" data-testid="refusal">
          <strong>{t('notEligible')}</strong>
          <ul>
            {data.refusals.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {!mySignup && o.status !== 'cancelled' && data.refusals.length === 0 && (
        <>
          {notOpen && data.signupOpensAt && (
            <p className="muted">{t('signupOpensAt', { at: formatAt(data.signupOpensAt, lang) })}</p>
          )}
          {closed && <p className="muted">{t('signupClosed')}</p>}
          {!notOpen && !closed && (
            <button
              type="button"
              className="btn btn-block"
              disabled={busy}
              onClick={() => act(() => eventsApi.signUp(eventId, occKey))}
              data-testid="sign-up"
            >
              {busy ? t('signingUp') : full ? t('joinWaitlist') : t('signUp')}
            </button>
          )}
        </>
      )}

      {event.canManage && <OrganiserPanel data={data} busy={busy} act={act} />}
      <Link to="/events">{t('back')}</Link>
    </Page>
  );
}

function OrganiserPanel({
  data,
  busy,
  act,
}: {
  data: OccurrencePageData;
  busy: boolean;
  act: (fn: () => Promise<unknown>, done?: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation('events');
  const o = data.occurrence;
  const [attendance, setAttendance] = useState<Array<{
    occKey: string;
    start: string;
    confirmed: number;
    waitlisted: number;
    attended: number;
  }> | null>(null);
  const [start, setStart] = useState(() => localInput(o.start));
  const [place, setPlace] = useState(o.place);
  useEffect(() => {
    eventsApi.attendance(o.eventId).then(
      (r) => setAttendance(r.occurrences),
      () => setAttendance(null),
    );
  }, [o.eventId]);
  const onChange = (e: FormEvent) => {
    e.preventDefault();
    void act(() => eventsApi.changeOccurrence(o.eventId, o.occKey, { start, place }), t('saved'));
  };
  return (
    <section>
      <h2>{t('roster')}</h2>
      <Link className="btn btn-block" to={`/events/checkin?event=${o.eventId}`}>
        {t('checkin')}
      </Link>
      <ul className="list ev-roster" data-testid="roster">
        {(data.roster ?? []).map((r) => (
          <li key={r.signupId} className="list-item">
            <span>{r.name}</span>
            <span>
              {r.status === 'waitlisted'
                ? t('waitlisted')
                : r.checkedInAt
                  ? `${t('attended')} ${formatAt(r.checkedInAt, i18n.language)}`
                  : t('notYet')}
            </span>
          </li>
        ))}
      </ul>
      {o.recurring && o.status !== 'cancelled' && (
        <form className="form card" onSubmit={onChange}>
          <h3>{t('changeOne')}</h3>
          <Field
            name="start"
            label={t('fStart')}
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
          <Field name="place" label={t('fPlace')} value={place} maxLength={80} onChange={(e) => setPlace(e.target.value)} />
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t('saveChange')}
          </button>
        </form>
      )}
      <button
        type="button"
        className="btn btn-secondary btn-block"
        disabled={busy}
        onClick={() => act(() => eventsApi.changeOccurrence(o.eventId, o.occKey, { cancelled: o.status !== 'cancelled' }))}
      >
        {o.status === 'cancelled' ? t('restoreOccurrence') : t('cancelOccurrence')}
      </button>
      <SeriesForm data={data} busy={busy} act={act} />
      {attendance && attendance.length > 0 && (
        <>
          <h2>{t('attendanceTitle')}</h2>
          <ul className="list" data-testid="attendance">
            {attendance.slice(0, 14).map((a) => (
              <li key={a.occKey} className="list-item">
                <strong>{formatWhen(a.start, null, i18n.language)}</strong> ·{' '}
                {t('attendanceRow', { c: a.confirmed, a: a.attended, w: a.waitlisted })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** An ISO instant as the value of a datetime-local input in Shanghai time. */
function localInput(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);
}

/** Edit the whole series (title, place, places) or cancel it. */
function SeriesForm({
  data,
  busy,
  act,
}: {
  data: OccurrencePageData;
  busy: boolean;
  act: (fn: () => Promise<unknown>, done?: string) => Promise<boolean>;
}) {
  const { t } = useTranslation('events');
  const navigate = useNavigate();
  const e = data.event;
  const [title, setTitle] = useState(e.title);
  const [place, setPlace] = useState(e.place);
  const [capacity, setCapacity] = useState(e.capacity === null ? '' : String(e.capacity));
  // Asked in the page, not in a pop-up (长辈版: no pop-ups).
  const [confirming, setConfirming] = useState(false);
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    void act(
      () => eventsApi.updateSeries(e.id, { title, place, capacity: capacity.trim() === '' ? null : Number(capacity) }),
      t('saved'),
    );
  };
  return (
    <form className="form card" onSubmit={onSubmit}>
      <h3>{e.rrule ? t('editSeries') : t('editEvent')}</h3>
      <Field name="title" label={t('fTitle')} value={title} maxLength={80} onChange={(x) => setTitle(x.target.value)} />
      <Field name="place" label={t('fPlace')} value={place} maxLength={80} onChange={(x) => setPlace(x.target.value)} />
      <Field
        name="capacity"
        label={t('fCapacity')}
        type="number"
        inputMode="numeric"
        min={1}
        value={capacity}
        onChange={(x) => setCapacity(x.target.value)}
      />
      <button type="submit" className="btn btn-secondary" disabled={busy}>
        {t('saveChange')}
      </button>
      {confirming ? (
        <div className="error-note" role="alert">
          <span>{t('cancelSeriesConfirm')}</span>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void act(() => eventsApi.cancelSeries(e.id)).then((ok) => ok && navigate('/events'))}
          >
            {t('cancelSeries')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
            {t('back')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setConfirming(true)}>
          {t('cancelSeries')}
        </button>
      )}
    </form>
  );
}
