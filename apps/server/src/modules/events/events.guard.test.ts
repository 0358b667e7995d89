import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { localIn, makePerson } from './events.test-helpers';

// "First come, first promoted" (issue #21): the wait list moves up in the order people joined
// it, one by one on cancellation and several at once when places are added. Exact people.

describeEachDialect('events: wait list order', (h) => {
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });

  it('promotes exactly the first waiting on a cancellation, and the next ones in order when places are added', async () => {
    const staff = await makePerson(h(), { name: '组织者', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    const created = await post(staff, '/api/v1/events', {
      nodeId: 'wuxingaz',
      title: '排队测试',
      place: '活动室',
      start: localIn(2, '10:00'),
      durationMin: 60,
      capacity: 1,
    });
    expect(created.statusCode, created.body).toBe(201);
    const eventId = created.json().id as string;
    const week = await h().as(staff, { method: 'GET', url: '/api/v1/events/week?node=wuxingaz&days=14' });
    const occKey = (week.json().occurrences as Array<{ eventId: string; occKey: string }>).find(
      (o) => o.eventId === eventId,
    )?.occKey;
    const people: Session[] = [];
    const signups: string[] = [];
    // one after the other, so the order of joining is known
    for (const name of ['一号', '二号', '三号', '四号', '五号']) {
      const p = await makePerson(h(), { name, nodeId: 'wuxingaz', birthYear: 1950 });
      const r = await post(p, `/api/v1/events/${eventId}/occurrences/${occKey}/signups`);
      expect(r.statusCode, r.body).toBe(201);
      people.push(p);
      signups.push(r.json().id);
    }
    const statuses = async () =>
      Object.fromEntries(
        (await h().ctx.db.selectFrom('event_signups').select(['id', 'status']).where('event_id', '=', eventId).execute()).map(
          (r) => [signups.indexOf(r.id) + 1, r.status],
        ),
      );
    expect(await statuses()).toEqual({ 1: 'confirmed', 2: 'waitlisted', 3: 'waitlisted', 4: 'waitlisted', 5: 'waitlisted' });

    const cancel = await post(people[0] as Session, `/api/v1/signups/${signups[0]}/cancel`);
    expect(cancel.json()).toEqual({ promoted: { signupId: signups[1] } });
    expect(await statuses()).toEqual({ 1: 'cancelled', 2: 'confirmed', 3: 'waitlisted', 4: 'waitlisted', 5: 'waitlisted' });

    // a waiting person leaving promotes nobody and keeps the others' order
    const leave = await post(people[2] as Session, `/api/v1/signups/${signups[2]}/cancel`);
    expect(leave.json()).toEqual({ promoted: null });

    const grow = await h().as(staff, { method: 'PATCH', url: `/api/v1/events/${eventId}`, payload: { capacity: 2 } });
    expect(grow.statusCode, grow.body).toBe(200);
    expect(await statuses()).toEqual({ 1: 'cancelled', 2: 'confirmed', 3: 'cancelled', 4: 'confirmed', 5: 'waitlisted' });
    const taken = async () =>
      (await h().ctx.db.selectFrom('event_occurrences').select('taken').where('event_id', '=', eventId).executeTakeFirstOrThrow())
        .taken;
    expect(await taken()).toBe(2);

    // the last confirmed place freed with nobody waiting: one fewer taken
    await post(people[4] as Session, `/api/v1/signups/${signups[4]}/cancel`);
    await post(people[3] as Session, `/api/v1/signups/${signups[3]}/cancel`);
    expect(await taken()).toBe(1);
    const promotedNotes = await h()
      .ctx.db.selectFrom('notifications')
      .select('person_id')
      .where('kind', '=', 'event.promoted')
      .where(
        'person_id',
        'in',
        people.map((p) => p.personId),
      )
      .orderBy('person_id')
      .execute();
    expect(promotedNotes.map((n) => n.person_id)).toEqual([people[1]?.personId, people[3]?.personId].sort());
  });
});
