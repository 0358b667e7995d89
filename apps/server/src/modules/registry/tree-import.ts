import { TREE_COLUMNS, type TreeAddition, type TreeColumn } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { decodeText, parseCsv, readXlsxAny, type SheetFormat } from './import.parse';
import { buildingKey } from './import.validate';
import { createTreeImportRepository } from './tree-import.repository';

export interface TreeRowError {
  row: number;
  column: TreeColumn | 'file';
  reason: string;
  value?: string;
}

export interface TreeImportOutcome {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  /** The nodes this import adds (or, in a dry run, would add), in sheet order. */
  added: TreeAddition[];
  /** Nodes the sheet names that already exist (a re-import adds nothing). */
  existing: number;
  errors: TreeRowError[];
}

const HEADERS = new Map<string, TreeColumn>();
for (const c of TREE_COLUMNS) {
  HEADERS.set(c.zh, c.key);
  HEADERS.set(c.en, c.key);
}
for (const [k, v] of [
  ['区县', 'district'],
  ['区/县', 'district'],
  ['县', 'district'],
  ['街道/镇', 'subdistrict'],
  ['镇', 'subdistrict'],
  ['乡镇街道', 'subdistrict'],
  ['街道办', 'subdistrict'],
  ['社区/村', 'community'],
  ['村', 'community'],
  ['小区名称', 'compound'],
  ['楼号', 'building'],
  ['栋', 'building'],
] as const)
  HEADERS.set(k, v);

const NAME_RE = /^[^\p{Cc}<>]{1,40}$/u;

interface Known {
  id: string;
  path: string;
  kind: string;
  children: Map<string, Known>;
  under: string;
}

/**
 * Imports the organisation tree from a sheet whose rows name a place from the district down
 * (区, 街道, 社区, 小区, optionally 楼栋). Every row is checked and every bad one named; the
 * district must already exist (created by `lianxin admin create`) and lie in `scopePaths`; the
 * levels below are created when missing and reused when present (buildings matched the way the
 * households import matches them: "3栋" = "3号楼"), so a re-import adds nothing twice. All of it
 * is written in one transaction, or nothing is.
 */
export async function importTree(
  deps: Pick<AppContext, 'db' | 'audit'>,
  buf: Buffer,
  format: SheetFormat,
  opts: { dryRun: boolean; actorAccountId: string | null; channel?: string; scopePaths: string[] | 'all'; fileName: string },
): Promise<TreeImportOutcome> {
  const repo = createTreeImportRepository(deps.db);
  const fail = (errors: TreeRowError[], rows = 0): TreeImportOutcome => ({
    ok: false,
    dryRun: opts.dryRun,
    rows,
    added: [],
    existing: 0,
    errors,
  });
  let table: string[][];
  try {
    table = format === 'xlsx' ? await readXlsxAny(buf) : parseCsv(decodeText(buf));
  } catch {
    return fail([{ row: 0, column: 'file', reason: 'unreadable' }]);
  }
  const columns: Partial<Record<TreeColumn, number>> = {};
  (table[0] ?? []).forEach((h, i) => {
    const key = HEADERS.get(h.trim()) ?? HEADERS.get(h.trim().toLowerCase());
    if (key && columns[key] === undefined) columns[key] = i;
  });
  const missing = (['district', 'subdistrict', 'community', 'compound'] as const).filter((k) => columns[k] === undefined);
  if (missing.length) return fail(missing.map((column) => ({ row: 1, column, reason: 'missing_column' })));

  // The existing tree, keyed by parent then name (buildings by their key).
  const all = await repo.allNodes();
  const byId = new Map<string, Known>();
  for (const n of all) byId.set(n.id, { id: n.id, path: n.path, kind: n.kind, children: new Map(), under: '' });
  const districts = new Map<string, Known>();
  for (const n of all) {
    const k = byId.get(n.id) as Known;
    const key = n.kind === 'building' ? buildingKey(n.name) : n.name;
    if (n.parent_id) byId.get(n.parent_id)?.children.set(key, k);
    else if (n.kind === 'district') districts.set(n.name, k);
  }

  const errors: TreeRowError[] = [];
  const added: TreeAddition[] = [];
  const inserts: Array<{ id: string; parentId: string; parentPath: string; kind: string; name: string }> = [];
  const seenExisting = new Set<string>();
  let rows = 0;
  for (let i = 1; i < table.length; i++) {
    const cells = (table[i] ?? []).map((c) => (c ?? '').trim());
    if (cells.every((c) => c === '')) continue;
    rows++;
    const row = i + 1;
    const names = TREE_COLUMNS.map((c) => {
      const at = columns[c.key];
      return at === undefined ? '' : (cells[at] ?? '').replace(/\s+/g, ' ');
    });
    const before = errors.length;
    let deepest = -1;
    names.forEach((n, level) => {
      if (n) deepest = level;
    });
    for (let level = 0; level <= deepest; level++) {
      const column = (TREE_COLUMNS[level] as (typeof TREE_COLUMNS)[number]).key;
      const name = names[level] as string;
      if (!name) errors.push({ row, column, reason: level === 0 ? 'required' : 'parent_missing' });
      else if ([...name].length > 40) errors.push({ row, column, reason: 'too_long', value: name.slice(0, 40) });
      else if (!NAME_RE.test(name)) errors.push({ row, column, reason: 'name', value: name });
    }
    if (errors.length > before) continue;
    const district = districts.get(names[0] as string);
    const inScope = (p: string) => opts.scopePaths === 'all' || opts.scopePaths.some((s) => p.startsWith(s));
    if (!district || !inScope(district.path)) {
      errors.push({ row, column: 'district', reason: 'unknown_district', value: names[0] });
      continue;
    }
    let parent = district;
    let under = names[0] as string;
    for (let level = 1; level <= deepest; level++) {
      const col = TREE_COLUMNS[level] as (typeof TREE_COLUMNS)[number];
      const name = names[level] as string;
      const key = col.kind === 'building' ? buildingKey(name) : name;
      let child = parent.children.get(key);
      if (!child) {
        const id = repo.newId();
        child = { id, path: `${parent.path}${id}/`, kind: col.kind, children: new Map(), under };
        parent.children.set(key, child);
        inserts.push({ id, parentId: parent.id, parentPath: parent.path, kind: col.kind, name });
        added.push({ row, kind: col.key, name, under });
      } else if (!inserts.some((n) => n.id === child?.id)) seenExisting.add(child.id);
      parent = child;
      under = `${under} / ${name}`;
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const outcome: TreeImportOutcome = {
    ok: errors.length === 0,
    dryRun: opts.dryRun,
    rows,
    added: errors.length ? [] : added,
    existing: seenExisting.size,
    errors,
  };
  if (opts.dryRun || errors.length || !inserts.length) return outcome;
  await deps.db.transaction().execute(async (trx) => {
    await repo.insert(trx, inserts);
    await deps.audit.append(
      {
        actorAccountId: opts.actorAccountId,
        channel: opts.channel ?? null,
        action: 'registry.tree_imported',
        targetType: 'import',
        targetId: inserts[0]?.id ?? null,
        details: {
          file: opts.fileName,
          added: Object.fromEntries(TREE_COLUMNS.map((c) => [c.key, added.filter((a) => a.kind === c.key).length])),
        },
      },
      trx,
    );
  });
  return outcome;
}
