import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createStationReminder } from './stations.jobs';

/** The stations row of the notification matrix: a booking is reminded three hours before, once. */
describeEachDialect('stations.notify', (h) => {
  it('reminds the person who booked three hours before the slot, once; not a booking made within those hours', async () => {
    const staff = await h().login('19900000005');
    const wan = await h().login('19900000001');
    const huang = await h().login('19900000002');
    const station = 'st-wuxingaz-public_health';
    const start = new Date(Date.now() + 2 * 86_400_000);
    const slot = await h().as(staff, {
      method: 'POST',
      url: `/api/v1/stations/${station}/slots`,
      payload: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), capacity: 5 },
    });
    expect(slot.statusCode).toBe(201);
    const slotId = slot.json().id;
    for (const s of [wan, huang])
      expect(
        (await h().as(s, { method: 'POST', url: `/api/v1/stations/slots/${slotId}/bookings`, payload: {} })).statusCode,
      ).toBe(201);
    // 黄园 booked only two hours ahead (the clock of the reminder stands before the slot).
    await h()
      .ctx.db.updateTable('station_bookings')
      .set({ created_at: new Date(start.getTime() - 2 * 3600_000).toISOString() })
      .where('person_id', '=', huang.personId)
      .where('slot_id', '=', slotId)
      .execute();
    const at = (msBefore: number) =>
      createStationReminder({
        db: h().ctx.db,
        notifications: h().ctx.notifications,
        clock: () => new Date(start.getTime() - msBefore),
      });
    const told = async () =>
      h()
        .ctx.db.selectFrom('notifications')
        .select(['person_id', 'title', 'body', 'link'])
        .where('kind', '=', 'station.reminder')
        .execute();
    expect(await at(3 * 3600_000 + 60_000)()).toBe(0);
    const r = at(3 * 3600_000 - 60_000);
    expect((await Promise.all([r(), r()])).sort()).toEqual([0, 1]);
    expect(await at(3600_000)()).toBe(0);
    const bj = new Date(start.getTime() + 8 * 3600_000);
    const hhmm = `${String(bj.getUTCHours()).padStart(2, '0')}:${String(bj.getUTCMinutes()).padStart(2, '0')}`;
    const st = await h()
      .ctx.db.selectFrom('stations')
      .select(['name', 'place'])
      .where('id', '=', station)
      .executeTakeFirstOrThrow();
    expect(await told()).toEqual([
      {
        person_id: wan.personId,
        title: `预约提醒：${hhmm} ${st.name}`,
        body: st.place ? `地点：${st.place}` : '',
        link: `/stations/${station}`,
      },
    ]);
  });
});
