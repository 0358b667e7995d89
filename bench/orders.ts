/**
 * Help-order benchmark: place-order and take-order over loopback with autocannon (50
 * connections, bounded time), on SQLite and PostgreSQL, next to a bare Fastify + Kysely route
 * doing a single-row insert on the same database (the ceiling), all in one run.
 *
 *   npm run bench -- orders            # 10 s per case; writes bench/results/orders.md
 *   npm run bench -- orders --short    # 3 s per case; writes bench/results/orders.short.tmp
 *
 * The servers run in a child process (this file with --serve) so the load generator does not
 * share their event loop. Everything the real routes do stays on: session lookup, CSRF, zod
 * validation, the transaction with the order event and the hash-chained audit entry, the
 * in-app notification and the live publish.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type LoadResult, loadTable, machineInfo, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const DURATION = short ? 3 : 10;
const CONNECTIONS = 50;
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface ServeInfo {
  appPort: number;
  barePort: number;
  noAuditPort: number;
  resident: { cookie: string; csrf: string };
  volunteer: { cookie: string; csrf: string };
  takeIds: string[];
  takeIdsNoAudit: string[];
}

// ---------------------------------------------------------------- child: the servers under test
async function serve(dialect: 'sqlite' | 'postgres', takeCount: number) {
  const [
    { buildApp },
    { loadConfig },
    { createContext },
    { openDatabase },
    { migrateToLatest },
    { seedDemo },
    { createOrdersModule },
    Fastify,
    pg,
    { newId },
  ] = await Promise.all([
    import('../apps/server/src/app'),
    import('../apps/server/src/config'),
    import('../apps/server/src/context'),
    import('../apps/server/src/db/database'),
    import('../apps/server/src/db/migrate'),
    import('../apps/server/src/modules/demo/seed-demo'),
    import('../apps/server/src/modules/orders/orders.module'),
    import('fastify'),
    import('pg'),
    import('../apps/server/src/lib/ids'),
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
  await seedDemo(ctx);
  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });

  // Diagnostic twin: the same routes with the audit append replaced by nothing, to measure what
  // the hash chain (and its global lock) costs. Not a proposal to run without audit.
  const noAudit = { ...ctx.audit, append: async () => {} };
  const ctx2 = {
    ...ctx,
    orders: createOrdersModule({ db: ctx.db, bus: ctx.bus, audit: noAudit, hours: ctx.hours, notifications: ctx.notifications }),
  };
  const app2 = await buildApp(ctx2, { logLevel: 'silent' });
  await app2.listen({ port: 0, host: '127.0.0.1' });

  // The ceiling: bare Fastify + Kysely, one single-row insert per request, same database.
  const { sql } = await import('kysely');
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

  const loginAs = async (phone: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password: 'lianxin2026' } });
    const c = r.cookies.find((x) => x.name === 'lx_session');
    return { cookie: `lx_session=${c?.value}`, csrf: (r.json() as { csrfToken: string }).csrfToken };
  };
  const resident = await loginAs('19900000001');
  const volunteer = await loginAs('19900000002');

  // Orders for the take case, placed directly (setup, not measured).
  const home = await ctx.orders.repo.homeOf('p-19900000001');
  const makeOrders = async (n: number) => {
    const ids: string[] = [];
    const now = new Date().toISOString();
    for (let i = 0; i < n; i += 400) {
      const rows = Array.from({ length: Math.min(400, n - i) }, () => {
        const id = newId();
        ids.push(id);
        return {
          id,
          compound_id: home?.compoundId ?? 'wuxingaz',
          building_id: home?.buildingId ?? null,
          node_path: home?.nodePath ?? '/yunlong/yuntian/wuxing/wuxingaz/',
          resident_person_id: 'p-19900000001',
          placed_by_account_id: null,
          channel: 'self',
          category: 'shopping',
          description: 'bench',
          window_start: now,
          window_end: now,
          urgency: 'normal' as const,
          status: 'placed' as const,
          created_at: now,
          updated_at: now,
        };
      });
      await ctx.db.insertInto('orders').values(rows).execute();
    }
    return ids;
  };
  const takeIds = await makeOrders(takeCount);
  const takeIdsNoAudit = await makeOrders(takeCount);
  const addr = (a: { server: { address(): unknown } }) => (a.server.address() as { port: number }).port;
  const info: ServeInfo = {
    appPort: addr(app),
    barePort: addr(bare),
    noAuditPort: addr(app2),
    resident,
    volunteer,
    takeIds,
    takeIdsNoAudit,
  };
  process.send?.(info);
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await Promise.all([app.close(), app2.close(), bare.close()]);
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
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
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

function windowBody() {
  const s = Date.now() + 3600_000;
  return JSON.stringify({
    category: 'shopping',
    description: '买大米和食用油',
    windowStart: new Date(s).toISOString(),
    windowEnd: new Date(s + 7200_000).toISOString(),
  });
}

async function runDialect(dialect: 'sqlite' | 'postgres') {
  const takeCount = short ? 20_000 : 60_000;
  const child: ChildProcess = fork(import.meta.filename, ['--serve', dialect, String(takeCount)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const info = await new Promise<ServeInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServeInfo));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const json = { 'content-type': 'application/json' };
  const body = windowBody();
  const takeCase = (port: number, ids: string[], label: string) => {
    let i = 0;
    return load(label, {
      url: base(port),
      requests: [
        {
          method: 'POST',
          headers: { cookie: info.volunteer.cookie, 'x-csrf-token': info.volunteer.csrf },
          setupRequest: (req: AutocannonRequest) => ({ ...req, path: `/api/v1/orders/${ids[i++] ?? 'exhausted'}/take` }),
        },
      ],
    });
  };
  // Warm-up (JIT, pools), not reported.
  await autocannon({ url: `${base(info.barePort)}/bare`, connections: 10, duration: 1, method: 'POST', headers: json, body });
  await autocannon({
    url: `${base(info.appPort)}/api/v1/orders`,
    connections: 10,
    duration: 1,
    method: 'POST',
    headers: { ...json, cookie: info.resident.cookie, 'x-csrf-token': info.resident.csrf },
    body,
  });

  const baseline = await load(`${dialect}: bare Fastify + Kysely single-row insert (ceiling)`, {
    url: `${base(info.barePort)}/bare`,
    method: 'POST',
    headers: json,
    body,
  });
  const place = await load(`${dialect}: place-order`, {
    url: `${base(info.appPort)}/api/v1/orders`,
    method: 'POST',
    headers: { ...json, cookie: info.resident.cookie, 'x-csrf-token': info.resident.csrf },
    body,
  });
  const take = await takeCase(info.appPort, info.takeIds, `${dialect}: take-order`);
  const placeNoAudit = await load(`${dialect}: place-order, audit append stubbed (diagnostic)`, {
    url: `${base(info.noAuditPort)}/api/v1/orders`,
    method: 'POST',
    headers: { ...json, cookie: info.resident.cookie, 'x-csrf-token': info.resident.csrf },
    body,
  });
  const takeNoAudit = await takeCase(
    info.noAuditPort,
    info.takeIdsNoAudit,
    `${dialect}: take-order, audit append stubbed (diagnostic)`,
  );
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  return { baseline, rows: [place, take, placeNoAudit, takeNoAudit] };
}

async function main() {
  const i = process.argv.indexOf('--serve');
  if (i !== -1) {
    await serve(process.argv[i + 1] as 'sqlite' | 'postgres', Number(process.argv[i + 2]));
    return;
  }
  const results = [];
  for (const d of ['sqlite', 'postgres'] as const) {
    console.log(`orders bench: ${d}…`);
    results.push({ dialect: d, ...(await runDialect(d)) });
  }
  const sections = results
    .map(
      (r) =>
        `### ${r.dialect === 'sqlite' ? 'SQLite (WAL, one file)' : 'PostgreSQL (pool of 10)'}\n\n${loadTable(r.baseline, r.rows)}`,
    )
    .join('\n\n');
  const verdict = results
    .map((r) => {
      const [place, take] = r.rows;
      const ok = (x: LoadResult | undefined) =>
        x
          ? `${(x.rps / r.baseline.rps).toFixed(2)} (${x.rps / r.baseline.rps >= 0.5 ? 'meets' : 'misses'} ≥ 0.5), p99 ${x.p99} ms (${x.p99 < 25 ? 'meets' : 'misses'} < 25 ms)`
          : '';
      return `- ${r.dialect}: place-order ratio ${ok(place)}; take-order ratio ${ok(take)}`;
    })
    .join('\n');
  const md = `# Help-order benchmark${short ? ' (--short)' : ''}

${machineInfo()}; load average ${os.loadavg()[0]?.toFixed(2)} when written (other engineers' processes share this machine).

autocannon over 127.0.0.1, ${CONNECTIONS} connections, ${DURATION} s per case, servers in a child process.
place-order = POST /api/v1/orders as the resident 万玉清 (session lookup, CSRF, zod validation,
transaction: order row + order event + hash-chained audit entry, then the in-app notification with
the preference lookup, and the live publish on two bus channels). take-order = POST
/api/v1/orders/:id/take as the volunteer 黄园 on a fresh placed order each request (conditional
update, event, audit, notification to the resident, live publish on three channels).
The ceiling is a bare Fastify route doing one single-row insert through the same Kysely instance.
The two "audit append stubbed" rows are a diagnostic twin of the same app with ctx.audit.append
replaced by a no-op, to show what the audit chain costs; they are not a configuration anyone runs.

${sections}

## Against the targets

${verdict}
`;
  const file = writeReport('orders', md, short);
  console.log(md);
  console.log(`written ${file}`);
}

await main();
