import type { FastifyInstance } from 'fastify';
import type { Access } from '../../modules/accounts/policy';
import { CROSS_TREE_BY_DESIGN, NOT_WALKABLE } from './allow';
import { type Operation, sample, tablesForParam } from './routes';
import { isForeign, type ScopedRow } from './scope';

export interface Viewer {
  label: string;
  cookie: string;
  csrf: string;
  grantPaths: string[];
}

export interface Finding {
  viewer: string;
  /** "METHOD /url/:param" */
  route: string;
  request: string;
  status: number;
  why: string;
}

/** What a viewer must never see: ids, names and full phones of rows in other subtrees. */
export interface ForeignSet {
  byTable: Map<string, ScopedRow[]>;
  ids: Set<string>;
  names: string[];
  phones: string[];
  compoundIds: string[];
}

export function foreignSet(rows: ScopedRow[], viewer: Viewer): ForeignSet {
  const byTable = new Map<string, ScopedRow[]>();
  const ids = new Set<string>();
  const ownNames = new Set<string>();
  const names = new Set<string>();
  const phones: string[] = [];
  const compoundIds: string[] = [];
  for (const r of rows) {
    const foreign = isForeign(r.path, viewer.grantPaths);
    if (r.table === 'people' && !foreign) ownNames.add(String(r.row.name));
    if (!foreign) continue;
    const list = byTable.get(r.table) ?? [];
    list.push(r);
    byTable.set(r.table, list);
    if (r.id.length >= 6) ids.add(r.id);
    if (r.table === 'nodes' && (r.row.kind === 'compound' || r.row.kind === 'building')) compoundIds.push(r.id);
    if (r.table === 'people') {
      if (typeof r.row.name === 'string' && [...r.row.name].length >= 2) names.add(r.row.name);
      if (typeof r.row.phone === 'string') phones.push(r.row.phone);
    }
  }
  // Nodes first by kind: compounds before buildings, so ?compoundId= gets a compound.
  compoundIds.sort(
    (a, b) =>
      Number(byTable.get('nodes')?.find((n) => n.id === b)?.row.kind === 'compound') -
      Number(byTable.get('nodes')?.find((n) => n.id === a)?.row.kind === 'compound'),
  );
  const nodes = byTable.get('nodes');
  if (nodes)
    byTable.set(
      'nodes',
      [...nodes].sort((a, b) => kindRank(a) - kindRank(b)),
    );
  return { byTable, ids, names: [...names].filter((n) => !ownNames.has(n)), phones, compoundIds };
}

function kindRank(r: ScopedRow): number {
  return ['compound', 'building', 'community', 'subdistrict', 'district'].indexOf(String(r.row.kind));
}

