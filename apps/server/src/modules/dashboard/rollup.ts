import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import type { DashboardRepository, MonthRow, StockRow } from './dashboard.repository';
import {
  emptyMonth,
  emptyStock,
  type FactFilter,
  MONTH_NUMERIC,
  type MonthFacts,
  STOCK_NUMERIC,
  type StockFacts,
} from './dashboard-sources.repository';
import { mergeInto, parseHistogram } from './histogram';

/** Re-scan this far behind the watermark: a transaction that began before the last run may commit after it. */
const OVERLAP_MS = 2 * 60_000;
/** The month key of a node's all-time total row. */
export const ALL = 'all';
/** A full rebuild at least this often catches what no timestamp reveals (an occurrence passing into the past). */
export const FULL_EVERY_MS = 6 * 3600_000;

interface NodeInfo {
  id: string;
  parent_id: string | null;
  kind: string;
  path: string;
}

type Key = { node: string; month: string };

/** The map's value for a key, created with `init` the first time. */
function upsert<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = init();
    map.set(key, v);
  }
  return v;
}

function depth(path: string): number {
  return path.split('/').length;
}

/**
 * The per-node-per-month rollups behind the dashboard. Facts are attached to a "fact node" (the
 * compound, or the node itself when it sits above compounds); each node's total is its own facts
 * plus its children's totals, so a district reads one row per month however many compounds it has.
 */
