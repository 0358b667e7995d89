import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { BAD_IDS, badBodies, HTML_PAYLOAD, type JsonSchema, pick, RAW_BODIES, rng } from './fuzz';
import { describeEachDialect, type Harness, type Session } from './harness';

/**
 * Sends generated bad requests to every route of the OpenAPI document as every role and fails on
 * any 5xx, any hang, any non-JSON answer that echoes the HTML payload, and any change to the
 * database made by a request that was rejected. FUZZ_SECONDS bounds each dialect's run (the soak
 * mode: FUZZ_SECONDS=600 FUZZ_SEED=…).
 */
const BUDGET_MS = Number(process.env.FUZZ_SECONDS ?? 40) * 1000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const HANG_MS = 10_000;

/** Routes that legitimately stream forever or end the fuzzing session itself. */
const SKIP = [/\/stream\b/, /\/live\b/, /\/sse\b/, /\/auth\/logout$/, /\/auth\/password$/];
/** Tables whose rows a rejected request may add: the audit log of failures, throttling counters. */
const VOLATILE = /^(audit_log|sessions|job_leases|idempotency_keys)$|attempt|throttle|login|otp|sms|rate/;

const ROLES: Array<[string, string | null]> = [
  ['anonymous', null],
  ['resident', '19900000001'],
  ['volunteer', '19900000002'],
  ['branch_secretary', '19900000003'],
  ['community_worker', '19900000005'],
  ['district_admin', '19900000008'],
];

interface Op {
  method: string;
  path: string;
  body?: JsonSchema;
}

const tableNames = new WeakMap<Harness, string[]>();

/** Row counts of every non-volatile table, in one round trip. */
async function fingerprint(h: Harness): Promise<string> {
  let names = tableNames.get(h);
  if (!names) {
    const rows =
      h.dialect === 'sqlite'
        ? (
            await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
              h.ctx.db,
            )
          ).rows
        : (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
              h.ctx.db,
            )
          ).rows;
    names = rows
      .map((r) => r.name)
      .filter((n) => !VOLATILE.test(n))
      .sort();
    tableNames.set(h, names);
  }
  const counts = sql.join(names.map((n) => sql`(select count(*) from ${sql.table(n)})`));
  const r = await sql<Record<string, number>>`select ${counts}`.execute(h.ctx.db);
  return Object.values(r.rows[0] ?? {}).join(',');
}

async function timed<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what}`)), HANG_MS);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describeEachDialect('fuzzing every route with bad input', (h) => {
  it(
    'never answers 5xx, never hangs, never echoes HTML, never writes on a rejected request',
    async () => {
      const doc = (await h().app.inject({ url: '/api/docs/json' })).json() as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
      };
      const ops: Op[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        if (SKIP.some((re) => re.test(path))) continue;
        for (const [method, op] of Object.entries(methods)) {
          ops.push({ method: method.toUpperCase(), path, body: op.requestBody?.content?.['application/json']?.schema });
        }
      }
      expect(ops.length).toBeGreaterThan(3);
      const sessions = new Map<string, Session | null>();
      for (const [role, phone] of ROLES) sessions.set(role, phone ? await h().login(phone) : null);

      const r = rng(SEED);
      const deadline = Date.now() + BUDGET_MS;
      const perOpMs = BUDGET_MS / ops.length;
      const failures: string[] = [];
      let sent = 0;
      for (const op of ops) {
        const opDeadline = Math.min(deadline, Date.now() + perOpMs);
        const before = await fingerprint(h());
        let anyAccepted = false;
        const bodies = op.method === 'GET' || op.method === 'DELETE' ? [undefined] : badBodies(op.body, r);
        let round = 0;
        do {
          for (const [role] of ROLES) {
            const url = op.path.replace(/\{[^}]+\}/g, () => pick(r, BAD_IDS));
            const query =
              round % 2
                ? `?limit=${pick(r, ['-1', '1e99', 'abc', HTML_PAYLOAD])}&status=${encodeURIComponent(HTML_PAYLOAD)}`
                : '';
            const raw = round % 3 === 2 && op.method !== 'GET' ? pick(r, RAW_BODIES) : undefined;
            const body = raw ? undefined : bodies[(round * ROLES.length + sent) % bodies.length];
            const what = `${role} ${op.method} ${url.slice(0, 120)}${query}`;
            const res = await timed(
              h().as(sessions.get(role) ?? null, {
                method: op.method as 'GET',
                url: `${url}${query}`,
                ...(raw
                  ? { payload: raw.payload, headers: { 'content-type': raw.contentType } }
                  : body === undefined
                    ? {}
                    : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
              }),
              what,
            );
            sent++;
            if (res.statusCode >= 500) failures.push(`${res.statusCode} ${what}: ${res.body.slice(0, 200)}`);
            if (res.statusCode < 400) anyAccepted = true;
            const type = String(res.headers['content-type'] ?? '');
            if (!type.includes('json') && res.body.includes(HTML_PAYLOAD)) failures.push(`HTML echoed by ${what}`);
          }
          round++;
        } while (round < Math.min(bodies.length, 4) || (Date.now() < opDeadline && round < 400));
        if (!anyAccepted) {
          const after = await fingerprint(h());
          if (after !== before) failures.push(`${op.method} ${op.path} changed the database while rejecting every request`);
        }
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(ops.length * ROLES.length);
      console.log(`[${h().dialect}] fuzz: ${sent} requests over ${ops.length} operations`);
    },
    BUDGET_MS + 120_000,
  );
});
