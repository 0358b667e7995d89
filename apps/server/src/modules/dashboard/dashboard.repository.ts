import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectName } from '../../db/database';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import type { DashNodeMonthTable, DashNodeStockTable } from './dashboard.tables';
import { createDashboardSourcesRepository } from './dashboard-sources.repository';

type Db = Kysely<DB> | Transaction<DB>;
export type Scope = 'own' | 'total';
export type MonthRow = DashNodeMonthTable;
export type StockRow = DashNodeStockTable;

/** Splits a list for `in (…)` and multi-row inserts, below SQLite's bound-parameter limit. */
export function chunks<T>(xs: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The rollup tables: writes by the rollup job, reads by the dashboard (a few rows per request). */
export function createDashboardRepository(db: Kysely<DB>, dialect: DialectName) {
  return {
    db,
    sources: createDashboardSourcesRepository(db, dialect),

    allNodes() {
      return db.selectFrom('nodes').select(['id', 'parent_id', 'kind', 'path']).execute();
    },

    node(id: string) {
      return db.selectFrom('nodes').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst();
    },

    async monthRows(
      nodeIds: string[],
      scope: Scope,
      months?: { from?: string; to?: string; list?: string[] },
      on: Db = db,
    ): Promise<MonthRow[]> {
      const out: MonthRow[] = [];
      for (const ids of chunks(nodeIds)) {
        let q = on.selectFrom('dash_node_month').selectAll().where('node_id', 'in', ids).where('scope', '=', scope);
        if (months?.from) q = q.where('month', '>=', months.from);
        if (months?.to) q = q.where('month', '<=', months.to);
        if (months?.list) q = q.where('month', 'in', months.list);
        out.push(...(await q.execute()));
      }
      return out;
    },

    async stockRows(nodeIds: string[], scope: Scope, on: Db = db): Promise<StockRow[]> {
      const out: StockRow[] = [];
      for (const ids of chunks(nodeIds)) {
        out.push(
          ...(await on
            .selectFrom('dash_node_stock')
            .selectAll()
            .where('node_id', 'in', ids)
            .where('scope', '=', scope)
            .execute()),
        );
      }
      return out;
    },

    /** Replaces the month rows of the given (node, month) keys in one scope. */
    async replaceMonths(trx: Db, scope: Scope, keys: Array<{ node: string; month: string }>, rows: MonthRow[]): Promise<void> {
      const byMonth = new Map<string, string[]>();
      for (const k of keys) byMonth.set(k.month, [...(byMonth.get(k.month) ?? []), k.node]);
      for (const [month, nodes] of byMonth) {
        for (const ids of chunks(nodes)) {
          await trx
            .deleteFrom('dash_node_month')
            .where('scope', '=', scope)
            .where('month', '=', month)
            .where('node_id', 'in', ids)
            .execute();
        }
      }
      for (const part of chunks(rows, 200)) await trx.insertInto('dash_node_month').values(part).execute();
    },

    async replaceStock(trx: Db, scope: Scope, nodes: string[], rows: StockRow[]): Promise<void> {
      for (const ids of chunks(nodes))
        await trx.deleteFrom('dash_node_stock').where('scope', '=', scope).where('node_id', 'in', ids).execute();
      for (const part of chunks(rows, 300)) await trx.insertInto('dash_node_stock').values(part).execute();
    },

    /** One rollup writer at a time (PostgreSQL; SQLite has a single writer anyway). */
    async lock(trx: Transaction<DB>): Promise<void> {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727275)`.execute(trx);
    },

    async clearAll(trx: Db): Promise<void> {
      await trx.deleteFrom('dash_node_month').execute();
      await trx.deleteFrom('dash_node_stock').execute();
      await trx.deleteFrom('dash_dirty').execute();
    },

    /** Marks compound-months (month '*' = current figures) for the next run. */
    async markDirty(keys: Array<{ node: string; month: string }>): Promise<void> {
      for (const part of chunks(keys, 300)) {
        await db
          .insertInto('dash_dirty')
          .values(part.map((k) => ({ compound_id: k.node, month: k.month })))
          .onConflict((oc) => oc.columns(['compound_id', 'month']).doNothing())
          .execute();
      }
    },

    /** Reads the dirty list; the caller deletes what it handled, in its transaction. */
    async readDirty(): Promise<Array<{ node: string; month: string }>> {
      const rows = await db.selectFrom('dash_dirty').selectAll().limit(50_000).execute();
      return rows.map((r) => ({ node: r.compound_id, month: r.month }));
    },

    async clearDirty(trx: Db, keys: Array<{ node: string; month: string }>): Promise<void> {
      const byMonth = new Map<string, string[]>();
      for (const k of keys) byMonth.set(k.month, [...(byMonth.get(k.month) ?? []), k.node]);
      for (const [month, nodes] of byMonth) {
        for (const ids of chunks(nodes)) {
          await trx.deleteFrom('dash_dirty').where('month', '=', month).where('compound_id', 'in', ids).execute();
        }
      }
    },

    async watermark(source: string): Promise<string | null> {
      const r = await db.selectFrom('dash_watermarks').select('watermark').where('source', '=', source).executeTakeFirst();
      return r?.watermark ?? null;
    },

    async setWatermark(trx: Db, source: string, watermark: string): Promise<void> {
      await trx
        .insertInto('dash_watermarks')
        .values({ source, watermark })
        .onConflict((oc) => oc.column('source').doUpdateSet({ watermark }))
        .execute();
    },

    /** The node's ancestors (by id) and its children worth a dashboard, in one query. */
    async related(nodeId: string, ancestorIds: string[]) {
      const rows = await db
        .selectFrom('nodes')
        .select(['id', 'name', 'kind', 'path', 'parent_id'])
        .where((eb) =>
          eb.or([
            ...(ancestorIds.length ? [eb('id', 'in', ancestorIds)] : []),
            eb.and([eb('parent_id', '=', nodeId), eb('kind', '<>', 'building')]),
          ]),
        )
        .orderBy('name')
        .limit(500 + ancestorIds.length)
        .execute();
      const anc = new Set(ancestorIds);
      return {
        ancestors: rows.filter((r) => anc.has(r.id)),
        children: rows.filter((r) => r.parent_id === nodeId && !anc.has(r.id)),
      };
    },

    /** One query for a dashboard's figures: the node's months in range, and the all-time rows of it and its children. */
    figures(nodeId: string, ids: string[], from: string, to: string) {
      return db
        .selectFrom('dash_node_month')
        .selectAll()
        .where('scope', '=', 'total')
        .where((eb) =>
          eb.or([
            eb.and([eb('node_id', '=', nodeId), eb('month', '>=', from), eb('month', '<=', to)]),
            eb.and([eb('node_id', 'in', ids), eb('month', '=', 'all')]),
          ]),
        )
        .execute();
    },

    now: () => nowIso(),
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
