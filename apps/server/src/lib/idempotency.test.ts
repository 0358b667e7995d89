import { expect, it } from 'vitest';
import { PHONES, windowSoon } from '../modules/orders/orders.test-helpers';
import { describeEachDialect } from '../test/harness';
import { IDEMPOTENCY_LEASE_MS, idempotent } from './idempotency';
import { fakeIdempotentCall } from './idempotency.test-helpers';

const fakeCall = (accountId: string, key: string) => fakeIdempotentCall({ account: accountId, key });

describeEachDialect('idempotency after a crash', (h) => {
  it('a reservation left by a request that died before writing expires: the retry places the order once', async () => {
    const resident = await h().login(PHONES.resident);
    const key = 'crash-before-commit-1';
    const count = async () =>
      Number(
        (
          await h()
            .ctx.db.selectFrom('orders')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('placed_by_account_id', '=', resident.accountId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const reserve = (ageMs: number) =>
      h()
        .ctx.db.insertInto('idempotency_keys')
        .values({
          account_id: resident.accountId,
          key,
          route: 'POST /api/v1/orders',
          status: 0,
          body: '',
          created_at: new Date(Date.now() - ageMs).toISOString(),
        })
        .execute();
    const place = () =>
      h().as(resident, {
        method: 'POST',
        url: '/api/v1/orders',
        headers: { 'idempotency-key': key },
        payload: { category: 'shopping', description: '崩溃后重试', ...windowSoon() },
      });
    // Within the lease the first attempt may still be running: the retry is told to wait.
    await reserve(1000);
    const early = await place();
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    // After the lease it was a dead request: the retry runs, once.
    await h().ctx.db.deleteFrom('idempotency_keys').where('key', '=', key).execute();
    await reserve(IDEMPOTENCY_LEASE_MS + 1000);
    const retries = await Promise.all([place(), place(), place()]);
    const placed = retries.filter((r) => r.statusCode === 201);
    expect(retries.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(placed.map((r) => r.json().id)).size).toBe(1);
    expect(retries.filter((r) => r.headers['idempotent-replayed'] === 'true').length).toBe(2);
    expect(await count()).toBe(before + 1);
    const row = await h()
      .ctx.db.selectFrom('idempotency_keys')
      .select(['status', 'body'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe(201);
    expect(JSON.parse(row.body).id).toBe(placed[0]?.json().id);
  });

  it('a request that died after its write committed left its answer: the retry replays it without running again', async () => {
    const db = h().ctx.db;
    const first = fakeCall('acct-crash', 'crash-after-commit-1');
    // The first attempt stores its answer in its own transaction, then its process dies.
    void idempotent(db, first.req, first.reply, async (storeAnswer) => {
      await db.transaction().execute((trx) => storeAnswer(trx, { status: 201, body: { id: 'order-1' } }));
      return new Promise<never>(() => {});
    });
    await expect
      .poll(
        async () =>
          (await db.selectFrom('idempotency_keys').select('status').where('key', '=', 'crash-after-commit-1').executeTakeFirst())
            ?.status,
      )
      .toBe(201);
    const retry = fakeCall('acct-crash', 'crash-after-commit-1');
    let ranAgain = false;
    const body = await idempotent(db, retry.req, retry.reply, async () => {
      ranAgain = true;
      return { status: 201, body: { id: 'order-2' } };
    });
    expect(body).toEqual({ id: 'order-1' });
    expect(ranAgain).toBe(false);
    expect(retry.sent).toEqual({ status: 201, headers: { 'idempotent-replayed': 'true' } });
  });
});
