import { expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness';
import { IDEMPOTENCY_LEASE_MS, type IdempotentResult, idempotent } from './idempotency';
import { fakeIdempotentCall } from './idempotency.test-helpers';

// "Retries are safe" (issue #21): every promise of idempotent() with the exact answers.

const call = (opts: { account?: string; key?: string; url?: string; pattern?: string }) =>
  fakeIdempotentCall({ ...opts, url: opts.url ?? '/api/v1/guard' });

describeEachDialect(
  'idempotency guards',
  (h) => {
    const db = () => h().ctx.db;
    const keyRow = (account: string, key: string) =>
      db()
        .selectFrom('idempotency_keys')
        .select(['route', 'status', 'body'])
        .where('account_id', '=', account)
        .where('key', '=', key)
        .executeTakeFirst();
    async function run<T>(
      opts: { account?: string; key?: string; url?: string; pattern?: string },
      handler: () => Promise<IdempotentResult<T>>,
    ) {
      const c = call(opts);
      try {
        return { body: await idempotent(db(), c.req, c.reply, handler), sent: c.sent };
      } catch (err) {
        const e = err as { code?: string; details?: unknown };
        return { error: e.code, details: e.details, sent: c.sent };
      }
    }

    it('runs the handler every time without a key, or without a signed-in account, and stores nothing', async () => {
      let runs = 0;
      const handler = async () => ({ status: 201, body: { n: ++runs } });
      expect(await run({ account: 'acc-a' }, handler)).toEqual({ body: { n: 1 }, sent: { status: 201, headers: {} } });
      expect(await run({ account: 'acc-a' }, handler)).toEqual({ body: { n: 2 }, sent: { status: 201, headers: {} } });
      expect(await run({ key: 'anon-key' }, handler)).toEqual({ body: { n: 3 }, sent: { status: 201, headers: {} } });
      expect(await run({ key: 'anon-key' }, handler)).toEqual({ body: { n: 4 }, sent: { status: 201, headers: {} } });
      expect(await db().selectFrom('idempotency_keys').select('key').where('key', '=', 'anon-key').execute()).toEqual([]);
    });

    it('refuses a malformed key with 400 before running anything', async () => {
      let runs = 0;
      const handler = async () => ({ status: 201, body: { n: ++runs } });
      for (const key of ['', 'has space', 'x'.repeat(101), '键']) {
        expect(await run({ account: 'acc-a', key }, handler)).toEqual({
          error: 'VALIDATION_FAILED',
          details: { fields: [{ path: 'Idempotency-Key', reason: 'invalid' }] },
          sent: { headers: {} },
        });
      }
      expect(runs).toBe(0);
      expect((await run({ account: 'acc-a', key: `A-z_0.9:-${'x'.repeat(91)}` }, handler)).sent).toEqual({
        status: 201,
        headers: {},
      });
    });

    it('replays the first answer, status and body, to a repeat; a second record is never written', async () => {
      let runs = 0;
      const handler = async () => ({ status: 201, body: { id: `order-${++runs}` } });
      expect(await run({ account: 'acc-b', key: 'k1' }, handler)).toEqual({
        body: { id: 'order-1' },
        sent: { status: 201, headers: {} },
      });
      expect(await keyRow('acc-b', 'k1')).toEqual({ route: 'POST /api/v1/guard', status: 201, body: '{"id":"order-1"}' });
      const again = await run({ account: 'acc-b', key: 'k1' }, handler);
      expect(again).toEqual({ body: { id: 'order-1' }, sent: { status: 201, headers: { 'idempotent-replayed': 'true' } } });
      expect(runs).toBe(1);
      // the same key of another account is another request
      expect(await run({ account: 'acc-c', key: 'k1' }, handler)).toEqual({
        body: { id: 'order-2' },
        sent: { status: 201, headers: {} },
      });
    });

    it('gives every one of a burst of duplicates the first answer, once that answer exists', async () => {
      let runs = 0;
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const handler = async () => {
        runs++;
        await gate;
        return { status: 201, body: { id: `order-${runs}` } };
      };
      const burst = Array.from({ length: 6 }, () => run({ account: 'acc-d', key: 'burst' }, handler));
      await new Promise((r) => setTimeout(r, 300));
      release();
      const answers = await Promise.all(burst);
      expect(runs).toBe(1);
      expect(answers.map((a) => [a.body, a.sent.status])).toEqual(answers.map(() => [{ id: 'order-1' }, 201]));
      expect(answers.filter((a) => a.sent.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    });

    it('tells a duplicate whose first attempt is still running after its wait to retry later (409), never a placeholder', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const first = run({ account: 'acc-e', key: 'slow' }, async () => {
        await gate;
        return { status: 201, body: { id: 'slow-1' } };
      });
      await new Promise((r) => setTimeout(r, 50));
      const dup = await run({ account: 'acc-e', key: 'slow' }, async () => ({ status: 201, body: { id: 'never' } }));
      expect(dup).toEqual({ error: 'IDEMPOTENCY_IN_PROGRESS', details: undefined, sent: { headers: {} } });
      release();
      expect(await first).toEqual({ body: { id: 'slow-1' }, sent: { status: 201, headers: {} } });
    });

    it('frees the key of a failed first attempt: the retry with the same key runs and its answer is the one kept', async () => {
      const failed = await run({ account: 'acc-f', key: 'fails' }, async () => {
        throw Object.assign(new Error('boom'), { code: 'BOOM' });
      });
      expect(failed).toEqual({ error: 'BOOM', details: undefined, sent: { headers: {} } });
      expect(await keyRow('acc-f', 'fails')).toBeUndefined();
      const retry = await run({ account: 'acc-f', key: 'fails' }, async () => ({ status: 201, body: { id: 'ok-1' } }));
      expect(retry).toEqual({ body: { id: 'ok-1' }, sent: { status: 201, headers: {} } });
      expect(await keyRow('acc-f', 'fails')).toEqual({ route: 'POST /api/v1/guard', status: 201, body: '{"id":"ok-1"}' });
    });

    it('refuses a key reused on another route with 422, without running the handler', async () => {
      let runs = 0;
      await run({ account: 'acc-g', key: 'reused' }, async () => ({ status: 201, body: { id: 'a' } }));
      const other = await run({ account: 'acc-g', key: 'reused', url: '/api/v1/other' }, async () => {
        runs++;
        return { status: 201, body: { id: 'b' } };
      });
      expect(other).toEqual({ error: 'IDEMPOTENCY_KEY_REUSED', details: undefined, sent: { headers: {} } });
      expect(runs).toBe(0);
    });

    it('refuses a key reused for another record of the same route (another URL of one pattern) with 422', async () => {
      const pattern = '/api/v1/pairings/:id/visits';
      const ran: string[] = [];
      const visit = (pairing: string) =>
        run({ account: 'acc-p', key: 'visit-1', url: `/api/v1/pairings/${pairing}/visits`, pattern }, async () => {
          ran.push(pairing);
          return { status: 201, body: { pairing } };
        });
      expect(await visit('a')).toEqual({ body: { pairing: 'a' }, sent: { status: 201, headers: {} } });
      expect(await visit('b')).toEqual({ error: 'IDEMPOTENCY_KEY_REUSED', details: undefined, sent: { headers: {} } });
      // The same request again is replayed, not run.
      expect(await visit('a')).toEqual({
        body: { pairing: 'a' },
        sent: { status: 201, headers: { 'idempotent-replayed': 'true' } },
      });
      expect(ran).toEqual(['a']);
      expect(await keyRow('acc-p', 'visit-1')).toEqual({
        route: 'POST /api/v1/pairings/a/visits',
        status: 201,
        body: '{"pairing":"a"}',
      });
    });

    it('takes over a reservation only after the lease, only on its own route', async () => {
      const now = Date.parse('2026-12-01T08:00:00.000Z');
      const reserve = (key: string, ageMs: number, route = 'POST /api/v1/guard') =>
        db()
          .insertInto('idempotency_keys')
          .values({ account_id: 'acc-h', key, route, status: 0, body: '', created_at: new Date(now - ageMs).toISOString() })
          .execute();
      const at = (key: string, url?: string) => {
        const c = call({ account: 'acc-h', key, url });
        return idempotent(
          db(),
          c.req,
          c.reply,
          async () => ({ status: 201, body: { key } }),
          () => now,
        ).then(
          (body) => ({ body, sent: c.sent }),
          (e: { code: string }) => ({ error: e.code }),
        );
      };
      await reserve('exact-lease', IDEMPOTENCY_LEASE_MS);
      expect(await at('exact-lease')).toEqual({ error: 'IDEMPOTENCY_IN_PROGRESS' });
      await reserve('past-lease', IDEMPOTENCY_LEASE_MS + 1);
      expect(await at('past-lease')).toEqual({ body: { key: 'past-lease' }, sent: { status: 201, headers: {} } });
      expect(await keyRow('acc-h', 'past-lease')).toEqual({
        route: 'POST /api/v1/guard',
        status: 201,
        body: '{"key":"past-lease"}',
      });
      await reserve('other-route', IDEMPOTENCY_LEASE_MS + 1, 'POST /api/v1/other');
      expect(await at('other-route')).toEqual({ error: 'IDEMPOTENCY_IN_PROGRESS' });
    });
  },
  { demo: false },
);
