import { hundredthsToArea, IMPORT_COLUMNS, type ImportRowError } from '@lianxin/shared';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { type ParsedSheet, parseSheet, type SheetFormat } from './import.parse';
import { createImportRepository } from './import.repository';
import { validateSheet } from './import.validate';
import { isUniqueViolation } from './registry.service';

type Deps = Pick<AppContext, 'db' | 'audit'>;

export interface ImportCounts {
  added: number;
  changed: number;
  unchanged: number;
}

export interface ImportOutcome {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  units: number;
  people: number;
  errors: ImportRowError[];
  /** What the import adds, changes or leaves as it was (a re-import of a corrected sheet). */
  unitCounts: ImportCounts;
  peopleCounts: ImportCounts;
  /** Buildings and 单元 it creates (listed in the dry run for confirmation). */
  newBuildings: string[];
  newStairwells: string[];
  /** Registered people of the sheet's units that it no longer lists: for staff to confirm, never deleted. */
  absent: Array<{ id: string; name: string; address: string }>;
}

export interface ImportOptions {
  dryRun: boolean;
  actorAccountId: string | null;
  fileName: string;
  /** Called after each written batch with (rows done, rows total). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Imports households and people into a compound: parse, validate every row (all errors, each with
 * row, column and reason), then — unless it is a dry run or any row is bad — write everything in
 * one transaction, in batches, reporting progress. Nothing is half-imported.
 */
export async function importHouseholds(
  deps: Deps,
  compoundId: string,
  buf: Buffer,
  format: SheetFormat,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  return importSheet(deps, compoundId, await parseSheet(buf, format), opts);
}

/** The same as importHouseholds for a sheet already read (the route reads it before it answers). */
export async function importSheet(
  deps: Deps,
  compoundId: string,
  sheet: ParsedSheet,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const repo = createImportRepository(deps.db);
  const context = await repo.context(compoundId);
  const { errors, plan } = validateSheet(sheet, { ...context, currentYear: new Date().getUTCFullYear() });
  const count = <T extends { existingId: string | null; changed: boolean }>(xs: T[]): ImportCounts => ({
    added: xs.filter((x) => !x.existingId).length,
    changed: xs.filter((x) => x.existingId && x.changed).length,
    unchanged: xs.filter((x) => x.existingId && !x.changed).length,
  });
  const ok = errors.length === 0;
  const outcome: ImportOutcome = {
    ok,
    dryRun: opts.dryRun,
    rows: plan.rows,
    units: plan.units.length,
    people: plan.people,
    errors,
    unitCounts: ok ? count(plan.units) : { added: 0, changed: 0, unchanged: 0 },
    peopleCounts: ok ? count(plan.units.flatMap((u) => u.people)) : { added: 0, changed: 0, unchanged: 0 },
    newBuildings: ok ? plan.newBuildings.map((b) => b.name) : [],
    newStairwells: ok ? plan.newStairwells : [],
    absent: ok ? plan.absent : [],
  };
  if (opts.dryRun || errors.length) return outcome;
  const total = plan.units.reduce((n, u) => n + Math.max(1, u.people.length), 0);
  const jobId = await repo.startJob({ compoundId, accountId: opts.actorAccountId, fileName: opts.fileName, total });
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.write(trx, compoundId, plan, (done) => opts.onProgress?.(done, total));
      await deps.audit.append(
        {
          actorAccountId: opts.actorAccountId,
          action: 'registry.imported',
          targetType: 'import',
          targetId: jobId,
          nodeId: compoundId,
          details: {
            file: opts.fileName,
            units: outcome.unitCounts,
            people: outcome.peopleCounts,
            buildingsCreated: outcome.newBuildings.length,
            absent: outcome.absent.length,
          },
        },
        trx,
      );
    });
  } catch (err) {
    await repo.finishJob(jobId, 'failed', 0, { error: isUniqueViolation(err) ? 'door_taken' : 'failed' });
    if (isUniqueViolation(err)) {
      return { ...outcome, ok: false, errors: [{ row: 0, column: 'door', reason: 'door_taken_meanwhile' }] };
    }
    throw err;
  }
  await repo.finishJob(jobId, 'done', total, { units: plan.units.length, people: plan.people });
  return outcome;
}

/** The import's column headers in the language asked for. */
function headers(lang: 'zh' | 'en'): string[] {
  return IMPORT_COLUMNS.map((c) => (lang === 'zh' ? c.zh : c.en));
}

function csvField(v: string): string {
  // A leading =,+,-,@ would run as a formula in Excel: quote it with an apostrophe.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Exports a compound in the import's own shape: one row per resident, one per empty unit. */
export async function exportHouseholds(
  deps: Pick<AppContext, 'db'>,
  compoundId: string,
  format: SheetFormat,
  lang: 'zh' | 'en' = 'zh',
): Promise<{ body: Buffer; rows: number }> {
  const repo = createImportRepository(deps.db);
  const { units, people, owners } = await repo.exportRows(compoundId);
  const byUnit = new Map<string, typeof people>();
  for (const p of people) {
    const list = byUnit.get(p.unit_id as string) ?? [];
    list.push(p);
    byUnit.set(p.unit_id as string, list);
  }
  const head = new Map(owners.filter((o) => o.representative === 1).map((o) => [o.unit_id, o.name]));
  const rows: string[][] = [];
  for (const u of units) {
    const residents = byUnit.get(u.id) ?? [];
    const base = [u.building, u.stairwell, u.door, hundredthsToArea(u.area_hundredths), head.get(u.id) ?? ''];
    if (!residents.length) rows.push([...base, '', '', '', '']);
    for (const p of residents) {
      let tags: string[] = [];
      try {
        tags = JSON.parse(p.tags);
      } catch {
        tags = [];
      }
      rows.push([...base, p.name, p.phone ?? '', p.birth_year ? String(p.birth_year) : '', tags.join('、')]);
    }
  }
  if (format === 'csv') {
    const text = [headers(lang), ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
    return { body: Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(`${text}\r\n`)]), rows: rows.length };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'zh' ? '住户' : 'households');
  ws.addRow(headers(lang));
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  const out = await wb.xlsx.writeBuffer();
  return { body: Buffer.from(out as ArrayBuffer), rows: rows.length };
}

export function assertFormat(v: string): SheetFormat {
  if (v === 'csv' || v === 'xlsx') return v;
  throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'format', reason: 'format' }] });
}
