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
 * ballot under the (vote, subject) unique constraint and appends the audit entry (one plain insert; ADR 0003).
 * The run is bounded by count (one request per owner), not by time. The servers run in a child
 * process so the load generator does not share their event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, warmUp } from './lib/load';
import { loadTable, machineInfo, RESULTS_DIR, writeReport } from './lib/report';
import {
  DIALECTS,
  dialectTitle,
  forkServer,
  type Session,
  serveArgs,
  serveUntilStopped,
  startBareInsert,
  startBenchApp,
} from './lib/server';

const short = process.argv.includes('--short');
const OWNERS = short ? 4_000 : 10_000;
const CONNECTIONS = 32;

interface ServeInfo {
  appPort: number;
  barePort: number;
  voteId: string;
  sessions: Session[];
  seedMs: number;
  openMs: number;
}

// ---------------------------------------------------------------- child: the servers under test
async function serve(dialect: 'sqlite' | 'postgres', owners: number) {
  // No demo data: the electorate below is the only one.
  const main = await startBenchApp(dialect, { demo: false });
  const { ctx } = main;

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

  const bare = await startBareInsert(ctx);
  const info: ServeInfo = { appPort: main.port, barePort: bare.port, voteId, sessions, seedMs, openMs };
  serveUntilStopped(
    info,
    async () => {
      await bare.close();
      await main.close();
    },
    async () => {
      const r = await ctx.db
        .selectFrom('vote_ballots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('vote_id', '=', voteId)
        .executeTakeFirstOrThrow();
      return { ballots: Number(r.n) };
    },
  );
}

// ---------------------------------------------------------------- parent: load and report
async function runDialect(dialect: 'sqlite' | 'postgres') {
  const server = await forkServer<ServeInfo>(import.meta.filename, [dialect, String(OWNERS)]);
  const { info } = server;
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const json = { 'content-type': 'application/json' };
  const body = JSON.stringify({ choice: 'yes' });
  const bare = { url: `${base(info.barePort)}/bare`, method: 'POST', headers: json, body };
  // Warm-up on the bare route only (a warm-up ballot would use up owners).
  await warmUp(bare);
  const baseline = await load(
    `${dialect}: bare Fastify + Kysely single-row insert (ceiling)`,
    { ...bare, connections: CONNECTIONS, amount: OWNERS },
    server.cpuMs,
  );
  let next = 0;
  const cast = await load(
    `${dialect}: cast a ballot (one per owner)`,
    {
      url: base(info.appPort),
      connections: CONNECTIONS,
      amount: OWNERS,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/votes/${info.voteId}/ballots`,
          body,
          setupRequest: (req) => {
            const s = info.sessions[next++ % info.sessions.length] as Session;
            return { ...req, headers: { ...json, cookie: s.cookie, 'x-csrf-token': s.csrf } };
          },
        },
      ],
    },
    server.cpuMs,
  );
  const { ballots } = await server.ask<{ ballots: number }>('count');
  await server.stop();
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
  const child = serveArgs();
  if (child) {
    await serve(child[0] as 'sqlite' | 'postgres', Number(child[1]));
    return;
  }
  const results = [];
  for (const d of DIALECTS) {
    console.log(`votes bench: ${d}…`);
    results.push({ dialect: d, ...(await runDialect(d)) });
  }
  const sections = results
    .map(
      (r) =>
        `### ${dialectTitle(r.dialect)}\n\n${loadTable(r.baseline, r.rows)}\n\n` +
        `Ballots stored after the run: ${r.ballots} of ${OWNERS} owners (${r.ballots === OWNERS ? 'every request made exactly one ballot' : 'MISMATCH'}). ` +
        `Setup: ${OWNERS} owners with sessions in ${(r.seedMs / 1000).toFixed(1)} s; opening the vote (freezing a ${OWNERS}-owner electorate) took ${r.openMs.toFixed(0)} ms.`,
    )
    .join('\n\n');
  const md = `# Owners' vote benchmark${short ? ' (--short)' : ''}

${machineInfo()}; load average ${os.loadavg()[0]?.toFixed(2)} when written (other engineers' processes share this machine).

autocannon over 127.0.0.1, ${CONNECTIONS} connections, ${OWNERS} requests per case (bounded by count), servers in a child
process. "cast a ballot" = POST /api/v1/votes/:id/ballots, each request a different owner's session: session lookup, CSRF,
zod validation, subject lookup in the frozen electorate, a transaction that locks the vote row (FOR SHARE on PostgreSQL, so
closing cannot miss a ballot), the ballot insert under the (vote_id, subject) unique constraint, and the audit entry
(one plain insert, no lock; ADR 0003). The ceiling is a bare Fastify route doing one single-row insert through the same Kysely
instance, measured in the same run. "server CPU ms/request" is the CPU time the server process spent per request: it hardly
moves with other load on the machine, unlike req/s and latency.

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
