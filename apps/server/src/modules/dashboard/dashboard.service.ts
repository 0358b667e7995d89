import type { Dashboard, Flow, Role, Stock } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { type AuthContext, loadReachableNode, reaches } from '../accounts/policy';
import { todayInChina } from '../volunteers/dates';
import type { DashboardRepository } from './dashboard.repository';
import { MONTH_NUMERIC, type MonthFacts, type StockFacts } from './dashboard-sources.repository';
import { countOf, type Histogram, medianOf, parseHistogram } from './histogram';

/** Who opens dashboards: staff and admins, each within their own subtree. */
export const DASHBOARD_ROLES: readonly Role[] = [
  'branch_secretary',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** The last `n` months up to `until` (YYYY-MM), oldest first. */
export function monthsBack(until: string, n: number): string[] {
  let [y, m] = until.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

function toStock(r: Partial<StockFacts> | undefined): Stock {
  const v = (k: keyof StockFacts) => Number(r?.[k] ?? 0);
  return {
    compounds: v('compounds'),
    branches: v('branches'),
    demoSites: v('demo_sites'),
    households: v('households'),
    residents: v('residents'),
    partyMembers: v('party_members'),
    volunteers: v('volunteers'),
    issuesOpen: v('issues_open'),
  };
}

type Numbers = Partial<Record<Exclude<keyof MonthFacts, 'take_hist'>, number | string | null>>;

function toFlow(r: Numbers | undefined, hist: Histogram): Flow {
  const v = (k: Exclude<keyof MonthFacts, 'take_hist'>) => Number(r?.[k] ?? 0);
  return {
    ordersPlaced: v('orders_placed'),
    ordersServed: v('orders_served'),
    hoursMinutes: v('hours_minutes'),
    hoursEntries: v('hours_entries'),
    issuesRaised: v('issues_raised'),
    issuesResolved: v('issues_resolved'),
    decisionsMade: v('decisions_made'),
    decisionsDelivered: v('decisions_delivered'),
    eventsHeld: v('events_held'),
    eventAttendance: v('event_attendance'),
    votesHeld: v('votes_held'),
    medianTakeMinutes: medianOf(hist),
    takeCount: countOf(hist),
  };
}

export interface DashboardDeps {
  db: Kysely<DB>;
  dashboard: DashboardRepository;
  clock?: () => Date;
}

/**
 * Reads a node's dashboard from the rollups: a fixed number of rows (one stock row, one row per
 * month, and the children's), never a scan of orders or people.
 */
export function createDashboardService(deps: DashboardDeps) {
  const { db, dashboard } = deps;
  const clock = deps.clock ?? (() => new Date());

  return {
    async view(auth: AuthContext | null, nodeId: string, opts: { months: number; until?: string }): Promise<Dashboard> {
      const node = await loadReachableNode(db, auth, nodeId, DASHBOARD_ROLES);
      // This month as Beijing's calendar has it (UTC is still in last month until 08:00 on the 1st).
      const until = opts.until ?? todayInChina(clock()).slice(0, 7);
      const months = monthsBack(until, opts.months);
      const ancestorIds = node.path.split('/').filter(Boolean).slice(0, -1);
      const { ancestors, children } = await dashboard.related(node.id, ancestorIds);
      const ids = [node.id, ...children.map((c) => c.id)];
      const [figures, stocks] = await Promise.all([
        dashboard.figures(node.id, ids, months[0] as string, months[months.length - 1] as string),
        dashboard.stockRows(ids, 'total'),
      ]);
      const totalOf = new Map(figures.filter((r) => r.month === 'all').map((t) => [t.node_id, t]));
      const monthRows = figures.filter((r) => r.node_id === node.id && r.month !== 'all');
      const histOf = (id: string) => parseHistogram(totalOf.get(id)?.take_hist);
      const stockOf = new Map(stocks.map((s) => [s.node_id, s]));
      const stockRows = stocks.filter((s) => s.node_id === node.id);
      const byMonth = new Map(monthRows.map((r) => [r.month, r]));
      const byDepth = new Map(ancestors.map((a) => [a.id, a]));
      const refreshed = [...monthRows.map((r) => r.updated_at), ...stockRows.map((r) => r.updated_at)].sort().pop() ?? null;
      return {
        node: { id: node.id, name: node.name, kind: node.kind },
        trail: ancestorIds
          .map((id) => byDepth.get(id))
          .filter((a): a is NonNullable<typeof a> => !!a && reaches(auth, a.path, DASHBOARD_ROLES))
          .map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
        stock: toStock(stockRows[0]),
        total: toFlow(totalOf.get(node.id), histOf(node.id)),
        months: months.map((month) => {
          const r = byMonth.get(month);
          return { month, ...toFlow(r, parseHistogram(r?.take_hist)) };
        }),
        children: children.map((c) => ({
          id: c.id,
          name: c.name,
          kind: c.kind,
          stock: toStock(stockOf.get(c.id)),
          total: toFlow(totalOf.get(c.id), histOf(c.id)),
        })),
        refreshedAt: refreshed,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export { MONTH_NUMERIC };
