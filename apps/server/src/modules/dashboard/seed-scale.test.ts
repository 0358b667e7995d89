import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { todayInChina } from '../volunteers/dates';
import { parseScaleArgs } from './seed-scale';
import { generateCity } from './seed-scale.cli';

describe('seed-scale arguments', () => {
  it('defaults to the issue city per compound and rejects unknown or malformed options', () => {
    expect(parseScaleArgs(['--compounds', '1000'])).toMatchObject({
      compounds: 1000,
      orders: 5_000_000,
      people: 1_000_000,
      households: 300_000,
      hours: 1_000_000,
    });
    expect(parseScaleArgs(['--compounds', '2', '--orders', '10'])).toMatchObject({ compounds: 2, orders: 10 });
    expect(() => parseScaleArgs(['--compunds', '2'])).toThrow(/unknown option/);
    expect(() => parseScaleArgs(['--compounds', '-1'])).toThrow(/whole number/);
    expect(() => parseScaleArgs(['--compounds', '0'])).toThrow(/at least 1/);
  });
});

describeEachDialect(
  'seed-scale',
  (h) => {
    it('generates a city whose dashboard figures equal what was written, at every level', async () => {
      const ctx = { ...h().ctx, config: { ...h().ctx.config, databaseUrl: h().testDb.url } };
      // The city's history ends now; the views below ask for the months up to this one, even if
      // the test has crossed into the next month by then.
      const now = new Date();
      const until = todayInChina(now).slice(0, 7);
      const r = await generateCity(ctx, {
        clock: () => now,
        compounds: 12,
        orders: 6000,
        people: 1200,
        households: 360,
        hours: 1200,
        months: 6,
        batch: 500,
        prefix: 'tst',
      });
      expect(r.rows.orders).toBe(6000);
      expect(r.rowsPerSecond).toBeGreaterThan(0);
      const admin = await h().login('19900000009'); // platform admin at yunlong, not above the generated district
      expect((await h().as(admin, { url: `/api/v1/dashboard/${r.districtId}` })).statusCode).toBe(404);
      // A district admin of the generated city.
      const acc = await h().ctx.accounts.findByPhone('19900000008');
      await h().ctx.accounts.grant({ accountId: acc?.id ?? '', role: 'district_admin', nodeId: r.districtId, grantedBy: null });
      const s = await h().login('19900000008');
      const d = (await h().as(s, { url: `/api/v1/dashboard/${r.districtId}?months=6&until=${until}` })).json();
      expect(d.stock.compounds).toBe(12);
      expect(d.stock.branches).toBe(12);
      expect(d.stock.households).toBe(360);
      expect(d.stock.residents).toBe(1200);
      expect(d.total.ordersPlaced).toBe(6000);
      expect(d.total.hoursEntries).toBe(r.rows.volunteer_hours);
      expect(d.children.length).toBe(1); // one subdistrict for ≤100 compounds
      const sub = (await h().as(s, { url: `/api/v1/dashboard/${d.children[0].id}?months=6&until=${until}` })).json();
      expect(sub.children.length).toBe(2); // communities of 10 compounds
      expect(sub.children.reduce((n: number, c: { total: { ordersPlaced: number } }) => n + c.total.ordersPlaced, 0)).toBe(6000);
      const months = d.months.reduce((n: number, m: { ordersPlaced: number }) => n + m.ordersPlaced, 0);
      expect(months).toBe(6000);
    });
  },
  { demo: true },
);
