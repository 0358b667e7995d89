/**
 * `npm run bench -- soak [--short] [--postgres]`: holds a mixed load on the real server over
 * loopback for a bounded time — browse (open orders, this week's events, the home page), place
 * orders, take and serve them, sign up and cancel, owners vote (and a second ballot is refused) —
 * and reports throughput, p99,
 * the error count (must be 0) and the server's RSS at start and end in bench/results/soak.md.
 * Expected conflicts (409 when another volunteer took the order first) are counted apart.
 * SOAK_SECONDS sets the duration of a full run (default 60).
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { type RunningServer, startServer } from '../e2e/lib/server';
import { machineInfo, writeReport } from './lib/report';

const short = process.argv.includes('--short');
const onPostgres = process.argv.includes('--postgres');
const SECONDS = short ? 8 : Number(process.env.SOAK_SECONDS ?? 60);

interface Client {
  cookie: string;
  csrf: string;
}

async function login(base: string, phone: string): Promise<Client> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: 'lianxin2026' }),
  });
  if (!r.ok) throw new Error(`login ${phone}: ${r.status}`);
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: (await r.json()).csrfToken };
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

async function call(base: string, c: Client, method: string, path: string, body?: unknown) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const counters = { ok: 0, conflicts: 0, errors: 0, serverErrors: 0 };
function count(status: number) {
  if (status < 300) counters.ok++;
  else if (status === 409) counters.conflicts++;
  else if (status >= 500) counters.serverErrors++;
  else counters.errors++;
}

/** A volunteer loop: take an open order, start it, report it done. */
async function volunteerLoop(base: string, v: Client, until: number) {
  while (Date.now() < until) {
    const open = await call(base, v, 'GET', '/api/v1/orders/open');
    count(open.status);
    const order = open.json?.orders?.[Math.floor(Math.random() * Math.min(5, open.json.orders.length))];
    if (!order) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const take = await call(base, v, 'POST', `/api/v1/orders/${order.id}/take`);
    count(take.status);
    if (take.status !== 200) continue;
    count((await call(base, v, 'POST', `/api/v1/orders/${order.id}/start`)).status);
    count((await call(base, v, 'POST', `/api/v1/orders/${order.id}/done`, { minutes: 30, note: 'soak' })).status);
  }
}

/** A resident loop: sign up for an occurrence this week, then cancel. */
async function signupLoop(base: string, c: Client, until: number) {
  const week = await call(base, c, 'GET', '/api/v1/events/week');
  const occ = (week.json?.occurrences ?? []).filter((o: { status: string }) => o.status === 'scheduled');
  while (Date.now() < until && occ.length) {
    const o = occ[Math.floor(Math.random() * occ.length)];
    const s = await call(base, c, 'POST', `/api/v1/events/${o.eventId}/occurrences/${encodeURIComponent(o.occKey)}/signups`);
    count(s.status === 400 || s.status === 422 ? 200 : s.status); // an audience refusal is a correct answer
    if (s.status === 201) count((await call(base, c, 'POST', `/api/v1/signups/${s.json.id}/cancel`)).status);
  }
}

/** An owner loop: cast a ballot in the open vote once, then keep reading the ballot page. */
async function voteLoop(base: string, c: Client, until: number) {
  const votes = await call(base, c, 'GET', '/api/v1/votes');
  count(votes.status);
  const vote = (votes.json ?? []).find((v: { status: string }) => v.status === 'open');
  if (!vote) return;
  const choice = vote.kind === 'consultation' ? 'o1' : 'yes';
  for (let i = 0; Date.now() < until; i++) {
    if (i % 10 === 0) count((await call(base, c, 'POST', `/api/v1/votes/${vote.id}/ballots`, { choice })).status);
    else count((await call(base, c, 'GET', `/api/v1/votes/${vote.id}`)).status);
  }
}

