import fs from 'node:fs';
import path from 'node:path';
import { importReasonText, TREE_COLUMNS } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { cliLang } from './import.cli';
import { sniffFormat } from './import.parse';
import { importTree } from './tree-import';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The operator's language; from the environment when not given (see cliLang). */
  lang?: 'zh-CN' | 'en';
}

/**
 * `lianxin import-tree FILE [--dry-run]`: exit 0 when imported (or the dry run is clean), listing
 * what it adds; 1 with one line per bad row (row, column, reason in the user's language); 2 on
 * usage errors. The operator at the console may import under any district.
 */
export async function runTreeImportCli(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    io.stderr('usage: lianxin import-tree FILE [--dry-run]\n');
    return 2;
  }
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    io.stderr(`cannot read ${file}\n`);
    return 2;
  }
  const lang = io.lang ?? cliLang();
  const dryRun = args.includes('--dry-run');
  const out = await importTree(ctx, buf, sniffFormat(file, buf), {
    dryRun,
    actorAccountId: null,
    channel: 'cli',
    scopePaths: 'all',
    fileName: path.basename(file),
  });
  const colName = (k: string) => {
    const c = TREE_COLUMNS.find((t) => t.key === k);
    return c ? (lang === 'en' ? c.en : c.zh) : k;
  };
  // The codes stay for scripts; the words after them are for the person at the console.
  for (const e of out.errors)
    io.stdout(
      `row ${e.row}\t${e.column}\t${e.reason}\t${colName(e.column)}: ${importReasonText(e.reason, lang)}${e.value ? `\t${e.value}` : ''}\n`,
    );
  for (const a of out.added) io.stdout(`${dryRun ? 'will add' : 'added'}\t${colName(a.kind)}\t${a.under} / ${a.name}\n`);
  const verb = dryRun ? 'checked' : out.ok ? 'imported' : 'not imported';
  io.stdout(
    `${verb}: ${out.rows} rows, ${out.added.length} nodes added, ${out.existing} already there, ${out.errors.length} errors\n`,
  );
  return out.ok ? 0 : 1;
}
