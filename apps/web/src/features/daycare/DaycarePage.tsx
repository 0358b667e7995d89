import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { formatAt } from '../events/api';
import '../events/events.css';

interface DaycareDay {
  nodeName: string;
  day: string;
  present: number;
  elders: Array<{ personId: string; name: string; age: number; checkedInAt: string | null }>;
  recent: Array<{ day: string; count: number }>;
}

/** Day-care centre (日间照料中心): today's elders, one tap to check each in. */
export default function DaycarePage() {
  const { t, i18n } = useTranslation('events');
  const { me, loading } = useSession();
  const [params, setParams] = useSearchParams();
  const [centres, setCentres] = useState<Array<{ nodeId: string; nodeName: string; groupName: string }> | null>(null);
  const nodeId = params.get('node') ?? centres?.[0]?.nodeId ?? '';
  const [data, setData] = useState<DaycareDay | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [rowError, setRowError] = useState<{ personId: string; message: string } | null>(null);
  useEffect(() => {
    if (me)
      api<{ centres: Array<{ nodeId: string; nodeName: string; groupName: string }> }>('/api/v1/daycare').then(
        (r) => setCentres(r.centres),
        setError,
      );
  }, [me]);
  const load = useCallback(() => {
    if (!nodeId) return;
    setError(null);
    api<DaycareDay>(`/api/v1/daycare/${nodeId}`).then(setData, setError);
  }, [nodeId]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/daycare" replace />;
  const checkIn = async (personId: string) => {
    setRowError(null);
    try {
      await api(`/api/v1/daycare/${nodeId}/checkins`, { method: 'POST', body: { personId } });
    } catch (err) {
      const at = err instanceof ApiError ? (err.details as { checkedInAt?: string } | undefined)?.checkedInAt : undefined;
      setRowError({
        personId,
        message: at ? t('daycareDone', { at: formatAt(at, i18n.language) }) : err instanceof Error ? err.message : String(err),
      });
    }
    load();
  };
  return (
    <Page title={t('daycareTitle')}>
      {centres && centres.length > 1 && (
        <div className="field">
          <label htmlFor="dc-node">{t('daycarePick')}</label>
          <select data-unsent="" id="dc-node" value={nodeId} onChange={(e) => setParams({ node: e.target.value })}>
            {centres.map((c) => (
              <option key={c.nodeId} value={c.nodeId}>
                {c.nodeName} · {c.groupName}
              </option>
            ))}
          </select>
        </div>
      )}
      {centres && !nodeId && <p>{t('noAccess')}</p>}
      <ErrorNote error={error} onRetry={load} />
      {nodeId && !data && !error && <Loading />}
      {data && (
        <>
          <p className="big" role="status">
            {data.nodeName} · {data.day} · {t('daycarePresent', { n: data.present })}
          </p>
          <Field
            data-unsent=""
            label={t('findByName')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            type="search"
            data-testid="daycare-search"
          />
          <ul className="list">
            {data.elders
              .filter((e) => !query.trim() || e.name.includes(query.trim()))
              .slice(0, 60)
              .map((e) => (
                <li key={e.personId} className="list-item ev-row" data-testid="daycare-elder">
                  <span>
                    <strong>{e.name}</strong> <span className="muted">{t('age', { n: e.age })}</span>
                  </span>
                  {e.checkedInAt ? (
                    <span className="ev-tag ev-tag-ok">✓ {t('daycareDone', { at: formatAt(e.checkedInAt, i18n.language) })}</span>
                  ) : (
                    <button
                      type="button"
                      className="btn"
                      onClick={() => checkIn(e.personId)}
                      aria-label={`${t('daycareCheckIn')} ${e.name}`}
                    >
                      {t('daycareCheckIn')}
                    </button>
                  )}
                  {rowError?.personId === e.personId && <p className="error-note">{rowError.message}</p>}
                </li>
              ))}
          </ul>
          {data.elders.filter((e) => !query.trim() || e.name.includes(query.trim())).length > 60 && (
            <p className="muted">{t('showing')}</p>
          )}
          <h2>{t('daycareRecent')}</h2>
          <ul className="list">
            {data.recent.map((r) => (
              <li key={r.day} className="list-item">
                {r.day}：{r.count}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