function snake(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The value to put in a parameter for a row: its id, or a column named like the parameter (occurrence key). */
function valueFor(r: ScopedRow, param: string): string {
  const p = snake(param);
  if (p !== 'id' && !p.endsWith('_id')) {
    const col = Object.keys(r.row).find((c) => c === p || c.endsWith(`_${p}`));
    if (col && r.row[col] != null) return String(r.row[col]);
  }
  return r.id;
}

const PER_TABLE = 2;

/** The foreign values to try for each path parameter of an operation. */
function candidates(op: Operation, f: ForeignSet, tables: string[]): string[][] {
  const lists = op.pathParams.map((param) => {
    const ts = tablesForParam(op.url, param, tables);
    const vals: string[] = [];
    for (const t of ts) for (const r of (f.byTable.get(t) ?? []).slice(0, PER_TABLE)) vals.push(valueFor(r, param));
    return vals;
  });
  if (lists.every((l) => l.length === 0)) {
    // Nothing says what the parameter names: try one foreign id of every table.
    const any = [...f.byTable.values()].map((rs) => rs[0]?.id).filter((x): x is string => !!x);
    return [any, ...lists.slice(1).map(() => any)];
  }
  return lists.map((l) => (l.length ? l : ['zz-not-an-id']));
}

function idForField(f: ForeignSet, tables: string[]) {
  return (field: string): string | undefined => {
    const ts = tablesForParam(`/x/:${field.replace(/s$/, '')}`, field.replace(/Ids$/, 'Id'), tables);
    for (const t of ts) {
      const r = f.byTable.get(t)?.[0];
      if (r) return r.id;
    }
    return undefined;
  };
}

/** Everything the body says that belongs to another subtree. */
export function foreignContent(body: string, f: ForeignSet): string[] {
  const found: string[] = [];
  for (const tok of body.match(/[A-Za-z0-9_-]{6,}/g) ?? []) if (f.ids.has(tok)) found.push(`id ${tok}`);
  for (const n of f.names) if (body.includes(n)) found.push(`name ${n}`);
  for (const p of f.phones) if (body.includes(p)) found.push(`phone ${p.slice(0, 3)}…`);
  return [...new Set(found)].slice(0, 5);
}

const ok = (s: number) => s >= 200 && s < 300;

/**
 * Sends every operation as the viewer with other subtrees' ids in every path parameter, body id
 * field and ?compoundId=, and reports any 2xx for a foreign id or any foreign content in a list.
 */
export async function walk(
  app: FastifyInstance,
  ops: Operation[],
  viewer: Viewer,
  f: ForeignSet,
  tables: string[],
): Promise<{ leaks: Finding[]; errors: Finding[] }> {
  const leaks: Finding[] = [];
  const errors: Finding[] = [];
  const idFor = idForField(f, tables);
  const headers = { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf };
  const deferred: Operation[] = [];

  /** mode: 'id' = any 2xx is a leak; 'content' = a 2xx must show nothing foreign; 'none' = only 5xx count. */
  async function send(op: Operation, url: string, query: Record<string, string>, mode: 'id' | 'content' | 'none') {
    const key = `${op.method} ${op.url}`;
    const access: Access | undefined = app.routeAccess.get(key);
    const body = op.body && op.bodyType === 'application/json' ? sample(op.body, '', idFor) : undefined;
    const qs = new URLSearchParams(query).toString();
    const full = qs ? `${url}?${qs}` : url;
    const res = await app.inject({
      method: op.method as 'GET',
      url: full,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const request = `${op.method} ${full}`;
    if (res.statusCode >= 500)
      errors.push({ viewer: viewer.label, route: key, request, status: res.statusCode, why: res.body.slice(0, 200) });
    if (!ok(res.statusCode) || mode === 'none' || access === 'public' || key in CROSS_TREE_BY_DESIGN) return;
    if (mode === 'id') {
      leaks.push({
        viewer: viewer.label,
        route: key,
        request,
        status: res.statusCode,
        why: 'answered 2xx for another subtree’s id',
      });
      return;
    }
    const found = foreignContent(res.body, f);
    if (found.length)
      leaks.push({ viewer: viewer.label, route: key, request, status: res.statusCode, why: `body shows ${found.join(', ')}` });
  }

  for (const op of ops) {
    const key = `${op.method} ${op.url}`;
    if (key in NOT_WALKABLE) continue;
    if (key === 'POST /api/v1/auth/logout') {
      deferred.push(op);
      continue;
    }
    const query: Record<string, string> = {};
    for (const q of op.query) if (q.required) query[q.name] = String(sample(q.schema, q.name, idFor));
    if (op.pathParams.length) {
      const lists = candidates(op, f, tables);
      const n = Math.max(...lists.map((l) => l.length));
      for (let i = 0; i < n; i++) {
        const url = op.pathParams.reduce(
          (u, p, j) => u.replace(`:${p}`, encodeURIComponent(lists[j]?.[i % (lists[j]?.length || 1)] ?? 'zz')),
          op.url,
        );
        await send(op, url, query, 'id');
      }
      continue;
    }
    if (op.method === 'GET') {
      await send(op, op.url, query, 'content');
      const compound = f.compoundIds[0];
      if (compound) await send(op, op.url, { ...query, compoundId: compound }, 'content');
      if (compound && op.query.some((q) => q.name === 'nodeId'))
        await send(op, op.url, { ...query, nodeId: compound }, 'content');
      continue;
    }
    // A write without path parameters: the body's id fields carry foreign ids, if it has any.
    const hasIdField = !!op.body && JSON.stringify(sample(op.body, '', idFor)).match(/"[A-Za-z]*Ids?":/) !== null;
    await send(op, op.url, query, hasIdField ? 'id' : 'none');
  }
  for (const op of deferred) await send(op, op.url, {}, 'none');
  return { leaks, errors };
}
