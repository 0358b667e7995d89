/**
 * Import benchmark: 50,000 spreadsheet rows (about 17,000 households) into a compound, on SQLite
 * and PostgreSQL, as CSV and as XLSX, through the same code as the web upload and
 * `lianxin import`: parse, validate every row (dry run), then the all-or-nothing import in one
 * transaction with batched inserts. Baseline: the same number of people rows inserted bare
 * (multi-row INSERTs, no parsing or validation) in the same run.
 *
 *   npm run bench -- import            # writes bench/results/import.md
 *   npm run bench -- import --short    # 5,000 rows; writes import.short.tmp
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/context';
import { type DialectName, openDatabase } from '../apps/server/src/db/database';
import { migrateToLatest } from '../apps/server/src/db/migrate';
import { insertChunked } from '../apps/server/src/modules/demo/demo-registry.repository';
import { importHouseholds } from '../apps/server/src/modules/registry/import.service';
import { machineInfo, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const ROWS = short ? 5_000 : 50_000;
const BUILDINGS = 40;
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HEADER = ['楼栋', '单元', '门牌号', '面积', '户主', '姓名', '电话', '出生年份', '标签'];
const SURNAMES = '刘李陈王张周彭谭邓罗黄曾唐肖易欧杨胡朱吴廖何文蒋贺龙谢袁钟颜';
const GIVEN = ['建国', '桂兰', '志强', '淑芬', '伟', '丽', '子轩', '欣怡', '德明', '秀英', '海波', '晓燕'];

/** 50,000 rows: buildings × 4 单元 × 18 floors × 6 doors, about three people per household. */
function generateRows(n: number): string[][] {
  const rows: string[][] = [];
  let i = 0;
  for (let b = 1; b <= BUILDINGS && rows.length < n; b++) {
    for (let s = 1; s <= 4 && rows.length < n; s++) {
      for (let f = 1; f <= 18 && rows.length < n; f++) {
        for (let d = 1; d <= 6 && rows.length < n; d++) {
          const door = `${f}${String(d).padStart(2, '0')}`;
          const size = 1 + ((b * 7 + s * 5 + f * 3 + d) % 5);
          const area = `${60 + ((f * 7 + d * 13) % 80)}.${String((b + d) % 100).padStart(2, '0')}`;
          for (let k = 0; k < size && rows.length < n; k++, i++) {
            const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${k || ''}`;
            const phone = i % 4 === 0 ? '' : `139${String(10_000_000 + i).slice(-8)}`;
            rows.push([
              `${b}栋`,
              String(s),
              door,
              k === 0 ? area : '',
              k === 0 ? '是' : '',
              name,
              phone,
              String(1940 + (i % 80)),
              i % 13 === 0 ? '党员' : '',
            ]);
          }
        }
      }
    }
  }
  return rows;
}

const toCsv = (rows: string[][]) => Buffer.from(`${[HEADER, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);

async function toXlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('住户');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function openBenchDb(dialect: DialectName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-bench-import-'));
  if (dialect === 'sqlite') {
    const database = openDatabase({ sqliteFile: path.join(dir, 'bench.db') });
    return {
      database,
      drop: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `lx_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Row {
  dialect: DialectName;
  format: string;
  rows: number;
  units: number;
  people: number;
  dryRunS: number;
  importS: number;
  progressEvents: number;
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

async function runDialect(dialect: DialectName, files: Record<string, Buffer>): Promise<{ rows: Row[]; baselineS: number }> {
  const { database, drop } = await openBenchDb(dialect);
  try {
    await migrateToLatest(database.db);
    const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DEMO: 'off' }), database);
    const now = new Date().toISOString();
    await ctx.db
      .insertInto('nodes')
      .values({ id: 'bd', parent_id: null, kind: 'district', name: '基准区', path: '/bd/', created_at: now })
      .execute();
    const out: Row[] = [];
    for (const [format, buf] of Object.entries(files)) {
      const compoundId = await ctx.registry.createNode({
        parentId: 'bd',
        parentPath: '/bd/',
        kind: 'compound',
        name: `基准小区-${format}`,
      });
      const compound = await ctx.registry.findNode(compoundId);
      for (let b = 1; b <= BUILDINGS; b++)
        await ctx.registry.createNode({
          parentId: compoundId,
          parentPath: compound?.path ?? '',
          kind: 'building',
          name: `${b}栋`,
        });
      let t0 = performance.now();
      const dry = await importHouseholds(ctx, compoundId, buf, format as 'csv' | 'xlsx', {
        dryRun: true,
        actorAccountId: null,
        fileName: `bench.${format}`,
      });
      const dryRunS = secs(t0);
      if (!dry.ok) throw new Error(`bench file has errors: ${JSON.stringify(dry.errors.slice(0, 3))}`);
      let progressEvents = 0;
      t0 = performance.now();
      const res = await importHouseholds(ctx, compoundId, buf, format as 'csv' | 'xlsx', {
        dryRun: false,
        actorAccountId: null,
        fileName: `bench.${format}`,
        onProgress: () => void progressEvents++,
      });
      const importS = secs(t0);
      if (!res.ok) throw new Error('import failed');
      out.push({ dialect, format, rows: res.rows, units: res.units, people: res.people, dryRunS, importS, progressEvents });
      process.stderr.write(`${dialect} ${format}: dry run ${dryRunS.toFixed(2)} s, import ${importS.toFixed(2)} s\n`);
    }
    // Baseline: the same number of people rows, inserted bare in one transaction.
    const t0 = performance.now();
    await ctx.db.transaction().execute(async (trx) => {
      const rows = Array.from({ length: ROWS }, (_, i) => ({
        id: `bl${i}`,
        node_id: 'bd',
        name: `基准${i}`,
        phone: null,
        birth_year: 1970,
        tags: '[]',
        id_number: null,
        unit_id: null,
        created_at: now,
        erased_at: null,
      }));
      await insertChunked(trx, 'people', rows);
    });
    return { rows: out, baselineS: secs(t0) };
  } finally {
    await drop();
  }
}

async function main() {
  const rows = generateRows(ROWS);
  const files = { csv: toCsv(rows), xlsx: await toXlsx(rows) };
  const results: Row[] = [];
  const baselines: Record<string, number> = {};
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const r = await runDialect(dialect, files);
    results.push(...r.rows);
    baselines[dialect] = r.baselineS;
  }
  const table = [
    '| database | format | rows | households | people | dry run (s) | import (s) | dry run + import (s) | rows/s (import) | progress events | bare insert of the same rows (s) | under 60 s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...results.map(
      (r) =>
        `| ${r.dialect} | ${r.format} | ${r.rows} | ${r.units} | ${r.people} | ${r.dryRunS.toFixed(2)} | ${r.importS.toFixed(2)} | ${(r.dryRunS + r.importS).toFixed(2)} | ${Math.round(r.rows / r.importS)} | ${r.progressEvents} | ${(baselines[r.dialect] ?? 0).toFixed(2)} | ${r.dryRunS + r.importS < 60 ? 'yes' : 'NO'} |`,
    ),
  ].join('\n');
  const md = `# Import benchmark (${short ? 'short' : 'full'})

${machineInfo()}

${ROWS.toLocaleString('en')} spreadsheet rows (${BUILDINGS} buildings × 4 单元 × 18 floors × 6 doors, one to five people per
household, a quarter without phone) imported into an empty compound through \`importHouseholds\` — the code behind the web
upload and \`npx lianxin import\`: parse (CSV ${(files.csv.length / 2 ** 20).toFixed(1)} MiB, XLSX ${(files.xlsx.length / 2 ** 20).toFixed(1)} MiB), validate every row
(the dry run), then a second pass that parses and validates again and writes units, people and owners in ONE transaction
with multi-row INSERTs of 500 rows, reporting progress after each batch. The import column includes its own parse and
validation. The baseline is the same number of people rows inserted bare (no parsing, no validation, no units or owners)
in one transaction, in the same run.

${table}

Run: \`npm run bench -- import\`.
`;
  const file = writeReport('import', md, short);
  process.stdout.write(`${md}\nwritten to ${file}\n`);
}

await main();
