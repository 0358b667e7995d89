import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createEventsService } from './events.service';
import { localIn, makePerson } from './events.test-helpers';

/** The events row of the notification matrix: the reminder the day before, to confirmed places only, once. */
describeEachDialect('events.notify', (h) => {
  it('reminds those with a confirmed place the day before, once, in their language, and not the wait list', async () => {
    const post = (s: Session, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
    const staff = await makePerson(h(), { name: '组织者', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    const zh = await makePerson(h(), { name: '老人甲', nodeId: 'wuxingaz', birthYear: 1946 });
    const en = await makePerson(h(), { name: '老人乙', nodeId: 'wuxingaz', birthYear: 1948 });
    const waiting = await makePerson(h(), { name: '老人丙', nodeId: 'wuxingaz', birthYear: 1950 });
    await h().ctx.db.updateTable('accounts').set({ lang: 'en' }).where('person_id', '=', en.personId).execute();
    const created = await post(staff, '/api/v1/events', {
      nodeId: 'wuxingaz',
      title: '太极拳',
      place: '广场',
      start: localIn(3, '09:30'),
      durationMin: 60,
      capacity: 2,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const week = (await h().as(staff, { url: '/api/v1/events/week?node=wuxingaz&days=14' })).json();
    const occ = week.occurrences.find((o: { eventId: string }) => o.eventId === id);
    for (const s of [zh, en, waiting])
      expect((await post(s, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`)).statusCode).toBe(201);
    const row = await h()
      .ctx.db.selectFrom('event_occurrences')
      .select(['id', 'starts_at'])
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow();
    const starts = Date.parse(row.starts_at);
    const at = (ms: number) =>
      createEventsService({
        events: h().ctx.events,
        audit: h().ctx.audit,
        notifications: h().ctx.notifications,
        hours: h().ctx.hours,
        clock: () => new Date(starts - ms),
      });
    const told = async () =>
      (
        await h()
          .ctx.db.selectFrom('notifications')
          .select(['person_id', 'title', 'body'])
          .where('kind', '=', 'event.reminder')
          .where('person_id', 'in', [zh.personId, en.personId, waiting.personId])
          .execute()
      ).sort((a, b) => a.title.localeCompare(b.title));
    // Other (demo) occurrences may be reminded by the same runs: only these people are counted.
    await at(24 * 3600_000 + 60_000).remindTomorrow();
    expect(await told()).toEqual([]);
    const dayBefore = at(23 * 3600_000);
    await Promise.all([dayBefore.remindTomorrow(), dayBefore.remindTomorrow()]);
    await at(3600_000).remindTomorrow();
    expect(
      (await h().ctx.db.selectFrom('event_occurrences').select('reminded_at').where('id', '=', row.id).executeTakeFirstOrThrow())
        .reminded_at,
    ).toBe(new Date(starts - 23 * 3600_000).toISOString());
    const when = new Date(starts + 8 * 3600_000);
    const zhWhen = `${when.getUTCMonth() + 1}月${when.getUTCDate()}日 09:30`;
    expect(await told()).toEqual([
      { person_id: en.personId, title: 'Tomorrow: 太极拳', body: `${zhWhen} at 广场. Bring your ticket.` },
      { person_id: zh.personId, title: '明天的活动：太极拳', body: `${zhWhen}，地点：广场，请带好入场码。` },
    ]);
  });
});
