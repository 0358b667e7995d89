/**
 * Owners' vote benchmark: casting ballots over HTTP (POST /api/v1/votes/:id/ballots) with
 * autocannon, on SQLite and PostgreSQL, next to a bare Fastify + Kysely route doing a single-row
 * insert on the same database (the ceiling), all in one run.
 *
 *   npm run bench -- votes            # 10,000 owners, each votes once; writes bench/results/votes.md
 *   npm run bench -- votes --short    # 4,000 owners; writes bench/results/votes.short.tmp
 *
 * Every request is a different owner (a signed-in session per owner), so every ballot is a real
 * first ballot: session lookup, CSRF, zod validation, the owner's subject looked up in the frozen
 * electorate, the transaction that locks the vote row (FOR SHARE on PostgreSQL), inserts the
 * ballot under the (vote, subject) unique constraint and appends the hash-chained audit entry.
 * The run is bounded by count (one request per owner), not by time. The servers run in a child
 * process so the load generator does not share their event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type LoadResult, loadTable, machineInfo, RESULTS_DIR, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const OWNERS = short ? 4_000 : 10_000;
const CONNECTIONS = 32;
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface ServeInfo {
  appPort: number;
  barePort: number;
  voteId: string;
  sessions: Array<{ cookie: string; csrf: string }>;
  seedMs: number;
  openMs: number;
}

// ---------------------------------------------------------------- child: the servers under test
async function serve(dialect: 'sqlite' | 'postgres', owners: number) {
  const [
    { buildApp },
    { loadConfig },
    { createContext },
    { openDatabase },
    { migrateToLatest },
    Fastify,
    pg,
    { newId },
    { sql },
  ] = await Promise.all([
    import('../apps/server/src/app'),
    import('../apps/server/src/config'),
    import('../apps/server/src/context'),
    import('../apps/server/src/db/database'),
    import('../apps/server/src/db/migrate'),
    import('fastify'),
    import('pg'),
    import('../apps/server/src/lib/ids'),
    import('kysely'),
  ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-'));
  let url: string | undefined;
  let dbName = '';
  if (dialect === 'postgres') {
    dbName = `lx_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.default.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: dataDir, LIANXIN_DEMO: 'off' }), databaseUrl: url };
  const database = openDatabase({ databaseUrl: url, sqliteFile: config.sqliteFile, poolSize: 10 });
  await migrateToLatest(database.db);
  const ctx = createContext(config, database);

  // One compound of `owners` flats, one owner and one signed-in session each (setup, not measured).
  const t0 = performance.now();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('nodes')
    .values([
      { id: 'bd', parent_id: null, kind: 'district', name: '基准区', path: '/bd/', created_at: now },
      { id: 'bc', parent_id: 'bd', kind: 'compound', name: '基准小区', path: '/bd/bc/', created_at: now },
    ])
    .execute();
  const buildings = Math.ceil(owners / 120);
  for (let b = 1; b <= buildings; b++) {
    await ctx.db
      .insertInto('nodes')
      .values({ id: `bb${b}`, parent_id: 'bc', kind: 'building', name: `${b}栋`, path: `/bd/bc/bb${b}/`, created_at: now })
      .execute();
  }
  for (let i = 0; i < owners; i += 400) {
    const n = Math.min(400, owners - i);
    const idx = Array.from({ length: n }, (_, k) => i + k);
    await ctx.db
      .insertInto('people')
      .values(
        idx.map((k) => ({
          id: `bp${k}`,
          node_id: 'bc',
          name: `业主${k}`,
          phone: null,
          birth_year: null,
          id_number: null,
          created_at: now,
          erased_at: null,
        })),
      )
      .execute();
    await ctx.db
      .insertInto('units')
      .values(
        idx.map((k) => ({
          id: `bu${k}`,
          compound_id: 'bc',
          building_id: `bb${Math.floor(k / 120) + 1}`,
          stairwell: String(Math.floor((k % 120) / 60) + 1),
          door: String(101 + (k % 60)),
          area_hundredths: 6000 + ((k * 7919) % 9000),
          area_source: 'registered' as const,
          developer_held: 0,
          created_at: now,
        })),
      )
      .execute();
    await ctx.db
      .insertInto('unit_owners')
      .values(idx.map((k) => ({ unit_id: `bu${k}`, person_id: `bp${k}`, representative: 1 })))
      .execute();
    await ctx.db
      .insertInto('accounts')
      .values(
        idx.map((k) => ({
          id: `ba${k}`,
          person_id: `bp${k}`,
          phone: `170${String(k).padStart(8, '0')}`,
          password_hash: null,
          created_at: now,
        })),
      )
      .execute();
  }
  const sessions: Array<{ cookie: string; csrf: string }> = [];
  for (let i = 0; i < owners; i += 50) {
    const made = await Promise.all(
      Array.from({ length: Math.min(50, owners - i) }, (_, k) => ctx.accounts.createSession(`ba${i + k}`)),
    );
    for (const s of made) sessions.push({ cookie: `lx_session=${s.token}`, csrf: s.csrf });
  }
  const seedMs = performance.now() - t0;

  // Open the vote as staff: this freezes the electorate of `owners` subjects.
  await ctx.db
    .insertInto('people')
    .values({
      id: 'bstaff',
      node_id: 'bc',
      name: '工作人员',
      phone: null,
      birth_year: null,
      id_number: null,
      created_at: now,
      erased_at: null,
    })
    .execute();
  const t1 = performance.now();
  const voteId = await ctx.votes.create(
    {
      accountId: 'bench-staff',
      personId: 'bstaff',
      sessionId: 'bench',
      csrfToken: '',
      lang: 'zh-CN',
      largeText: false,
      grants: [{ role: 'community_worker', nodeId: 'bc', path: '/bd/bc/' }],
      actingFor: null,
    },
    { compoundId: 'bc', kind: 'decision', matter: 4, title: '基准表决', closesAt: new Date(Date.now() + 3600_000).toISOString() },
  );
  const openMs = performance.now() - t1;

  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });

  // The ceiling: bare Fastify + Kysely, one single-row insert per request, same database.
  await sql`create table if not exists bench_bare (id text primary key, body text not null, created_at text not null)`.execute(
    ctx.db,
  );
  const bare = Fastify.default({ logger: false });
  bare.post('/bare', async (req) => {
    const id = newId();
    await sql`insert into bench_bare (id, body, created_at) values (${id}, ${JSON.stringify(req.body)}, ${new Date().toISOString()})`.execute(
      ctx.db,
    );
    return { id };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const addr = (a: { server: { address(): unknown } }) => (a.server.address() as { port: number }).port;
  process.send?.({ appPort: addr(app), barePort: addr(bare), voteId, sessions, seedMs, openMs } satisfies ServeInfo);

  process.on('message', async (m) => {
    if (m === 'count') {
      const r = await ctx.db
        .selectFrom('vote_ballots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('vote_id', '=', voteId)
        .executeTakeFirstOrThrow();
      process.send?.({ ballots: Number(r.n) });
      return;
    }
    if (m !== 'stop') return;
    await Promise.all([app.close(), bare.close()]);
    await ctx.bus.close();
    await database.close();
    if (dbName) {
      const admin = new pg.default.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

// ---------------------------------------------------------------- parent: load and report
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type AutocannonRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function load(label: string, opts: Record<string, unknown>): Promise<LoadResult> {
  const r = await autocannon({ connections: CONNECTIONS, ...opts });
  return {
    label,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

async function runDialect(dialect: 'sqlite' | 'postgres') {
  const child: ChildProcess = fork(import.meta.filename, ['--serve', dialect, String(OWNERS)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const info = await new Promise<ServeInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServeInfo));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const json = { 'content-type': 'application/json' };
  const body = JSON.stringify({ choice: 'yes' });
  // Warm-up on the bare route only (a warm-up ballot would use up owners).
  await autocannon({ url: `${base(info.barePort)}/bare`, connections: 10, duration: 1, method: 'POST', headers: json, body });
  const baseline = await load(`${dialect}: bare Fastify + Kysely single-row insert (ceiling)`, {
    url: `${base(info.barePort)}/bare`,
    amount: OWNERS,
    method: 'POST',
    headers: json,
    body,
  });
  let next = 0;
  const cast = await load(`${dialect}: cast a ballot (one per owner)`, {
    url: base(info.appPort),
    amount: OWNERS,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/votes/${info.voteId}/ballots`,
        body,
        setupRequest: (req: AutocannonRequest) => {
          const s = info.sessions[next++ % info.sessions.length] as { cookie: string; csrf: string };
          return { ...req, headers: { ...json, cookie: s.cookie, 'x-csrf-token': s.csrf } };
        },
      },
    ],
  });
  child.send('count');
  const { ballots } = await new Promise<{ ballots: number }>((resolve) =>
    child.once('message', (m) => resolve(m as { ballots: number })),
  );
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  return { baseline, rows: [cast], ballots, seedMs: info.seedMs, openMs: info.openMs };
}

function tallyFigure(): string {
  const file = path.join(RESULTS_DIR, 'tally.md');
  if (!fs.existsSync(file)) return 'bench/results/tally.md not found';
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('| parseTallyInput + tally'));
  return line ? `bench/results/tally.md: ${line.replace(/\s+/g, ' ').trim()}` : 'see bench/results/tally.md';
}

async function main() {
  const i = process.argv.indexOf('--serve');
  if (i !== -1) {
    await serve(process.argv[i + 1] as 'sqlite' | 'postgres', Number(process.argv[i + 2]));
    return;
  }
  const results = [];
  for (const d of ['sqlite', 'postgres'] as const) {
    console.log(`votes bench: ${d}…`);
    results.push({ dialect: d, ...(await runDialect(d)) });
  }
  const sections = results
    .map(
      (r) =>
        `### ${r.dialect === 'sqlite' ? 'SQLite (WAL, one file)' : 'PostgreSQL (pool of 10)'}\n\n${loadTable(r.baseline, r.rows)}\n\n` +
        `Ballots stored after the run: ${r.ballots} of ${OWNERS} owners (${r.ballots === OWNERS ? 'every request made exactly one ballot' : 'MISMATCH'}). ` +
        `Setup: ${OWNERS} owners with sessions in ${(r.seedMs / 1000).toFixed(1)} s; opening the vote (freezing a ${OWNERS}-owner electorate) took ${r.openMs.toFixed(0)} ms.`,
    )
    .join('\n\n');
  const md = `# Owners' vote benchmark${short ? ' (--short)' : ''}

${machineInfo()}; load average ${os.loadavg()[0]?.toFixed(2)} when written (other engineers' processes share this machine).

autocannon over 127.0.0.1, ${CONNECTIONS} connections, ${OWNERS} requests per case (bounded by count), servers in a child
process. "cast a ballot" = POST /api/v1/votes/:id/ballots, each request a different owner's session: session lookup, CSRF,
zod validation, subject lookup in the frozen electorate, a transaction that locks the vote row (FOR SHARE on PostgreSQL, so
closing cannot miss a ballot), the ballot insert under the (vote_id, subject) unique constraint, and the hash-chained audit
entry (one global writer at a time). The ceiling is a bare Fastify route doing one single-row insert through the same Kysely
instance, measured in the same run.

${sections}

## The tally

Counting is not on the request path: the result is computed once, when the vote closes, by packages/tally.
${tallyFigure()} — 100,000 owners and 100,000 ballots, well under a second.
`;
  const file = writeReport('votes', md, short);
  console.log(md);
  console.log(`written ${file}`);
}

await main();
