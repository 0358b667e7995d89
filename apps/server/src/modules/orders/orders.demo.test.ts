import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { DEMO_SERVICES } from './orders.demo';

describeEachDialect('orders demo data', (h) => {
  it('holds 700+ confirmed services by ~100 volunteers in 五星社区安置小区, with hours credited, and a few open orders', async () => {
    const db = h().ctx.db;
    const confirmed = await db
      .selectFrom('orders')
      .select(['id', 'volunteer_person_id'])
      .where('compound_id', '=', 'wuxingaz')
      .where('status', '=', 'confirmed')
      .execute();
    expect(confirmed.length).toBeGreaterThanOrEqual(DEMO_SERVICES);
    const hours = await db
      .selectFrom('volunteer_hours')
      .select('source_id')
      .where('source_type', '=', 'order')
      .where('compound_id', '=', 'wuxingaz')
      .execute();
    expect(hours.length).toBe(confirmed.length);
    const byVolunteers = new Set(confirmed.map((o) => o.volunteer_person_id)).size;
    expect(byVolunteers).toBeGreaterThanOrEqual(90);
    const rice = await db
      .selectFrom('orders')
      .select('id')
      .where('volunteer_person_id', '=', 'p-19900000002')
      .where('resident_person_id', '=', 'p-19900000001')
      .where('description', 'like', '%大米和食用油%')
      .execute();
    expect(rice.length).toBeGreaterThan(0);
    const open = await db
      .selectFrom('orders')
      .select('id')
      .where('compound_id', '=', 'wuxingaz')
      .where('status', '=', 'placed')
      .execute();
    expect(open.length).toBeGreaterThanOrEqual(3);
    const resident = await h().login('19900000001');
    const stats = (await h().as(resident, { url: '/api/v1/orders/stats' })).json();
    expect(stats.volunteers).toBeGreaterThanOrEqual(90);
    expect(stats.services).toBe(confirmed.length);
  });

  it('seeds only once', async () => {
    const { seedOrdersDemo } = await import('./orders.demo');
    const before = await h().ctx.db.selectFrom('orders').select('id').execute();
    expect(await seedOrdersDemo(h().ctx)).toEqual({ services: 0, open: 0 });
    expect(await h().ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length);
  });
});
