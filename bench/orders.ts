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
 * validation, the transaction with the order event and the audit entry (one plain insert; ADR 0003), the
 * in-app notification and the live publish.
 */
import os from 'node:os';
import { load, warmUp } from './lib/load';
import { type LoadResult, loadTable, machineInfo, writeReport } from './lib/report';
import {
  DIALECTS,
  dialectTitle,
  forkServer,
  loginAs,
  portOf,
  type Session,
  serveArgs,
  serveUntilStopped,
  startBareInsert,
  startBenchApp,
} from './lib/server';

const short = process.argv.includes('--short');
const DURATION = short ? 3 : 10;
const CONNECTIONS = 50;

interface ServeInfo {
  appPort: number;
  barePort: number;
  noAuditPort: number;
  resident: Session;
  volunteer: Session;
  takeIds: string[];
  takeIdsNoAudit: string[];
}

// ---------------------------------------------------------------- child: the servers under test
async function serve(dialect: 'sqlite' | 'postgres', takeCount: number) {
  const [{ buildApp }, { createOrdersModule }, { newId }] = await Promise.all([
    import('../apps/server/src/app'),
    import('../apps/server/src/modules/orders/orders.module'),
    import('../apps/server/src/lib/ids'),
  ]);
  const main = await startBenchApp(dialect);
  const { ctx, app } = main;

  // Diagnostic twin: the same routes with the audit append replaced by nothing, to measure what
  // the audit append costs. Not a proposal to run without audit.
  const noAudit = { ...ctx.audit, append: async () => {} };
  const ctx2 = {
    ...ctx,
    orders: createOrdersModule({ db: ctx.db, bus: ctx.bus, audit: noAudit, hours: ctx.hours, notifications: ctx.notifications }),
  };
  const app2 = await buildApp(ctx2, { logLevel: 'silent' });
  await app2.listen({ port: 0, host: '127.0.0.1' });
  const bare = await startBareInsert(ctx);

  const resident = await loginAs(app, '19900000001');
  const volunteer = await loginAs(app, '19900000002');

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
  const info: ServeInfo = {
    appPort: main.port,
    barePort: bare.port,
    noAuditPort: portOf(app2),
    resident,
    volunteer,
    takeIds: await makeOrders(takeCount),
    takeIdsNoAudit: await makeOrders(takeCount),
  };
  serveUntilStopped(info, async () => {
    await Promise.all([app2.close(), bare.close()]);
    await main.close();
  });
}

// ---------------------------------------------------------------- parent: load and report
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
  const server = await forkServer<ServeInfo>(import.meta.filename, [dialect, String(takeCount)]);
  const { info } = server;
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const json = { 'content-type': 'application/json' };
  const body = windowBody();
  const run = { connections: CONNECTIONS, duration: DURATION };
  const placeAs = (port: number) => ({
    url: `${base(port)}/api/v1/orders`,
    method: 'POST',
    headers: { ...json, cookie: info.resident.cookie, 'x-csrf-token': info.resident.csrf },
    body,
  });
  const takeCase = (port: number, ids: string[], label: string) => {
    let i = 0;
    return load(
      label,
      {
        ...run,
        url: base(port),
        requests: [
          {
            method: 'POST',
            headers: { cookie: info.volunteer.cookie, 'x-csrf-token': info.volunteer.csrf },
            setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${ids[i++] ?? 'exhausted'}/take` }),
          },
        ],
      },
      server.cpuMs,
    );
  };
  const bare = { url: `${base(info.barePort)}/bare`, method: 'POST', headers: json, body };
  await warmUp(bare);
  await warmUp(placeAs(info.appPort));

  const baseline = await load(`${dialect}: bare Fastify + Kysely single-row insert (ceiling)`, { ...run, ...bare }, server.cpuMs);
  const place = await load(`${dialect}: place-order`, { ...run, ...placeAs(info.appPort) }, server.cpuMs);
  const take = await takeCase(info.appPort, info.takeIds, `${dialect}: take-order`);
  const placeNoAudit = await load(
    `${dialect}: place-order, audit append stubbed (diagnostic)`,
    { ...run, ...placeAs(info.noAuditPort) },
    server.cpuMs,
  );
  const takeNoAudit = await takeCase(
    info.noAuditPort,
    info.takeIdsNoAudit,
    `${dialect}: take-order, audit append stubbed (diagnostic)`,
  );
  await server.stop();
  return { baseline, rows: [place, take, placeNoAudit, takeNoAudit] };
}

async function main() {
  const child = serveArgs();
  if (child) {
    await serve(child[0] as 'sqlite' | 'postgres', Number(child[1]));
    return;
  }
  const results = [];
  for (const d of DIALECTS) {
    console.log(`orders bench: ${d}…`);
    results.push({ dialect: d, ...(await runDialect(d)) });
  }
  const sections = results.map((r) => `### ${dialectTitle(r.dialect)}\n\n${loadTable(r.baseline, r.rows)}`).join('\n\n');
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
one transaction: order row + in-app notification with the e-mail preference lookup + order event +
audit entry (one plain insert; ADR 0003); then the live publish on two bus channels). take-order = POST
/api/v1/orders/:id/take as the volunteer 黄园 on a fresh placed order each request (one
transaction: conditional update, notification to the resident, event, audit; live publish on three
channels).
The ceiling is a bare Fastify route doing one single-row insert through the same Kysely instance.
"server CPU ms/request" is the CPU time the server process (all its threads) spent per request
during the case: it hardly moves with other load on the machine, unlike req/s and latency.
The two "audit append stubbed" rows are a diagnostic twin of the same app with ctx.audit.append
replaced by a no-op, to show what the audit append costs; they are not a configuration anyone runs.

${sections}

## Against the targets

${verdict}
`;
  const file = writeReport('orders', md, short);
  console.log(md);
  console.log(`written ${file}`);
}

await main();