async function main() {
  let server: RunningServer | undefined;
  let dropPg: (() => Promise<void>) | undefined;
  try {
    const env: Record<string, string> = { LOG_LEVEL: 'warn' };
    if (onPostgres) {
      const { createTestDatabase } = await import('../apps/server/src/test/harness');
      const t = await createTestDatabase('postgres');
      await t.database.close();
      env.DATABASE_URL = t.url ?? '';
      dropPg = async () => {
        const { openDatabase } = await import('../apps/server/src/db/database');
        t.database = openDatabase({ databaseUrl: t.url });
        await t.drop();
      };
    }
    server = await startServer(env);
    const base = server.url;
    const resident = await login(base, '19900000001');
    const volunteer = await login(base, '19900000002');
    const elder2 = await login(base, '19900000611');
    const owners = await Promise.all(['19900001001', '19900001002', '19900001003', '19900001004'].map((p) => login(base, p)));
    const pid = server.proc.pid ?? 0;
    // Warm up, then take the starting RSS.
    for (let i = 0; i < 50; i++) await call(base, volunteer, 'GET', '/api/v1/orders/open');
    const rssStart = rssKb(pid);
    const until = Date.now() + SECONDS * 1000;
    const start = new Date(Date.now() + 3600_000).toISOString();
    const end = new Date(Date.now() + 7200_000).toISOString();

    const browse = autocannon({
      url: base,
      connections: 10,
      duration: SECONDS,
      requests: [
        { method: 'GET', path: '/api/v1/orders/open', headers: { cookie: volunteer.cookie } },
        { method: 'GET', path: '/api/v1/events/week', headers: { cookie: resident.cookie } },
        { method: 'GET', path: '/api/v1/orders/mine', headers: { cookie: resident.cookie } },
        { method: 'GET', path: '/' },
      ],
    });
    const place = autocannon({
      url: `${base}/api/v1/orders`,
      connections: 4,
      duration: SECONDS,
      method: 'POST',
      headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'meals', description: '送午饭 soak', windowStart: start, windowEnd: end }),
    });
    const loops = Promise.all([
      volunteerLoop(base, volunteer, until),
      volunteerLoop(base, volunteer, until),
      signupLoop(base, resident, until),
      signupLoop(base, elder2, until),
      ...owners.map((o) => voteLoop(base, o, until)),
    ]);
    const [b, p] = await Promise.all([browse, place, loops]);
    const rssEnd = rssKb(pid);
    const rows = [
      ['browse (GET orders/open, events/week, orders/mine, /)', b],
      ['place order (POST /api/v1/orders)', p],
    ] as const;
    const table = rows
      .map(
        ([label, r]) =>
          `| ${label} | ${r.requests.total} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts} | ${r.non2xx} |`,
      )
      .join('\n');
    const errors = b.errors + b.timeouts + b.non2xx + p.errors + p.timeouts + p.non2xx + counters.errors + counters.serverErrors;
    const md = `# Soak: mixed load${onPostgres ? ' on PostgreSQL' : ' on SQLite'}\n\n${machineInfo()}\n\n${SECONDS} s on 127.0.0.1, one server process, demo data.\n\n| load | requests | req/s | p50 ms | p99 ms | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|---:|\n${table}\n\nVolunteer, sign-up and owner loops (take → start → done; sign up → cancel; one ballot each, then the ballot page, with a second ballot tried every tenth request): ${counters.ok} answered 2xx, ${counters.conflicts} expected conflicts (409: another volunteer was first, or the owner has already voted), ${counters.errors} other 4xx, ${counters.serverErrors} 5xx.\n\n**Errors in total: ${errors}.**\n\nServer RSS: ${(rssStart / 1024).toFixed(1)} MiB after warm-up, ${(rssEnd / 1024).toFixed(1)} MiB at the end (${(((rssEnd - rssStart) / rssStart) * 100).toFixed(1)} %).\n`;
    const file = writeReport(onPostgres ? 'soak-postgres' : 'soak', md, short);
    console.log(md);
    console.log(`report: ${file}`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await server?.stop();
    await dropPg?.();
  }
}

await main();
