import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

describeEachDialect('stations', (h) => {
  it('lists the five stations of 轴承生活小区 to the people of the compound only', async () => {
    const wang = await h().login('19900000010');
    const res = await h().as(wang, { method: 'GET', url: '/api/v1/stations?compound=zhoucheng' });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .stations.map((s: { type: string }) => s.type)
        .sort(),
    ).toEqual(['elderly_care', 'online_mass_line', 'owner_autonomy', 'public_health', 'three_social']);
    const wan = await h().login('19900000001');
    expect((await h().as(wan, { method: 'GET', url: '/api/v1/stations?compound=zhoucheng' })).statusCode).toBe(404);
  });

  it('books a slot, refuses a second booking by the same person, and never overfills under a race', async () => {
    const staff = await h().login('19900000005');
    const station = 'st-wuxingaz-public_health';
    const start = new Date(Date.now() + 2 * 86_400_000);
    const slot = await h().as(staff, {
      method: 'POST',
      url: `/api/v1/stations/${station}/slots`,
      payload: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), capacity: 2 },
    });
    expect(slot.statusCode).toBe(201);
    const slotId = slot.json().id;
    const wan = await h().login('19900000001');
    const huang = await h().login('19900000002');
    const li = await h().login('19900000003');
    const first = await h().as(wan, { method: 'POST', url: `/api/v1/stations/slots/${slotId}/bookings`, payload: {} });
    expect(first.statusCode).toBe(201);
    expect(
      (await h().as(wan, { method: 'POST', url: `/api/v1/stations/slots/${slotId}/bookings`, payload: {} })).statusCode,
    ).toBe(409);
    const race = await Promise.all(
      [huang, li].map((s) =>
        h().as(s, { method: 'POST', url: `/api/v1/stations/slots/${slotId}/bookings`, payload: { note: '<script>x</script>' } }),
      ),
    );
    // Every answer of the race: the one who got the last place, and the other told CAPACITY_FULL.
    const won = race.findIndex((r) => r.statusCode === 201);
    expect(race.map((r) => [r.statusCode, r.statusCode === 201 ? null : r.json().error.code])).toEqual(
      race.map((_, i) => (i === won ? [201, null] : [409, 'CAPACITY_FULL'])),
    );
    const winner = [huang, li][won] as typeof huang;
    const row = await h()
      .ctx.db.selectFrom('station_slots')
      .select(['booked', 'capacity'])
      .where('id', '=', slotId)
      .executeTakeFirstOrThrow();
    expect(row.booked).toBe(2);
    const day = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const list = (await h().as(staff, { method: 'GET', url: `/api/v1/stations/${station}/bookings?date=${day}` })).json();
    const ours = list.bookings.filter((b: { startsAt: string }) => b.startsAt === start.toISOString());
    expect(ours.map((b: { personId: string; note: string }) => [b.personId, b.note]).sort()).toEqual(
      [
        [wan.personId, ''],
        [winner.personId, '<script>x</script>'],
      ].sort(),
    );
    expect(list.bookings.every((b: { phone: string | null }) => !b.phone || b.phone.includes('****'))).toBe(true);
    // Cancelling frees the place; cancelling twice is refused.
    const cancel = await h().as(wan, { method: 'DELETE', url: `/api/v1/stations/bookings/${first.json().id}` });
    expect(cancel.statusCode).toBe(204);
    expect((await h().as(wan, { method: 'DELETE', url: `/api/v1/stations/bookings/${first.json().id}` })).statusCode).toBe(409);
    const after = await h()
      .ctx.db.selectFrom('station_slots')
      .select('booked')
      .where('id', '=', slotId)
      .executeTakeFirstOrThrow();
    expect(after.booked).toBe(1);
  });

  it('refuses bad slot input and the day list to residents', async () => {
    const staff = await h().login('19900000005');
    const bad = await h().as(staff, {
      method: 'POST',
      url: '/api/v1/stations/st-wuxingaz-public_health/slots',
      payload: { startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T08:00:00Z', capacity: 3 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('endsAt');
    expect(
      (
        await h().as(staff, {
          method: 'POST',
          url: '/api/v1/stations/st-wuxingaz-public_health/slots',
          payload: { startsAt: 'x', endsAt: 'y', capacity: 0 },
        })
      ).statusCode,
    ).toBe(400);
    const wan = await h().login('19900000001');
    expect(
      (await h().as(wan, { method: 'GET', url: '/api/v1/stations/st-wuxingaz-public_health/bookings?date=2026-12-01' }))
        .statusCode,
    ).toBe(403);
  });
});
