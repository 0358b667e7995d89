/**
 * Authentication benchmark: scrypt cost (hashes/s), login latency and throughput, and the
 * overhead of an authenticated GET (/api/v1/auth/me: session lookup, role grants, the /me body)
 * next to an unauthenticated one (/healthz) — all in one run, on SQLite and PostgreSQL.
 *
 *   npm run bench -- auth            # 10 s per load case; writes bench/results/auth.md
 *   npm run bench -- auth --short    # 3 s per case; writes bench/results/auth.short.tmp
 *
 * The server runs in a child process (this file with --serve) so autocannon does not share its
 * event loop. Loopback only; every loop is bounded in time and count.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { hashPassword, verifyPassword } from '../apps/server/src/modules/accounts/passwords';
import { type LoadResult, loadTable, machineInfo, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const DURATION = short ? 3 : 10;
const CONNECTIONS = 10;
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PHONE = '19900000005';
const PASSWORD = 'lianxin2026';

interface ServeInfo {
  port: number;
  cookie: string;
}

// ---------------------------------------------------------------- child: the server under test
async function serve(dialect: 'sqlite' | 'postgres') {
  const [{ buildApp }, { loadConfig }, { createContext }, { openDatabase }, { migrateToLatest }, { seedDemo }, pg] =
    await Promise.all([
      import('../apps/server/src/app'),
      import('../apps/server/src/config'),
      import('../apps/server/src/context'),
      import('../apps/server/src/db/database'),
      import('../apps/server/src/db/migrate'),
      import('../apps/server/src/modules/demo/seed-demo'),
      import('pg'),
    ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-auth-'));
  let dbName: string | null = null;
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    dbName = `lx_bench_auth_${randomBytes(4).toString('hex')}`;
    const admin = new pg.default.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    LIANXIN_DATA_DIR: dataDir,
    LIANXIN_DEMO: 'off',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  await migrateToLatest(database.db);
  const ctx = createContext(config, database);
  await seedDemo(ctx);
  // The load test logs in from one address many times on purpose.
  Object.assign(ctx.loginThrottle.settings, { ipSlowAfter: 1e9, ipLockAfter: 1e9 });
  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: PHONE, password: PASSWORD } });
  const cookie = `lx_session=${res.cookies.find((c) => c.name === 'lx_session')?.value}`;
  process.send?.({ port, cookie } satisfies ServeInfo);
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await app.close();
    await ctx.bus.close();
    await ctx.loginThrottle.store.close();
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

// ---------------------------------------------------------------- parent: measure and report
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** scrypt at the parameters passwords.ts uses: one at a time, then as many as the thread pool runs. */
async function scryptFigures() {
  const n = short ? 10 : 30;
  const stored = await hashPassword(PASSWORD);
  const params = stored.split('$').slice(1, 4).join(', ');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await verifyPassword(PASSWORD, stored);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const parallel = os.cpus().length * 2;
  // CPU time per hash: what one hash costs when the machine is not shared (wall time is not).
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await hashPassword(PASSWORD);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => hashPassword(PASSWORD)));
  const seconds = (performance.now() - t0) / 1000;
  return {
    params,
    n,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecondSerial: 1000 / percentile(times, 50),
    perSecondParallel: n / seconds,
    parallel,
    cpuMs,
  };
}

async function loginLatency(port: number) {
  const n = short ? 10 : 30;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: PHONE, password: PASSWORD }),
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`login answered ${r.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { n, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0 };
}

async function runDialect(dialect: 'sqlite' | 'postgres') {
  const child: ChildProcess = fork(import.meta.filename, ['--serve', dialect], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const info = await new Promise<ServeInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServeInfo));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  const base = `http://127.0.0.1:${info.port}`;
  try {
    // Warm-up (JIT, pools), not reported.
    await autocannon({ url: `${base}/healthz`, connections: 5, duration: 1 });
    await autocannon({ url: `${base}/api/v1/auth/me`, connections: 5, duration: 1, headers: { cookie: info.cookie } });
    const latency = await loginLatency(info.port);
    const baseline = await load(`${dialect}: GET /healthz (unauthenticated)`, { url: `${base}/healthz` });
    const me = await load(`${dialect}: GET /api/v1/auth/me (session cookie)`, {
      url: `${base}/api/v1/auth/me`,
      headers: { cookie: info.cookie },
    });
    const login = await load(`${dialect}: POST /api/v1/auth/login (scrypt verify + session)`, {
      url: `${base}/api/v1/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: PHONE, password: PASSWORD }),
    });
    return { dialect, latency, baseline, me, login };
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const startLoad = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  const s = await scryptFigures();
  const results = [];
  for (const d of ['sqlite', 'postgres'] as const) results.push(await runDialect(d));
  const f = (x: number) => x.toFixed(1);
  const md = [
    '# Authentication benchmark',
    '',
    `Machine: ${machineInfo()}. Run: \`npm run bench -- auth${short ? ' --short' : ''}\` (${DURATION} s per load case, ${CONNECTIONS} connections, loopback).`,
    '',
    `Load average when the run started: ${startLoad} (2 cores; other work on the machine inflates every figure below).`,
    '',
    '## scrypt (apps/server/src/modules/accounts/passwords.ts)',
    '',
    `Parameters N, r, p = ${s.params} (16 MiB per hash). Hashes are self-describing ("scrypt$N$r$p$salt$hash"), so the parameters can change without invalidating stored passwords.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| CPU time per hash (ms; the cost on an unshared core) | ${f(s.cpuMs)} |`,
    `| one verify, wall p50 (ms) | ${f(s.p50)} |`,
    `| one verify, wall p99 (ms) | ${f(s.p99)} |`,
    `| hashes/s, one at a time | ${f(s.perSecondSerial)} |`,
    `| hashes/s, ${s.n} at once (libuv thread pool, ${os.cpus().length} cores) | ${f(s.perSecondParallel)} |`,
    '',
    '## Login latency (sequential, one client)',
    '',
    '| database | logins | p50 ms | p99 ms | max ms | under 100 ms? |',
    '|---|---:|---:|---:|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.dialect} | ${r.latency.n} | ${f(r.latency.p50)} | ${f(r.latency.p99)} | ${f(r.latency.max)} | ${r.latency.p99 < 100 ? 'yes' : 'NO'} |`,
    ),
    '',
    '## Authenticated GET versus unauthenticated, and login throughput (same run)',
    '',
    ...results.flatMap((r) => [loadTable(r.baseline, [r.me, r.login]), '']),
    'Reading: the ratio of `/auth/me` to `/healthz` is the cost of the policy layer on every signed-in request',
    '(session lookup joined with the account and acting-for person, the role grants, and /me’s own two reads).',
    'Login throughput is bounded by scrypt by design: an attacker guessing offline pays the same per guess.',
    '',
  ].join('\n');
  const file = writeReport('auth', md);
  process.stdout.write(`${md}\nwritten to ${file}\n`);
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] === 'postgres' ? 'postgres' : 'sqlite');
} else {
  await main();
}
