import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { type HealthResult, healthApi } from './api';
import '../events/events.css';

/** One person's health-check results: the resident's own, or for medical staff. Each view is audited by the server. */
export default function ResultsPage() {
  const { t } = useTranslation('events');
  const { personId } = useParams();
  const { me, loading } = useSession();
  const [data, setData] = useState<{ name: string; results: HealthResult[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (me) healthApi.results(personId).then(setData, setError);
  }, [me, personId]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/health/me" replace />;
  return (
    <Page title={data && personId ? `${t('myResults')} · ${data.name}` : t('myResults')}>
      <p className="muted">{t('resultsPrivacy')}</p>
      <ErrorNote error={error} />
      {!data && !error && <Loading />}
      {data && data.results.length === 0 && <p>{t('noResults')}</p>}
      <ul className="list">
        {(data?.results ?? []).map((r) => (
          <li key={r.id} className="list-item">
            <strong>
              {r.measuredOn}
              {r.eventTitle ? ` · ${r.eventTitle}` : ''}
            </strong>
            <dl className="ev-dl">
              {r.systolic !== null && (
                <>
                  <dt>{t('bp')}</dt>
                  <dd>
                    {r.systolic}/{r.diastolic ?? '—'} mmHg
                  </dd>
                </>
              )}
              {r.heartRate !== null && (
                <>
                  <dt>{t('hr')}</dt>
                  <dd>{r.heartRate}</dd>
                </>
              )}
              {r.glucose !== null && (
                <>
                  <dt>{t('glu')}</dt>
                  <dd>{r.glucose} mmol/L</dd>
                </>
              )}
            </dl>
            {r.note && <p>{r.note}</p>}
          </li>
        ))}
      </ul>
    </Page>
  );
}
