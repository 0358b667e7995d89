import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { Reasons } from '../events/OccurrencePage';
import { OccurrenceItem } from '../events/WeekPage';
import { type GroupPageData, groupsApi } from './api';
import { forWhom } from './GroupsPage';
import '../events/events.css';

/** A group page: who it is for, its leaders, upcoming events, join or leave, and its calendar. */
export default function GroupPage() {
  const { t } = useTranslation('events');
  const { id = '' } = useParams();
  const { me, loading, hasRole } = useSession();
  const staff = hasRole(
    'branch_secretary',
    'committee_member',
    'community_worker',
    'subdistrict_admin',
    'district_admin',
    'platform_admin',
  );
  const [data, setData] = useState<GroupPageData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => {
    groupsApi.get(id).then(setData, setError);
  }, [id]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=/groups/${id}`} replace />;
  if (!data) return <Page title={t('groupsTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const g = data.group;
  const act = async (fn: () => Promise<void>, done: string) => {
    setActionError(null);
    setNote(null);
    try {
      await fn();
      setNote(done);
      load();
    } catch (err) {
      setActionError(err);
    }
  };
  const feed = `${window.location.origin}/api/v1/calendar/groups/${g.id}/feed.ics`;
  return (
    <Page title={g.name}>
      <div className="card">
        <p>{g.description}</p>
        <p className="ev-meta">
          {t('forWhom')}：{forWhom(t, g)} · {t('members', { n: g.memberCount })} · {g.nodeName}
        </p>
        {data.leaders.length > 0 && (
          <p className="ev-meta">
            {t('leaders')}：{data.leaders.join('、')}
          </p>
        )}
      </div>
      {note && (
        <p className="ok-note" role="status">
          {note}
        </p>
      )}
      {actionError !== null && (
        <div>
          <ErrorNote error={actionError} />
          <Reasons error={actionError} />
        </div>
      )}
      {data.myRole ? (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => act(() => groupsApi.leave(g.id), t('left'))}>
          {t('leave')}
        </button>
      ) : (
        <button type="button" className="btn btn-block" onClick={() => act(() => groupsApi.join(g.id), t('joined'))}>
          {t('join')}
        </button>
      )}
      {data.canLead && (
        <Link className="btn btn-secondary btn-block" to={`/events/new?group=${g.id}&node=${g.nodeId}`}>
          {t('newEvent')}
        </Link>
      )}
      <h2>{t('upcoming')}</h2>
      {data.upcoming.length === 0 && <p>{t('noUpcoming')}</p>}
      <ul className="list">
        {data.upcoming.map((o) => (
          <OccurrenceItem key={`${o.eventId}-${o.occKey}`} o={o} />
        ))}
      </ul>
      {data.members && (
        <>
          <h2>{t('membersTitle')}</h2>
          <ul className="list">
            {data.members.map((m) => (
              <li key={m.personId} className="list-item ev-row">
                <span>
                  {m.name}
                  {m.role === 'leader' ? ` · ${t('leaders')}` : ''}
                </span>
                {staff && m.role !== 'leader' && (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    onClick={() => act(() => groupsApi.appoint(g.id, m.personId, 'leader'), t('saved'))}
                  >
                    {t('makeLeader')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="ev-feed">
        <a href={feed.replace(/^https?:/, 'webcal:')}>{t('groupFeed')}</a>
      </p>
    </Page>
  );
}
