import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../../db/database';
import type { DB } from '../../db/schema';
import { OPEN_ISSUE_STATUSES } from './dashboard-lists.repository';
import { bucketSql, type Histogram } from './histogram';

/** Flow figures of one fact node in one month, as computed from the source tables. */
export interface MonthFacts {
  orders_placed: number;
  orders_served: number;
  hours_minutes: number;
  hours_entries: number;
  take_count: number;
  take_hist: Histogram;
  issues_raised: number;
  issues_resolved: number;
  decisions_made: number;
  decisions_delivered: number;
  events_held: number;
  event_attendance: number;
  votes_held: number;
}

export interface StockFacts {
  compounds: number;
  branches: number;
  demo_sites: number;
  households: number;
  residents: number;
  party_members: number;
  volunteers: number;
  issues_open: number;
}

export const MONTH_NUMERIC: ReadonlyArray<Exclude<keyof MonthFacts, 'take_hist'>> = [
  'orders_placed',
  'orders_served',
  'hours_minutes',
  'hours_entries',
  'take_count',
  'issues_raised',
  'issues_resolved',
  'decisions_made',
  'decisions_delivered',
  'events_held',
  'event_attendance',
  'votes_held',
];
export const STOCK_NUMERIC: ReadonlyArray<keyof StockFacts> = [
  'compounds',
  'branches',
  'demo_sites',
  'households',
  'residents',
  'party_members',
  'volunteers',
  'issues_open',
];

export function emptyMonth(): MonthFacts {
  return {
    orders_placed: 0,
    orders_served: 0,
    hours_minutes: 0,
    hours_entries: 0,
    take_count: 0,
    take_hist: {},
    issues_raised: 0,
    issues_resolved: 0,
    decisions_made: 0,
    decisions_delivered: 0,
    events_held: 0,
    event_attendance: 0,
    votes_held: 0,
  };
}
export function emptyStock(): StockFacts {
  return {
    compounds: 0,
    branches: 0,
    demo_sites: 0,
    households: 0,
    residents: 0,
    party_members: 0,
    volunteers: 0,
    issues_open: 0,
  };
}

/** Which fact nodes and months to compute; undefined means all (a rebuild). */
export interface FactFilter {
  /** Fact-node ids (compounds, or nodes above compounds for facts attached there). */
  nodes?: string[];
  /** YYYY-MM months. */
  months?: string[];
}

/** A row of a grouped source query: the node the fact is attached to, its month, and values. */
export interface SourceRow {
  node: string;
  month: string;
  [k: string]: string | number | null;
}

/**
 * Columns that hold a calendar day (YYYY-MM-DD), already the day in Beijing. Every other column a
 * figure is grouped by holds an instant in UTC (ISO 8601 with Z).
 */
const DAY_COLUMNS = new Set(['served_on']);

/**
 * Where month `m` begins in a column: the 1st for a day column; for an instant column, midnight of
 * the 1st in Beijing as a UTC ISO string (2027-03 → 2027-02-28T16:00:00.000Z), which sorts with
 * the stored instants as text.
 */
export function monthStart(m: string, col: string): string {
  if (DAY_COLUMNS.has(col)) return `${m}-01`;
  return new Date(Date.parse(`${m}-01T00:00:00+08:00`)).toISOString();
}
function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/**
 * The SQL that reads the other modules' tables: every dashboard figure comes from here, grouped by
 * the node a record belongs to and the month it happened in. Sources whose tables do not exist in
 * this database (a module not installed yet) give nothing.
 */
