import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** Every row of every table, with the node path it belongs to when one can be worked out. */
export interface ScopedRow {
  table: string;
  id: string;
  path: string | null;
  row: Record<string, unknown>;
}

/** Columns that name a node of the tree directly. */
const NODE_COLUMNS = ['node_id', 'compound_id', 'building_id', 'community_id', 'subdistrict_id'];
/** Tables without a scope of their own or that are bookkeeping, never record ids in a URL. */
const SKIP = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'audit_log',
  'sessions',
  'login_attempts',
  'login_codes',
  'job_leases',
  'idempotency_keys',
]);

function plural(x: string): string[] {
  if (x === 'person') return ['people'];
  if (x.endsWith('y')) return [`${x.slice(0, -1)}ies`, `${x}s`];
  return [`${x}s`, `${x}es`, x];
}

/**
 * Finds the table a `<name>_id` column points to: `order_id` → orders, `issue_id` → council_issues,
 * `resident_person_id` → people, `account_id` → accounts.
 */
export function tableForColumn(column: string, tables: string[]): string | null {
  const base = column.replace(/_id$/, '');
  const words = base.split('_');
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join('_');
    for (const p of plural(tail)) {
      const exact = tables.find((t) => t === p);
      if (exact) return exact;
      const suffixed = tables.find((t) => t.endsWith(`_${p}`));
      if (suffixed) return suffixed;
    }
  }
  return null;
}

/**
 * Loads every row and resolves its node path: a node column first, then a person/unit/parent
 * reference (an order event belongs where its order belongs), so tables added by later modules
 * are covered without being named here.
 */
export async function loadScopedRows(
  db: Kysely<DB>,
): Promise<{ rows: ScopedRow[]; tables: Map<string, ScopedRow[]>; nodes: Map<string, string> }> {
  const meta = (await db.introspection.getTables()).filter((t) => !SKIP.has(t.name) && t.columns.some((c) => c.name === 'id'));
  const names = meta.map((t) => t.name);
  const raw = new Map<string, Record<string, unknown>[]>();
  for (const t of meta) {
    // biome-ignore lint/suspicious/noExplicitAny: tables are discovered at run time
    raw.set(t.name, (await (db as Kysely<any>).selectFrom(t.name).selectAll().execute()) as Record<string, unknown>[]);
  }
  const nodes = new Map<string, string>();
  for (const n of raw.get('nodes') ?? []) nodes.set(String(n.id), String(n.path));
  const byId = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [t, rs] of raw) byId.set(t, new Map(rs.map((r) => [String(r.id), r])));

  const memo = new Map<string, string | null>();
  function pathOf(table: string, row: Record<string, unknown>, depth = 0): string | null {
    const key = `${table}:${String(row.id)}`;
    if (memo.has(key)) return memo.get(key) ?? null;
    let p: string | null = null;
    if (table === 'nodes') p = String(row.path);
    for (const c of NODE_COLUMNS) {
      if (p) break;
      const v = row[c];
      if (typeof v === 'string' && nodes.has(v)) p = nodes.get(v) ?? null;
    }
    if (!p && typeof row.node_path === 'string') p = row.node_path;
    if (!p && depth < 4) {
      for (const [c, v] of Object.entries(row)) {
        if (!c.endsWith('_id') || typeof v !== 'string' || c === 'id') continue;
        if (/^(created_by|granted_by|entered_by|confirmed_by|recorded_by|checked_in_by|issued_by)/.test(c)) continue;
        const target = tableForColumn(c, names);
        const parent = target ? byId.get(target)?.get(v) : undefined;
        if (target && parent) {
          p = pathOf(target, parent, depth + 1);
          if (p) break;
        }
      }
    }
    memo.set(key, p);
    return p;
  }

  const rows: ScopedRow[] = [];
  const tables = new Map<string, ScopedRow[]>();
  for (const [t, rs] of raw) {
    const list: ScopedRow[] = [];
    for (const r of rs) {
      const s = { table: t, id: String(r.id), path: pathOf(t, r), row: r };
      list.push(s);
      rows.push(s);
    }
    tables.set(t, list);
  }
  return { rows, tables, nodes };
}

/**
 * A row is foreign to a viewer when its node lies neither inside one of the viewer's subtrees nor
 * above them (a district-wide notice is the viewer's too).
 */
export function isForeign(path: string | null, grantPaths: string[]): boolean {
  if (!path) return false;
  return !grantPaths.some((g) => path.startsWith(g) || g.startsWith(path));
}
