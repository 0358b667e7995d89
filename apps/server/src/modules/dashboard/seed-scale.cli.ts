import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { type BulkWriter, pgBulkWriter, sqliteBulkWriter } from './bulk-writer';
import { createRollup } from './rollup';
import { parseScaleArgs, type ScaleResult, seedScale } from './seed-scale';

/** The tables of this database (the generator skips a module's rows when its table is absent). */
export async function tableNames(ctx: Pick<AppContext, 'db' | 'dialect'>): Promise<Set<string>> {
  const r =
    ctx.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(ctx.db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(ctx.db);
  return new Set(r.rows.map((x) => x.name));
}

export function bulkWriterFor(ctx: Pick<AppContext, 'config' | 'dialect'>): BulkWriter {
  return ctx.dialect === 'postgres' && ctx.config.databaseUrl
    ? pgBulkWriter(ctx.config.databaseUrl)
    : sqliteBulkWriter(ctx.config.sqliteFile);
}

/** Generates a city and rebuilds the rollups; returns both timings. */
export async function generateCity(
  ctx: Pick<AppContext, 'config' | 'dialect' | 'db' | 'dashboard'>,
  opts: Parameters<typeof seedScale>[1],
): Promise<ScaleResult & { indexSeconds: number; rollupSeconds: number; loadRowsPerSecond: number }> {
  const writer = bulkWriterFor(ctx);
  let result: ScaleResult;
  let indexSeconds = 0;
  const tables = await tableNames(ctx);
  const big = ['orders', 'volunteer_hours', 'people', 'units'].filter((t) => tables.has(t));
  try {
    // Only for a big load: on a small one rebuilding every index would cost more than it saves.
    const restore = opts.orders >= 500_000 ? await writer.suspendIndexes(big) : null;
    try {
      result = await seedScale(writer, opts, tables);
    } finally {
      const t = performance.now();
      await restore?.();
      indexSeconds = (performance.now() - t) / 1000;
      if (restore) opts.log?.(`  indexes rebuilt in ${indexSeconds.toFixed(1)} s`);
    }
  } finally {
    await writer.close();
  }
  const t = performance.now();
  await createRollup(ctx.dashboard).rebuild();
  return {
    ...result,
    indexSeconds,
    rollupSeconds: (performance.now() - t) / 1000,
    // Rows per second of the whole load, index rebuild included.
    loadRowsPerSecond: Math.round(result.totalRows / (result.seconds + indexSeconds)),
  };
}

/** `lianxin seed-scale --compounds 1000 [--orders N] [--people N] [--households N] [--hours N] [--months N] [--batch N]` */
export async function runSeedScaleCli(ctx: AppContext, args: string[]): Promise<number> {
  let opts: ReturnType<typeof parseScaleArgs>;
  try {
    opts = parseScaleArgs(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  process.stderr.write(
    `generating ${opts.compounds} compounds, ${opts.orders.toLocaleString('en')} orders, ${opts.people.toLocaleString('en')} residents on ${ctx.dialect}…\n`,
  );
  const r = await generateCity(ctx, { ...opts, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(
    `${JSON.stringify({
      district: r.districtId,
      rows: r.rows,
      totalRows: r.totalRows,
      seconds: Number(r.seconds.toFixed(1)),
      rowsPerSecond: r.rowsPerSecond,
      indexSeconds: Number(r.indexSeconds.toFixed(1)),
      loadRowsPerSecond: r.loadRowsPerSecond,
      rollupSeconds: Number(r.rollupSeconds.toFixed(1)),
    })}\n`,
  );
  return 0;
}
