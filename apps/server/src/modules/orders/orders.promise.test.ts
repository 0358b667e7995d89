import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createAuditRepository } from '../audit/audit.repository';
import { createSeriesService } from './orders.series';
import { PHONES, volunteers, windowSoon } from './orders.test-helpers';

/** Monday 2030-03-04, 08:00 in Beijing: the injected "now" of the series job. */
const MONDAY = new Date('2030-03-04T00:00:00.000Z');

/**
 * The promises of orders.series.ts ("safe to run twice or on two instances at once … a date is
 * generated only once") and orders.repository.ts ("of racing requests exactly one wins"), with
 * exact outcomes: every date, every timeline entry, every answer of the burst and the winner.
 */
describeEachDialect('orders: promises', (h) => {
  let resident: Session;
  beforeAll(async () => {
    resident = await h().login(PHONES.resident);
  });

  it('generates each date of a series once, with one timeline entry, when two instances run the job at once', async () => {
    const made = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders/series',
      payload: { category: 'meals', description: '午餐送餐', weekdays: [1, 2, 3, 4, 5], timeStart: '11:00', timeEnd: '12:00' },
    });
    expect(made.statusCode).toBe(201);
    // A copy not yet generated (creating a series generates it at once, by the real clock), and
    // the only active series, so the job's counts are this series' alone.
    const seriesId = 'promise-series';
    const created = await h()
      .ctx.db.selectFrom('order_series')
      .selectAll()
      .where('id', '=', made.json().id)
      .executeTakeFirstOrThrow();
    await h().ctx.db.updateTable('order_series').set({ active: 0 }).execute();
    await h()
      .ctx.db.insertInto('order_series')
      .values({ ...created, id: seriesId, active: 1, generated_until: null })
      .execute();
    const series = createSeriesService({
      repo: h().ctx.orders.repo,
      audit: createAuditRepository(h().ctx.db, h().dialect),
      clock: () => MONDAY,
    });

    const counts = await Promise.all([series.generate(), series.generate()]);
    expect(counts[0] + counts[1]).toBe(6);
    expect(await series.generate()).toBe(0);

    const rows = await h()
      .ctx.db.selectFrom('orders')
      .select(['id', 'series_date', 'window_start', 'window_end', 'status', 'channel'])
      .where('series_id', '=', seriesId)
      .orderBy('series_date')
      .execute();
    // Monday to Friday of this week and next Monday (seven days ahead), 11:00–12:00 Beijing.
    const dates = ['2030-03-04', '2030-03-05', '2030-03-06', '2030-03-07', '2030-03-08', '2030-03-11'];
    expect(rows.map((r) => [r.series_date, r.window_start, r.window_end, r.status, r.channel])).toEqual(
      dates.map((d) => [d, `${d}T03:00:00.000Z`, `${d}T04:00:00.000Z`, 'placed', 'series']),
    );
    const events = await h()
      .ctx.db.selectFrom('order_events')
      .select(['order_id', 'action', 'to_status'])
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(events.map((e) => [e.order_id, e.action, e.to_status]).sort()).toEqual(
      rows.map((r) => [r.id, 'generated', 'placed']).sort(),
    );
    const generated = await h()
      .ctx.db.selectFrom('order_events')
      .select('order_id')
      .where('action', '=', 'generated')
      .where('channel', '=', 'series')
      .where('note', 'is', null)
      .execute();
    // No timeline entry for an order the losing instance did not write.
    const known = new Set((await h().ctx.db.selectFrom('orders').select('id').execute()).map((o) => o.id));
    expect(generated.filter((e) => !known.has(e.order_id))).toEqual([]);
  });

  it('gives an order to exactly one of a burst of volunteers: that one holds it, every other is told ORDER_ALREADY_TAKEN', async () => {
    const crowd = await volunteers(h(), 8);
    const placed = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { category: 'shopping', description: '买大米', ...windowSoon() },
    });
    expect(placed.statusCode).toBe(201);
    const id = placed.json().id as string;
    const answers = await Promise.all(crowd.map((v) => h().as(v, { method: 'POST', url: `/api/v1/orders/${id}/take` })));
    const winner = answers.findIndex((r) => r.statusCode === 200);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(answers.map((r) => [r.statusCode, r.statusCode === 200 ? null : r.json().error.code])).toEqual(
      crowd.map((_, i) => (i === winner ? [200, null] : [409, 'ORDER_ALREADY_TAKEN'])),
    );
    const holder = crowd[winner] as Session;
    const row = await h()
      .ctx.db.selectFrom('orders')
      .select(['status', 'volunteer_person_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'taken', volunteer_person_id: holder.personId });
    const taken = await h()
      .ctx.db.selectFrom('order_events')
      .select(['actor_person_id', 'from_status', 'to_status'])
      .where('order_id', '=', id)
      .where('action', '=', 'taken')
      .execute();
    expect(taken).toEqual([{ actor_person_id: holder.personId, from_status: 'placed', to_status: 'taken' }]);
  });
});
