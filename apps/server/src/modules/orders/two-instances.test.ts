import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../../../e2e/lib/server';
import { createTestDatabase, type TestDatabase } from '../../test/harness';
import { hashPassword } from '../accounts/passwords';
import { readEvents } from '../live/sse-reader';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface HttpSession {
  cookie: string;
  csrf: string;
  personId: string;
}

async function login(base: string, phone: string, password = 'lianxin2026'): Promise<HttpSession> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; personId: string };
  return { cookie, csrf: body.csrfToken, personId: body.personId };
}

function post(base: string, s: HttpSession, path: string, body?: unknown) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function openStream(base: string, s: HttpSession) {
  const res = await fetch(`${base}/api/v1/live`, { headers: { cookie: s.cookie } });
  const body = res.body;
  if (!body) throw new Error('no stream');
  const ready = await readEvents(body, (e) => e.some((x) => x.event === 'ready'));
  ready.reader.releaseLock();
  return body;
}

/**
 * Two real server processes on two ports, one PostgreSQL database and one Redis: the scale-out
 * layout. What happens on A must show on B, and a take on A against a take on B has one winner.
 */
describe('[postgres] orders across two instances (PostgreSQL + Redis)', () => {
  let testDb: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    const env = { DATABASE_URL: testDb.url ?? '', REDIS_URL, LIANXIN_DATA_DIR: testDb.dataDir };
    a = await startServer({ ...env, LIANXIN_DEMO: 'on' });
    b = await startServer({ ...env, LIANXIN_DEMO: 'off' });
    // Extra volunteers for the race, half of them signing in on each instance.
    const hash = await hashPassword('volunteer-pass-1');
    for (let i = 0; i < 6; i++) {
      const phone = `1770000${String(i).padStart(4, '0')}`;
      await testDb.database.db
        .insertInto('people')
        .values({
          id: `ti-${i}`,
          node_id: 'wuxingaz',
          name: `志愿者T${i}`,
          phone,
          birth_year: null,
          id_number: null,
          created_at: new Date().toISOString(),
          erased_at: null,
        })
        .execute();
      await testDb.database.db
        .insertInto('accounts')
        .values({ id: `ti-acc-${i}`, person_id: `ti-${i}`, phone, password_hash: hash, created_at: new Date().toISOString() })
        .execute();
      await testDb.database.db
        .insertInto('role_grants')
        .values({
          id: `ti-g-${i}`,
          account_id: `ti-acc-${i}`,
          role: 'volunteer',
          node_id: 'wuxingaz',
          granted_by: null,
          created_at: new Date().toISOString(),
          revoked_at: null,
        })
        .execute();
    }
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await testDb?.drop();
  });

  it('delivers an order placed on instance A to a volunteer’s open page on instance B, and the take on A to the resident’s page on B', async () => {
    const volunteerOnB = await login(b.url, '19900000002');
    const residentOnA = await login(a.url, '19900000001');
    const residentOnB = await login(b.url, '19900000001');
    const volStream = await openStream(b.url, volunteerOnB);
    const resStream = await openStream(b.url, residentOnB);
    const start = Date.now() + 3600_000;
    const placed = await post(a.url, residentOnA, '/api/v1/orders', {
      category: 'meals',
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + 3600_000).toISOString(),
    });
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    const got = await readEvents(volStream, (e) =>
      e.some((x) => x.event === 'order' && (x.data as { orderId?: string }).orderId === id),
    );
    expect(got.events.find((x) => x.event === 'order')?.data).toMatchObject({
      orderId: id,
      status: 'placed',
      channel: 'compound:wuxingaz:orders',
    });
    await got.reader.cancel();

    const volunteerOnA = await login(a.url, '19900000002');
    expect((await post(a.url, volunteerOnA, `/api/v1/orders/${id}/take`)).status).toBe(200);
    // The notification and the order event travel separately; wait for both.
    const seen = await readEvents(
      resStream,
      (e) =>
        e.some((x) => x.event === 'notification') &&
        e.some((x) => x.event === 'order' && (x.data as { status?: string }).status === 'taken'),
      15_000,
    );
    expect(seen.events.some((x) => x.event === 'order' && (x.data as { status?: string }).status === 'taken')).toBe(true);
    expect(seen.events.find((x) => x.event === 'notification')?.data).toMatchObject({ type: 'notification' });
    await seen.reader.cancel();
  });

  it('gives an order to exactly one of six volunteers taking it at once on two instances', async () => {
    const resident = await login(a.url, '19900000001');
    const start = Date.now() + 3600_000;
    const placed = await post(a.url, resident, '/api/v1/orders', {
      category: 'repair',
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + 3600_000).toISOString(),
    });
    const { id } = (await placed.json()) as { id: string };
    const sessions = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        login(i % 2 ? b.url : a.url, `1770000${String(i).padStart(4, '0')}`, 'volunteer-pass-1'),
      ),
    );
    const results = await Promise.all(sessions.map((s, i) => post(i % 2 ? b.url : a.url, s, `/api/v1/orders/${id}/take`)));
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    for (const r of results.filter((x) => x.status === 409))
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('ORDER_ALREADY_TAKEN');
  });

  it('runs a scheduled job once per period across both instances (job lease)', async () => {
    const { tryLease } = await import('../../lib/jobs');
    const name = `two-instances-${Date.now()}`;
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => tryLease(testDb.database.db, name, 60_000, `holder-${i}`)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});