export function createRollup(repo: DashboardRepository, clock: () => Date = () => new Date(), opts: { overlapMs?: number } = {}) {
  const overlapMs = opts.overlapMs ?? OVERLAP_MS;
  async function loadTree() {
    const nodes = await repo.allNodes();
    const byId = new Map<string, NodeInfo>(nodes.map((n) => [n.id, n]));
    const children = new Map<string, string[]>();
    for (const n of nodes) {
      if (n.parent_id && n.kind !== 'building') children.set(n.parent_id, [...(children.get(n.parent_id) ?? []), n.id]);
    }
    const factCache = new Map<string, string>();
    const factOf = (id: string): string => {
      const hit = factCache.get(id);
      if (hit) return hit;
      let n = byId.get(id);
      let fact = id;
      while (n) {
        if (n.kind === 'compound') {
          fact = n.id;
          break;
        }
        n = n.parent_id ? byId.get(n.parent_id) : undefined;
      }
      factCache.set(id, fact);
      return fact;
    };
    const ancestors = (id: string): string[] => {
      const out: string[] = [];
      for (let n = byId.get(id); n?.parent_id; n = byId.get(n.parent_id)) out.push(n.parent_id);
      return out;
    };
    return { byId, children, factOf, ancestors };
  }
  type Tree = Awaited<ReturnType<typeof loadTree>>;

  /** Own facts for the filter's nodes and months (all when the filter is empty). */
  async function computeOwn(tree: Tree, f: FactFilter) {
    const nodeSet = f.nodes ? new Set(f.nodes) : null;
    const monthSet = f.months ? new Set(f.months) : null;
    const months = new Map<string, MonthFacts & { node: string; month: string }>();
    if (!monthSet || monthSet.size) {
      for (const { kind, rows } of await repo.sources.monthRows(f)) {
        for (const r of rows) {
          const node = tree.factOf(String(r.node));
          if (!r.month || (nodeSet && !nodeSet.has(node)) || (monthSet && !monthSet.has(String(r.month)))) continue;
          const key = `${node}|${r.month}`;
          const m = upsert(months, key, () => ({ ...emptyMonth(), node, month: String(r.month) }));
          const v = Number(r.v ?? 0);
          if (kind === 'hist') {
            m.take_hist[String(r.b)] = (m.take_hist[String(r.b)] ?? 0) + v;
            m.take_count += v;
          } else if (kind !== 'take_hist') m[kind] += v;
        }
      }
    }
    const stock = new Map<string, StockFacts>();
    const stockOf = (node: string) => upsert(stock, node, emptyStock);
    for (const n of tree.byId.values()) if (n.kind === 'compound' && (!nodeSet || nodeSet.has(n.id))) stockOf(n.id).compounds = 1;
    for (const { kind, rows } of await repo.sources.stockRows({ nodes: f.nodes })) {
      for (const r of rows) {
        const node = tree.factOf(r.node);
        if (nodeSet && !nodeSet.has(node)) continue;
        stockOf(node)[kind] += Number(r.v ?? 0);
      }
    }
    return { months, stock };
  }

  function monthRow(node: string, month: string, scope: 'own' | 'total', m: MonthFacts, at: string): MonthRow {
    const row = { node_id: node, month, scope, take_hist: JSON.stringify(m.take_hist), updated_at: at } as MonthRow;
    for (const k of MONTH_NUMERIC) row[k] = m[k];
    return row;
  }
  function stockRow(node: string, scope: 'own' | 'total', s: StockFacts, at: string): StockRow {
    const row = { node_id: node, scope, updated_at: at } as StockRow;
    for (const k of STOCK_NUMERIC) row[k] = s[k];
    return row;
  }
  const isZero = (m: MonthFacts) => MONTH_NUMERIC.every((k) => m[k] === 0);

  /**
   * Recomputes the totals of every node touched by `keys` (the fact nodes and all their
   * ancestors), deepest first: own + the children's (already recomputed) totals.
   */
  async function propagate(trx: Transaction<DB>, tree: Tree, keys: Key[], stockNodes: Set<string>, at: string) {
    const monthsOf = new Map<string, Set<string>>();
    const stockTouched = new Set<string>();
    for (const k of keys) {
      for (const n of [k.node, ...tree.ancestors(k.node)]) {
        upsert(monthsOf, n, () => new Set<string>()).add(k.month);
      }
    }
    for (const n of stockNodes) for (const x of [n, ...tree.ancestors(n)]) stockTouched.add(x);
    const levels = new Map<number, string[]>();
    for (const n of new Set([...monthsOf.keys(), ...stockTouched])) {
      const info = tree.byId.get(n);
      if (!info) continue;
      const d = depth(info.path);
      levels.set(d, [...(levels.get(d) ?? []), n]);
    }
    for (const d of [...levels.keys()].sort((a, b) => b - a)) {
      const level = levels.get(d) ?? [];
      // Flows: group this level's nodes by their month set to read with few queries.
      const monthNodes = level.filter((n) => monthsOf.has(n));
      const allMonths = [...new Set(monthNodes.flatMap((n) => [...(monthsOf.get(n) ?? [])]))];
      if (monthNodes.length && allMonths.length) {
        const kids = monthNodes.flatMap((n) => tree.children.get(n) ?? []);
        const [own, childTotals] = await Promise.all([
          repo.monthRows(monthNodes, 'own', { list: allMonths }, trx),
          repo.monthRows(kids, 'total', { list: allMonths }, trx),
        ]);
        const acc = new Map<string, MonthFacts>();
        const add = (node: string, r: MonthRow) => {
          if (!monthsOf.get(node)?.has(r.month)) return;
          const key = `${node}|${r.month}`;
          const m = upsert(acc, key, emptyMonth);
          for (const k of MONTH_NUMERIC) m[k] += Number(r[k]);
          mergeInto(m.take_hist, parseHistogram(r.take_hist));
        };
        for (const r of own) add(r.node_id, r);
        for (const r of childTotals) {
          const parent = tree.byId.get(r.node_id)?.parent_id;
          if (parent) add(parent, r);
        }
        const writeKeys = monthNodes.flatMap((n) => [...(monthsOf.get(n) ?? [])].map((month) => ({ node: n, month })));
        const rows = [...acc.entries()]
          .filter(([, m]) => !isZero(m))
          .map(([key, m]) => {
            const [node, month] = key.split('|') as [string, string];
            return monthRow(node, month, 'total', m, at);
          });
        await repo.replaceMonths(trx, 'total', writeKeys, rows);
      }
      const stockLevel = level.filter((n) => stockTouched.has(n));
      if (stockLevel.length) {
        const kids = stockLevel.flatMap((n) => tree.children.get(n) ?? []);
        const [own, childTotals] = await Promise.all([
          repo.stockRows(stockLevel, 'own', trx),
          repo.stockRows(kids, 'total', trx),
        ]);
        const acc = new Map<string, StockFacts>(stockLevel.map((n) => [n, emptyStock()]));
        const add = (node: string, r: StockRow) => {
          const s = acc.get(node);
          if (s) for (const k of STOCK_NUMERIC) s[k] += Number(r[k]);
        };
        for (const r of own) add(r.node_id, r);
        for (const r of childTotals) {
          const parent = tree.byId.get(r.node_id)?.parent_id;
          if (parent) add(parent, r);
        }
        await repo.replaceStock(
          trx,
          'total',
          stockLevel,
          [...acc.entries()].map(([n, s]) => stockRow(n, 'total', s, at)),
        );
      }
    }
    await allTime(trx, [...monthsOf.keys()], at);
  }

  /**
   * The all-time row (month 'all') of each node: its monthly totals summed, so a dashboard reads one
   * row per node for the current totals however many months of history there are.
   */
  async function allTime(trx: Transaction<DB>, nodes: string[], at: string) {
    if (!nodes.length) return;
    const rows = await repo.monthRows(nodes, 'total', undefined, trx);
    const acc = new Map<string, MonthFacts>();
    for (const r of rows) {
      if (r.month === ALL) continue;
      const m = upsert(acc, r.node_id, emptyMonth);
      for (const k of MONTH_NUMERIC) m[k] += Number(r[k]);
      mergeInto(m.take_hist, parseHistogram(r.take_hist));
    }
    await repo.replaceMonths(
      trx,
      'total',
      nodes.map((node) => ({ node, month: ALL })),
      [...acc.entries()].filter(([, m]) => !isZero(m)).map(([node, m]) => monthRow(node, ALL, 'total', m, at)),
    );
  }

  /** Recomputes everything from the source tables (demo seeding, seed-scale, the periodic sweep). */
  async function rebuild(): Promise<{ months: number; nodes: number; ms: number }> {
    const t0 = performance.now();
    const startedAt = nowIso(clock);
    const tree = await loadTree();
    repo.sources.refreshTables();
    const { months, stock } = await computeOwn(tree, {});
    await repo.db.transaction().execute(async (trx) => {
      await repo.lock(trx);
      await repo.clearAll(trx);
      const monthRows = [...months.values()].filter((m) => !isZero(m)).map((m) => monthRow(m.node, m.month, 'own', m, startedAt));
      await repo.replaceMonths(trx, 'own', [], monthRows);
      await repo.replaceStock(
        trx,
        'own',
        [],
        [...stock.entries()].map(([n, s]) => stockRow(n, 'own', s, startedAt)),
      );
      const keys = monthRows.map((r) => ({ node: r.node_id, month: r.month }));
      await propagate(trx, tree, keys, new Set(stock.keys()), startedAt);
      await repo.setWatermark(trx, 'rollup', startedAt);
      await repo.setWatermark(trx, 'rollup_full', startedAt);
    });
    return { months: months.size, nodes: stock.size, ms: Math.round(performance.now() - t0) };
  }

  /**
   * One incremental run: the compound-months written since the last run (by timestamp, with an
   * overlap) plus the dirty list, recomputed from the sources, then their ancestors. Runs under
   * the scheduler's lease, so exactly one instance does it per period.
   */
  async function runOnce(): Promise<{ mode: 'full' | 'incremental'; keys: number; ms: number }> {
    const t0 = performance.now();
    const [since, full] = await Promise.all([repo.watermark('rollup'), repo.watermark('rollup_full')]);
    if (!since || !full || clock().getTime() - Date.parse(full) > FULL_EVERY_MS) {
      const r = await rebuild();
      return { mode: 'full', keys: r.months, ms: r.ms };
    }
    const startedAt = nowIso(clock);
    const tree = await loadTree();
    repo.sources.refreshTables();
    const scanFrom = new Date(Date.parse(since) - overlapMs).toISOString();
    const dirty = await repo.readDirty();
    const changed = [...(await repo.sources.changedSince(scanFrom)), ...dirty].map((k) => ({
      node: tree.factOf(k.node),
      month: k.month,
    }));
    const nodes = [...new Set(changed.map((k) => k.node))].filter((n) => tree.byId.has(n));
    const months = [...new Set(changed.map((k) => k.month).filter((m) => m !== '*'))];
    if (!nodes.length) {
      await repo.db.transaction().execute((trx) => repo.setWatermark(trx, 'rollup', startedAt));
      return { mode: 'incremental', keys: 0, ms: Math.round(performance.now() - t0) };
    }
    // Every (node, month) of the cross product is recomputed whole, so writing all of them is exact.
    const own = await computeOwn(tree, { nodes, months });
    const keys: Key[] = nodes.flatMap((node) => months.map((month) => ({ node, month })));
    await repo.db.transaction().execute(async (trx) => {
      await repo.lock(trx);
      const rows = [...own.months.values()].filter((m) => !isZero(m)).map((m) => monthRow(m.node, m.month, 'own', m, startedAt));
      await repo.replaceMonths(trx, 'own', keys, rows);
      await repo.replaceStock(
        trx,
        'own',
        nodes,
        [...own.stock.entries()].map(([n, s]) => stockRow(n, 'own', s, startedAt)),
      );
      await propagate(trx, tree, keys, new Set(nodes), startedAt);
      await repo.clearDirty(trx, dirty);
      await repo.setWatermark(trx, 'rollup', startedAt);
    });
    return { mode: 'incremental', keys: keys.length, ms: Math.round(performance.now() - t0) };
  }

  return { rebuild, runOnce, markDirty: repo.markDirty };
}

export type Rollup = ReturnType<typeof createRollup>;
