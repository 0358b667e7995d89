/**
 * Authentication benchmark: argon2id cost (hashes/s), login latency and throughput, and the
 * overhead of an authenticated GET (/api/v1/auth/me: session lookup, role grants, the /me body)
 * next to an unauthenticated one (/healthz) — all in one run, on SQLite and PostgreSQL.
 *
 *   npm run bench -- auth            # 10 s per load case; writes bench/results/auth.md
 *   npm run bench -- auth --short    # 3 s per case; writes bench/results/auth.short.tmp
 *
 * The server runs in a child process (this file with --serve) so autocannon does not share its
 * event loop. Loopback only; every loop is bounded in time and count.
 */
import os from 'node:os';
import { hashPassword, verifyPassword } from '../apps/server/src/modules/accounts/passwords';
import { load as loadCase, warmUp } from './lib/load';
import { type LoadResult, loadTable, machineInfo, writeReport } from './lib/report';
import { DIALECTS, forkServer, loginAs, serveArgs, serveUntilStopped, startBenchApp } from './lib/server';

const short = process.argv.includes('--short');
const DURATION = short ? 3 : 10;
const CONNECTIONS = 10;
const PHONE = '19900000005';
const PASSWORD = 'lianxin2026';

interface ServeInfo {
  port: number;
  cookie: string;
}

// ---------------------------------------------------------------- child: the server under test
async function serve(dialect: 'sqlite' | 'postgres') {
  const main = await startBenchApp(dialect);
  // The load test logs in from one address many times on purpose.
  Object.assign(main.ctx.loginThrottle.settings, { ipSlowAfter: 1e9, ipLockAfter: 1e9 });
  const { cookie } = await loginAs(main.app, PHONE, PASSWORD);
  serveUntilStopped({ port: main.port, cookie } satisfies ServeInfo, () => main.close());
}

// ---------------------------------------------------------------- parent: measure and report
function load(label: string, opts: Parameters<typeof loadCase>[1]): Promise<LoadResult> {
  return loadCase(label, { connections: CONNECTIONS, duration: DURATION, ...opts });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** argon2id at the parameters passwords.ts uses: one at a time, then as many as the thread pool runs. */
async function hashFigures() {
  const n = short ? 10 : 30;
  const stored = await hashPassword(PASSWORD);
  const params = stored.split('$')[3] ?? '';
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
  const server = await forkServer<ServeInfo>(import.meta.filename, [dialect]);
  const { info } = server;
  const base = `http://127.0.0.1:${info.port}`;
  try {
    // Warm-up (JIT, pools), not reported.
    await warmUp({ url: `${base}/healthz`, connections: 5 });
    await warmUp({ url: `${base}/api/v1/auth/me`, connections: 5, headers: { cookie: info.cookie } });
    const latency = await loginLatency(info.port);
    const baseline = await load(`${dialect}: GET /healthz (unauthenticated)`, { url: `${base}/healthz` });
    const me = await load(`${dialect}: GET /api/v1/auth/me (session cookie)`, {
      url: `${base}/api/v1/auth/me`,
      headers: { cookie: info.cookie },
    });
    const login = await load(`${dialect}: POST /api/v1/auth/login (argon2id verify + session)`, {
      url: `${base}/api/v1/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: PHONE, password: PASSWORD }),
    });
    return { dialect, latency, baseline, me, login };
  } finally {
    await server.stop();
  }
}

async function main() {
  const startLoad = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  const s = await hashFigures();
  const results = [];
  for (const d of DIALECTS) results.push(await runDialect(d));
  const f = (x: number) => x.toFixed(1);
  const md = [
    '# Authentication benchmark',
    '',
    `Machine: ${machineInfo()}. Run: \`npm run bench -- auth${short ? ' --short' : ''}\` (${DURATION} s per load case, ${CONNECTIONS} connections, loopback).`,
    '',
    `Load average when the run started: ${startLoad} (2 cores; other work on the machine inflates every figure below).`,
    '',
    '## argon2id (apps/server/src/modules/accounts/passwords.ts)',
    '',
    `Parameters ${s.params} (OWASP's minimum: 19 MiB, 2 passes, 1 lane). Hashes are PHC strings ("$argon2id$v=19$m=…,t=…,p=…$salt$hash"); a sign-in replaces a hash at other parameters or in the older scrypt format.`,
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
    '(one query: the session joined with the account, the acting-for person and the role grants; then /me’s own two reads).',
    'Login throughput is bounded by argon2id by design: an attacker guessing offline pays the same per guess.',
    '',
  ].join('\n');
  const file = writeReport('auth', md);
  process.stdout.write(`${md}\nwritten to ${file}\n`);
}

const child = serveArgs();
if (child) {
  await serve(child[0] === 'postgres' ? 'postgres' : 'sqlite');
} else {
  await main();
}
