import fs from 'node:fs';
import path from 'node:path';
import { ERRORS, IMPORT_COLUMNS, importReasonText } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { sniffFormat } from './import.parse';
import { exportHouseholds, type ImportOutcome, importHouseholds } from './import.service';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The operator's language; from the environment when not given (see cliLang). */
  lang?: 'zh-CN' | 'en';
}

const defaultIo: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** The operator's language from LIANXIN_LANG or the locale (LC_ALL, LANG): English unless it says zh. */
export function cliLang(env: NodeJS.ProcessEnv = process.env): 'zh-CN' | 'en' {
  const v = env.LIANXIN_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^zh/i.test(v) ? 'zh-CN' : 'en';
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function compoundOrFail(ctx: Pick<AppContext, 'registry'>, id: string | undefined, io: CliIo) {
  if (!id) {
    io.stderr('--compound ID is required\n');
    return null;
  }
  const node = await ctx.registry.findNode(id);
  if (node?.kind !== 'compound') {
    io.stderr(`no compound with id ${id}\n`);
    return null;
  }
  return node;
}

/**
 * `lianxin import FILE --compound ID [--dry-run]`: exit 0 when imported (or the dry run is
 * clean), 1 with one line per bad row (row, column, reason) otherwise, 2 on usage errors.
 * A progress line is redrawn on stderr while the batches are written.
 */
export async function runImportCli(ctx: AppContext, args: string[], io: CliIo = defaultIo): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--compound'));
  if (!file) {
    io.stderr('usage: lianxin import FILE --compound ID [--dry-run]\n');
    return 2;
  }
  const node = await compoundOrFail(ctx, flag(args, '--compound'), io);
  if (!node) return 2;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    io.stderr(`cannot read ${file}\n`);
    return 2;
  }
  const dryRun = args.includes('--dry-run');
  const started = performance.now();
  let out: ImportOutcome;
  try {
    out = await importHouseholds(ctx, node.id, buf, sniffFormat(file, buf), {
      dryRun,
      actorAccountId: null,
      fileName: path.basename(file),
      onProgress: (done, total) => io.stderr(`\rimporting ${done}/${total} rows (${Math.floor((done * 100) / total)}%)`),
    });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'SPREADSHEET_TOO_LARGE')) throw err;
    const { limit, max } = err.details as { limit: string; max: number };
    io.stderr(`${file}: ${ERRORS.SPREADSHEET_TOO_LARGE.en} (over the ${limit} limit of ${max}); nothing imported\n`);
    return 1;
  }
  if (!dryRun && out.ok) io.stderr('\n');
  const lang = io.lang ?? cliLang();
  const colName = (k: string) => {
    const c = IMPORT_COLUMNS.find((x) => x.key === k);
    return c ? (lang === 'en' ? c.en : c.zh) : k;
  };
  // The codes stay for scripts; the words after them are for the person at the console.
  for (const e of out.errors)
    io.stdout(
      `row ${e.row}\t${e.column}\t${e.reason}\t${colName(e.column)}: ${importReasonText(e.reason, lang)}${e.value ? `\t${e.value}` : ''}\n`,
    );
  const zh = lang === 'zh-CN';
  for (const b of out.newBuildings)
    io.stdout(`${zh ? (dryRun ? '将新建楼栋' : '新建楼栋') : dryRun ? 'will create building' : 'created building'}\t${b}\n`);
  for (const b of out.newStairwells)
    io.stdout(`${zh ? (dryRun ? '将新建单元' : '新建单元') : dryRun ? 'will create stairwell' : 'created stairwell'}\t${b}\n`);
  for (const a of out.absent)
    io.stdout(
      `${zh ? '表中已没有（请核对，未删除）' : 'no longer in the sheet (confirm; nothing deleted)'}\t${a.address}\t${a.name}\n`,
    );
  if (out.ok) {
    const c = (x: { added: number; changed: number; unchanged: number }) =>
      zh
        ? `新增 ${x.added}，变更 ${x.changed}，未变 ${x.unchanged}`
        : `added ${x.added}, changed ${x.changed}, unchanged ${x.unchanged}`;
    io.stdout(`${zh ? '户' : 'units'}: ${c(out.unitCounts)}; ${zh ? '人' : 'people'}: ${c(out.peopleCounts)}\n`);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const verb = dryRun ? 'checked' : out.ok ? 'imported' : 'not imported';
  io.stdout(`${verb}: ${out.rows} rows, ${out.units} units, ${out.people} people, ${out.errors.length} errors (${secs} s)\n`);
  return out.ok ? 0 : 1;
}

/** `lianxin export --compound ID --output FILE` (CSV or XLSX by the file's extension). */
export async function runExportCli(ctx: AppContext, args: string[], io: CliIo = defaultIo): Promise<number> {
  const output = flag(args, '--output');
  if (!output) {
    io.stderr('usage: lianxin export --compound ID --output FILE.csv|FILE.xlsx\n');
    return 2;
  }
  const node = await compoundOrFail(ctx, flag(args, '--compound'), io);
  if (!node) return 2;
  const format = /\.xlsx$/i.test(output) ? 'xlsx' : 'csv';
  const { body, rows } = await exportHouseholds(ctx, node.id, format);
  fs.writeFileSync(output, body);
  await ctx.audit.append({
    actorAccountId: null,
    channel: 'cli',
    action: 'registry.exported',
    targetType: 'node',
    targetId: node.id,
    nodeId: node.id,
    details: { rows, format },
  });
  io.stdout(`exported ${rows} rows to ${output}\n`);
  return 0;
}
