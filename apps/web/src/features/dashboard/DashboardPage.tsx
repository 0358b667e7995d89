import { DASHBOARD_LABELS, type Dashboard } from '@lianxin/shared';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { addStrings } from '../../i18n';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { belowOption, Chart, councilOption, ordersOption } from './Charts';
import { MonthTable } from './MonthTable';
import { useApi } from './useApi';
import './dashboard.css';

addStrings('dashboard', { 'zh-CN': { help: '怎样看' }, en: { help: 'How to read it' } });

const ROLES = ['district_admin', 'subdistrict_admin', 'community_worker', 'branch_secretary', 'platform_admin'];
const KIND_ORDER = ['district', 'subdistrict', 'community', 'compound'];

/** The widest node the caller may open a dashboard for. */
function topNode(roles: Array<{ role: string; nodeId: string; nodeKind: string }>): string | null {
  const mine = roles
    .filter((r) => ROLES.includes(r.role))
    .sort((a, b) => KIND_ORDER.indexOf(a.nodeKind) - KIND_ORDER.indexOf(b.nodeKind));
  return mine[0]?.nodeId ?? null;
}

/** Governance dashboard of a node: current figures, monthly charts, the level below to drill into, exports. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation('dashboard');
  const { me, loading } = useSession();
  const { nodeId } = useParams();
  const [params, setParams] = useSearchParams();
  const months = Number(params.get('months') ?? 12) || 12;
  const animation = params.get('static') !== '1' && !navigator.webdriver;
  const { data, error } = useApi<Dashboard>(nodeId ? `/api/v1/dashboard/${encodeURIComponent(nodeId)}?months=${months}` : null);
  const en = i18n.language === 'en';
  // A drill-down starts at the top of the next level, not where the link was.
  useEffect(() => {
    if (nodeId) window.scrollTo(0, 0);
  }, [nodeId]);
  const label = (k: keyof typeof DASHBOARD_LABELS) => (en ? DASHBOARD_LABELS[k].en : DASHBOARD_LABELS[k].zh);

  const options = useMemo(() => {
    if (!data) return null;
    const label = (k: keyof typeof DASHBOARD_LABELS) => (en ? DASHBOARD_LABELS[k].en : DASHBOARD_LABELS[k].zh);
    return {
      orders: ordersOption(
        data,
        { placed: label('ordersPlaced'), served: label('ordersServed'), hours: t('hoursSeries') },
        animation,
      ),
      council: councilOption(
        data,
        {
          raised: label('issuesRaised'),
          resolved: label('issuesResolved'),
          events: label('eventsHeld'),
          attendance: label('eventAttendance'),
        },
        animation,
      ),
      below: belowOption(data, label('ordersServed'), animation),
    };
  }, [data, animation, en, t]);

  if (!nodeId) {
    if (loading) return <Loading />;
    const top = me ? topNode(me.roles) : null;
    if (!me) return <Navigate to="/login" replace />;
    if (!top) return <Page title={t('title')}>{<p>{t('noScope')}</p>}</Page>;
    return <Navigate to={`/dashboard/${top}${params.toString() ? `?${params}` : ''}`} replace />;
  }

  const exportHref = (fmt: 'xlsx' | 'csv') =>
    `/api/v1/dashboard/${encodeURIComponent(nodeId)}/export.${fmt}?months=${months}&lang=${en ? 'en' : 'zh-CN'}`;
  const minutes = (n: number | null) => (n === null ? t('none') : t('minutes', { n }));
  const kind = (k: string) => t(`kind.${k}`, { defaultValue: k });

  // [label, figure, the list it opens (dashboard-lists.repository.ts), when it has one]
  const stockCards: Array<[string, number | string, string | null]> = data
    ? [
        [label('branches'), data.stock.branches, 'branches'],
        [label('demoSites'), data.stock.demoSites, 'demoSites'],
        [label('households'), data.stock.households, 'households'],
        [label('residents'), data.stock.residents, 'residents'],
        [label('partyMembers'), data.stock.partyMembers, 'partyMembers'],
        [label('volunteers'), data.stock.volunteers, 'volunteers'],
        [label('issuesOpen'), data.stock.issuesOpen, 'issuesOpen'],
        [label('compounds'), data.stock.compounds, 'compounds'],
      ]
    : [];
  const flowCards: Array<[string, number | string]> = data
    ? [
        [label('ordersPlaced'), data.total.ordersPlaced],
        [label('ordersServed'), data.total.ordersServed],
        [t('hoursSeries'), Math.round(data.total.hoursMinutes / 60)],
        [label('medianTakeMinutes'), minutes(data.total.medianTakeMinutes)],
        [label('issuesResolved'), `${data.total.issuesResolved} / ${data.total.issuesRaised}`],
        [t('decisions'), `${data.total.decisionsMade} / ${data.total.decisionsDelivered}`],
        [t('events'), `${data.total.eventsHeld} / ${data.total.eventAttendance}`],
        [label('votesHeld'), data.total.votesHeld],
      ]
    : [];

  return (
    <div className="dash-page">
      <Page
        title={data ? `${data.node.name}` : t('title')}
        actions={
          <div className="dash-actions no-print">
            <a className="btn btn-secondary" href={exportHref('xlsx')} download data-testid="export-xlsx">
              {t('exportXlsx')}
            </a>
            <a className="btn btn-secondary" href={exportHref('csv')} download data-testid="export-csv">
              {t('exportCsv')}
            </a>
            <Link className="btn btn-secondary" to="/help/dashboard">
              {t('help')}
            </Link>
          </div>
        }
      >
        {data && (
          <nav className="dash-trail" aria-label={t('trail')}>
            <ol>
              {data.trail.map((n) => (
                <li key={n.id}>
                  <Link to={`/dashboard/${n.id}?months=${months}`}>{n.name}</Link>
                </li>
              ))}
              <li aria-current="page">
                {kind(data.node.kind)} · {t('title')}
              </li>
            </ol>
          </nav>
        )}
        <div className="dash-toolbar">
          <label htmlFor="dash-months">{t('months')}</label>
          <select
            data-unsent=""
            id="dash-months"
            value={months}
            onChange={(e) => setParams({ months: e.target.value, ...(params.get('static') ? { static: '1' } : {}) })}
          >
            {[6, 12, 24].map((n) => (
              <option key={n} value={n}>
                {t('monthsN', { n })}
              </option>
            ))}
          </select>
          <span className="muted dash-refreshed">
            {data?.refreshedAt
              ? t('refreshed', { at: new Date(data.refreshedAt).toLocaleString(en ? 'en' : 'zh-CN') })
              : data
                ? t('notRefreshed')
                : ''}
          </span>
        </div>
        <ErrorNote error={error} />
        {!data && !error && <Loading />}
        {data && options && (
          <>
            <h2>{t('current')}</h2>
            <dl className="dash-kpis" data-testid="dash-stock">
              {stockCards.map(([k, v, list]) => {
                const shown = typeof v === 'number' ? v.toLocaleString(en ? 'en' : 'zh-CN') : v;
                return (
                  <div className="dash-kpi" key={k}>
                    <dt>{k}</dt>
                    <dd>
                      {list ? (
                        <Link to={`/dashboard/${encodeURIComponent(nodeId)}/lists/${list}`} data-figure={list}>
                          {shown}
                        </Link>
                      ) : (
                        shown
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
            <h2>{t('totals')}</h2>
            <dl className="dash-kpis" data-testid="dash-total">
              {flowCards.map(([k, v]) => (
                <div className="dash-kpi dash-kpi-flow" key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'number' ? v.toLocaleString(en ? 'en' : 'zh-CN') : v}</dd>
                </div>
              ))}
            </dl>
            <h2>{t('byMonth')}</h2>
            <div className="dash-charts">
              <figure className="card dash-figure">
                <figcaption>{t('chartOrders')}</figcaption>
                <Chart option={options.orders} label={t('chartOrdersDesc')} testId="chart-orders" />
              </figure>
              <figure className="card dash-figure">
                <figcaption>{t('chartCouncil')}</figcaption>
                <Chart option={options.council} label={t('chartCouncilDesc')} testId="chart-council" />
              </figure>
            </div>
            <MonthTable d={data} />
            {data.children.length > 0 && (
              <>
                <h2>{t('below')}</h2>
                <figure className="card dash-figure">
                  <figcaption>{t('chartBelow')}</figcaption>
                  <Chart
                    option={options.below}
                    label={t('chartBelowDesc')}
                    height={Math.max(160, 44 * data.children.length + 24)}
                    testId="chart-below"
                  />
                </figure>
                <ul className="list dash-children" data-testid="dash-children">
                  {data.children.map((c) => (
                    <li key={c.id}>
                      <Link className="list-button dash-child" to={`/dashboard/${c.id}?months=${months}`} data-node={c.id}>
                        <strong>{c.name}</strong>
                        <span className="muted">{kind(c.kind)}</span>
                        <span>
                          {label('households')} {c.stock.households.toLocaleString()} · {label('residents')}{' '}
                          {c.stock.residents.toLocaleString()} · {label('ordersServed')} {c.total.ordersServed.toLocaleString()}
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Page>
    </div>
  );
}
