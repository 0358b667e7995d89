import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { eventsApi, formatWhen, type Occurrence, occurrencePath, shanghaiDay } from './api';
import './events.css';

const ORGANISER_ROLES = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'medical_staff',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** One occurrence in a list, with its state in words. */
export function OccurrenceItem({ o }: { o: Occurrence }) {
  const { t, i18n } = useTranslation('events');
  const full = o.capacity !== null && o.taken >= o.capacity;
  return (
    <li className="list-item" data-testid="occurrence">
      <Link to={occurrencePath(o)} className="ev-card">
        <span className="ev-card-title">{o.title}</span>
        <p className="ev-meta">
          {formatWhen(o.start, o.end, i18n.language)} · {o.place}
        </p>
        <p className="ev-meta">
          {o.status === 'cancelled' && <span className="ev-tag ev-tag-cancelled">{t('cancelled')}</span>}
          {o.changed && o.status !== 'cancelled' && <span className="ev-tag">{t('changed')}</span>}
          {o.status !== 'cancelled' &&
            (o.capacity === null ? (
              <span className="ev-tag ev-tag-ok">{t('placesFree')}</span>
            ) : full ? (
              <span className="ev-tag ev-tag-full">{t('full')}</span>
            ) : (
              <span className="ev-tag ev-tag-ok">{t('places', { taken: o.taken, capacity: o.capacity })}</span>
            ))}
        </p>
      </Link>
    </li>
  );
}

/** What's on this week in my compound, day by day. */
export default function WeekPage() {
  const { t, i18n } = useTranslation('events');
  const { me, loading, hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? shanghaiDay(new Date());
  const node = params.get('node') ?? undefined;
  const [data, setData] = useState<{ occurrences: Occurrence[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    eventsApi.week(from, node).then(setData, setError);
  }, [from, node]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/events" replace />;
  const shift = (days: number) => {
    const d = new Date(`${from}T00:00:00Z`);
    const next = new Date(d.getTime() + days * 86400_000).toISOString().slice(0, 10);
    setParams(node ? { from: next, node } : { from: next });
  };
  const byDay = new Map<string, Occurrence[]>();
  for (const o of data?.occurrences ?? []) {
    const day = new Date(o.start).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
    });
    byDay.set(day, [...(byDay.get(day) ?? []), o]);
  }
  const places = [
    ...new Map(
      me.roles.filter((r) => r.nodeKind === 'compound' || r.nodeKind === 'community').map((r) => [r.nodeId, r]),
    ).values(),
  ];
  const home = places.find((r) => r.nodeId === node) ?? me.roles.find((r) => r.nodeKind === 'compound');
  const compound = home?.nodeName ?? data?.occurrences[0]?.nodeName ?? '';
  const compoundId = home?.nodeId ?? null;
  return (
    <Page title={t('weekTitle')}>
      <div className="ev-links">
        <Link className="btn btn-secondary" to="/events/tickets">
          {t('myTickets')}
        </Link>
        <Link className="btn btn-secondary" to="/groups">
          {t('groups')}
        </Link>
        {hasRole(...ORGANISER_ROLES) && (
          <Link className="btn btn-secondary" to="/events/checkin">
            {t('checkin')}
          </Link>
        )}
        {hasRole(...ORGANISER_ROLES) && (
          <Link className="btn btn-secondary" to="/events/new">
            {t('newEvent')}
          </Link>
        )}
      </div>
      {params.get('created') && (
        <p className="ok-note" role="status">
          {t('created')}
        </p>
      )}
      {places.length > 1 && (
        <div className="field">
          <label htmlFor="week-node">{t('daycarePick')}</label>
          <select
            data-unsent=""
            id="week-node"
            value={node ?? ''}
            onChange={(e) => setParams(e.target.value ? { from, node: e.target.value } : { from })}
          >
            <option value="">{t('myPlace')}</option>
            {places.map((p) => (
              <option key={p.nodeId} value={p.nodeId}>
                {p.nodeName}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="muted">{t('weekOf', { compound, from })}</p>
      <div className="ev-week-nav">
        <button type="button" className="btn btn-secondary" onClick={() => shift(-7)}>
          {t('prevWeek')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => shift(7)}>
          {t('nextWeek')}
        </button>
      </div>
      <ErrorNote error={error} onRetry={load} />
      {!data && !error && <Loading />}
      {data && data.occurrences.length === 0 && <p>{t('nothing')}</p>}
      {compoundId && (
        <p className="ev-feed">
          <a href={`webcal://${window.location.host}/api/v1/calendar/nodes/${compoundId}/feed.ics`}>{t('calendarCompound')}</a>
        </p>
      )}
      {[...byDay.entries()].map(([day, list]) => (
        <section key={day}>
          <h2 className="ev-day">{day}</h2>
          <ul className="list">
            {list.map((o) => (
              <OccurrenceItem key={`${o.eventId}-${o.occKey}`} o={o} />
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