export function createDashboardSourcesRepository(db: Kysely<DB>, dialect: DialectName) {
  const minutesBetween = (from: string, to: string) =>
    dialect === 'sqlite'
      ? // Whole seconds first (julianday is a float: 59 min can come out as 58.99999), then integer minutes.
        `(cast(round((julianday(${to}) - julianday(${from})) * 86400) as integer) / 60)`
      : `cast(floor(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) / 60) as integer)`;
  // The month a record counts in is the month in Beijing: an order placed at 00:30 on 1 March in
  // Beijing (16:30 UTC on the last day of February) is a March order.
  const month = (col: string) =>
    DAY_COLUMNS.has(col)
      ? `substr(${col}, 1, 7)`
      : dialect === 'sqlite'
        ? `strftime('%Y-%m', ${col}, '+8 hours')`
        : `to_char(cast(${col} as timestamptz) at time zone 'Asia/Shanghai', 'YYYY-MM')`;

  /** `and col in (…) and ts within the months' span`: lets the indexes do the work. */
  function where(f: FactFilter, nodeCol: string | null, tsCol: string): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
    if (f.nodes && nodeCol) parts.push(sql`${sql.ref(nodeCol)} in (${sql.join(f.nodes)})`);
    if (f.months?.length) {
      const sorted = [...f.months].sort();
      parts.push(sql`${sql.ref(tsCol)} >= ${monthStart(sorted[0] as string, tsCol)}`);
      parts.push(sql`${sql.ref(tsCol)} < ${monthStart(nextMonth(sorted[sorted.length - 1] as string), tsCol)}`);
      parts.push(sql`${sql.raw(month(tsCol))} in (${sql.join(f.months)})`);
    }
    return sql.join(parts, sql` and `);
  }

  async function rows(q: RawBuilder<SourceRow>): Promise<SourceRow[]> {
    return (await q.execute(db)).rows;
  }

  let tables: Set<string> | null = null;
  async function has(name: string): Promise<boolean> {
    if (!tables) {
      const r =
        dialect === 'sqlite'
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
          : await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
      tables = new Set(r.rows.map((x) => x.name));
    }
    return tables.has(name);
  }

  return {
    /** Forget the cached table list (a migration may have added a module). */
    refreshTables() {
      tables = null;
    },

    /** Flow sources: each returns rows keyed by (node, month) with some MonthFacts columns. */
    async monthRows(f: FactFilter): Promise<Array<{ kind: keyof MonthFacts | 'hist'; rows: SourceRow[] }>> {
      const out: Array<{ kind: keyof MonthFacts | 'hist'; rows: SourceRow[] }> = [];
      if (await has('orders')) {
        out.push({
          kind: 'orders_placed',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('created_at'))} as month, count(*) as v
              from orders where ${where(f, 'compound_id', 'created_at')} group by compound_id, ${sql.raw(month('created_at'))}`,
          ),
        });
        out.push({
          kind: 'orders_served',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('done_at'))} as month, count(*) as v
              from orders where status in ('done', 'confirmed') and done_at is not null and ${where(f, 'compound_id', 'done_at')}
              group by compound_id, ${sql.raw(month('done_at'))}`,
          ),
        });
        const bucket = bucketSql(minutesBetween('created_at', 'taken_at'));
        out.push({
          kind: 'hist',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('created_at'))} as month, ${sql.raw(bucket)} as b, count(*) as v
              from orders where taken_at is not null and ${where(f, 'compound_id', 'created_at')}
              group by compound_id, ${sql.raw(month('created_at'))}, ${sql.raw(bucket)}`,
          ),
        });
      }
      if (await has('volunteer_hours')) {
        const hours = await rows(
          sql<SourceRow>`select compound_id as node, ${sql.raw(month('served_on'))} as month, sum(minutes) as v, count(*) as n
            from volunteer_hours where ${where(f, 'compound_id', 'served_on')} group by compound_id, ${sql.raw(month('served_on'))}`,
        );
        out.push({ kind: 'hours_minutes', rows: hours });
        out.push({ kind: 'hours_entries', rows: hours.map((r) => ({ ...r, v: r.n ?? 0 })) });
      }
      if (await has('votes')) {
        out.push({
          kind: 'votes_held',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('opens_at'))} as month, count(*) as v
              from votes where ${where(f, 'compound_id', 'opens_at')} group by compound_id, ${sql.raw(month('opens_at'))}`,
          ),
        });
      }
      if (await has('council_issues')) {
        out.push({
          kind: 'issues_raised',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('created_at'))} as month, count(*) as v
              from council_issues where status <> 'merged' and hidden = 0 and ${where(f, 'compound_id', 'created_at')}
              group by compound_id, ${sql.raw(month('created_at'))}`,
          ),
        });
        // Answered directly or resolved after a decision: both close the issue for the resident.
        out.push({
          kind: 'issues_resolved',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('closed_at'))} as month, count(*) as v
              from council_issues where status in ('answered', 'resolved') and closed_at is not null and hidden = 0
              and ${where(f, 'compound_id', 'closed_at')} group by compound_id, ${sql.raw(month('closed_at'))}`,
          ),
        });
      }
      if (await has('council_decisions')) {
        out.push({
          kind: 'decisions_made',
          rows: await rows(
            sql<SourceRow>`select compound_id as node, ${sql.raw(month('created_at'))} as month, count(*) as v
              from council_decisions where adopted = 1 and ${where(f, 'compound_id', 'created_at')}
              group by compound_id, ${sql.raw(month('created_at'))}`,
          ),
        });
        if (await has('council_actions')) {
          // Delivered: every action item done; the month is when the last one was done.
          out.push({
            kind: 'decisions_delivered',
            rows: await rows(
              sql<SourceRow>`select node, ${sql.raw(month('delivered_at'))} as month, count(*) as v from (
                  select d.compound_id as node, max(a.done_at) as delivered_at
                  from council_decisions d join council_actions a on a.decision_id = d.id
                  where d.adopted = 1 ${f.nodes ? sql`and d.compound_id in (${sql.join(f.nodes)})` : sql``}
                  group by d.id, d.compound_id
                  having sum(case when a.status = 'done' then 0 else 1 end) = 0
                ) delivered where ${where({ months: f.months }, null, 'delivered_at')}
                group by node, ${sql.raw(month('delivered_at'))}`,
            ),
          });
        }
      }
      if ((await has('events')) && (await has('event_occurrences')) && (await has('event_signups'))) {
        // Events are attached to any node; the caller maps node → fact node (compound or itself).
        const ef: FactFilter = { months: f.months };
        out.push({
          kind: 'events_held',
          rows: await rows(
            sql<SourceRow>`select e.node_id as node, ${sql.raw(month('o.starts_at'))} as month, count(*) as v
              from event_occurrences o join events e on e.id = o.event_id
              where o.status <> 'cancelled' and o.starts_at <= ${new Date().toISOString()} and ${where(ef, null, 'o.starts_at')}
              group by e.node_id, ${sql.raw(month('o.starts_at'))}`,
          ),
        });
        out.push({
          kind: 'event_attendance',
          rows: await rows(
            sql<SourceRow>`select e.node_id as node, ${sql.raw(month('s.checked_in_at'))} as month, count(*) as v
              from event_signups s join events e on e.id = s.event_id
              where s.checked_in_at is not null and ${where(ef, null, 's.checked_in_at')}
              group by e.node_id, ${sql.raw(month('s.checked_in_at'))}`,
          ),
        });
      }
      return out;
    },

    /** Stock sources: current figures per fact node. */
    async stockRows(f: FactFilter): Promise<Array<{ kind: keyof StockFacts; rows: Array<{ node: string; v: number }> }>> {
      const out: Array<{ kind: keyof StockFacts; rows: Array<{ node: string; v: number }> }> = [];
      const inNodes = (col: string) => (f.nodes ? sql`${sql.ref(col)} in (${sql.join(f.nodes)})` : sql`1 = 1`);
      const q = async (kind: keyof StockFacts, query: RawBuilder<{ node: string; v: number }>) => {
        out.push({ kind, rows: (await query.execute(db)).rows });
      };
      // A household is a unit people live in: the developer's unsold or undelivered units are not.
      await q(
        'households',
        sql`select compound_id as node, count(*) as v from units where developer_held = 0 and ${inNodes('compound_id')} group by compound_id`,
      );
      await q(
        'residents',
        sql`select u.compound_id as node, count(*) as v from people p join units u on u.id = p.unit_id
          where p.erased_at is null and ${inNodes('u.compound_id')} group by u.compound_id`,
      );
      if (await has('branches')) {
        await q(
          'branches',
          sql`select compound_id as node, count(*) as v from branches where ${inNodes('compound_id')} group by compound_id`,
        );
        await q(
          'demo_sites',
          sql`select compound_id as node, count(*) as v from branches where demonstration = 1 and ${inNodes('compound_id')} group by compound_id`,
        );
        if (await has('branch_members')) {
          await q(
            'party_members',
            sql`select b.compound_id as node, count(*) as v from branch_members m join branches b on b.id = m.branch_id
              where ${inNodes('b.compound_id')} group by b.compound_id`,
          );
        }
      }
      if (await has('council_issues')) {
        await q(
          'issues_open',
          sql`select compound_id as node, count(*) as v from council_issues
            where status in (${sql.join([...OPEN_ISSUE_STATUSES])}) and hidden = 0 and ${inNodes('compound_id')}
            group by compound_id`,
        );
      }
      if (await has('volunteer_profiles')) {
        await q(
          'volunteers',
          sql`select compound_id as node, count(*) as v from volunteer_profiles where status = 'active' and ${inNodes('compound_id')} group by compound_id`,
        );
      }
      return out;
    },

    /** (fact node, month) keys of records written since `since`, per source with a timestamp. */
    async changedSince(since: string): Promise<Array<{ node: string; month: string }>> {
      const keys: Array<{ node: string; month: string }> = [];
      const add = async (q: RawBuilder<{ node: string; month: string | null }>) => {
        for (const r of (await q.execute(db)).rows) if (r.month) keys.push({ node: r.node, month: r.month });
      };
      if (await has('orders')) {
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('created_at'))} as month from orders where updated_at > ${since}`,
        );
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('done_at'))} as month from orders where updated_at > ${since} and done_at is not null`,
        );
      }
      await add(
        sql`select distinct compound_id as node, ${sql.raw(month('served_on'))} as month from volunteer_hours where created_at > ${since}`,
      );
      if (await has('votes')) {
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('opens_at'))} as month from votes where created_at > ${since}`,
        );
      }
      if ((await has('events')) && (await has('event_signups'))) {
        await add(
          sql`select distinct e.node_id as node, ${sql.raw(month('s.checked_in_at'))} as month from event_signups s join events e on e.id = s.event_id
            where s.checked_in_at > ${since}`,
        );
      }
      if (await has('council_issues')) {
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('created_at'))} as month from council_issues where updated_at > ${since}`,
        );
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('closed_at'))} as month from council_issues where updated_at > ${since} and closed_at is not null`,
        );
        await add(sql`select distinct compound_id as node, '*' as month from council_issues where updated_at > ${since}`);
      }
      if ((await has('council_decisions')) && (await has('council_actions'))) {
        await add(
          sql`select distinct compound_id as node, ${sql.raw(month('created_at'))} as month from council_decisions where created_at > ${since}`,
        );
        await add(
          sql`select distinct d.compound_id as node, ${sql.raw(month('a.done_at'))} as month from council_actions a
            join council_decisions d on d.id = a.decision_id where a.done_at > ${since}`,
        );
      }
      // Stock changes: new units and residents mark the compound's current figures ('*').
      await add(sql`select distinct compound_id as node, '*' as month from units where created_at > ${since}`);
      await add(
        sql`select distinct u.compound_id as node, '*' as month from people p join units u on u.id = p.unit_id where p.created_at > ${since} or p.erased_at > ${since}`,
      );
      if (await has('volunteer_profiles')) {
        await add(sql`select distinct compound_id as node, '*' as month from volunteer_profiles where updated_at > ${since}`);
      }
      if (await has('branches')) {
        await add(sql`select distinct compound_id as node, '*' as month from branches where created_at > ${since}`);
      }
      return keys;
    },
  };
}

export type DashboardSourcesRepository = ReturnType<typeof createDashboardSourcesRepository>;
