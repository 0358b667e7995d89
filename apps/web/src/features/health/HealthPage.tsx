import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { type HealthEvent, healthApi } from './api';
import '../events/events.css';

const ORGANISERS = [
  'medical_staff',
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** Health checks: my own results for everyone; the organiser's events for medical staff and staff. */
export default function HealthPage() {
  const { t } = useTranslation('events');
  const { me, loading, hasRole } = useSession();
  const organiser = hasRole(...ORGANISERS);
  const [events, setEvents] = useState<HealthEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (me && organiser) healthApi.events().then((r) => setEvents(r.events), setError);
  }, [me, organiser]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/health" replace />;
  return (
    <Page title={t('healthTitle')}>
      <Link className="btn btn-block" to="/health/me">
        {t('myResults')}
      </Link>
      {organiser && (
        <>
          <h2>{t('healthEvents')}</h2>
          <ErrorNote error={error} />
          {!events && !error && <Loading />}
          <ul className="list">
            {(events ?? []).map((e) => (
              <li key={e.id} className="list-item">
                <Link to={`/health/events/${e.id}`} className="ev-card">
                  <span className="ev-card-title">{e.title}</span>
                  <p className="ev-meta">
                    {e.nodeName} · {e.place}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
          {hasRole('medical_staff') && (
            <Link className="btn btn-secondary btn-block" to="/events/new">
              {t('newEvent')}
            </Link>
          )}
        </>
      )}
    </Page>
  );
}
