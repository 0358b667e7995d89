import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { localIn, makePerson } from './events.test-helpers';

// Guards of sign-ups (issue #21, signups.repository.ts): never more confirmed than capacity,
// one live sign-up per person, a cancelled evening refuses, fewer places never remove anyone,
// and a cancellation frees exactly one place. Exact answers and exact rows.

describeEachDialect('events: sign-up guards', (h) => {
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
  let staff: Session;
  let n = 0;
  const person = () => makePerson(h(), { name: `居民${++n}`, nodeId: 'wuxingaz', birthYear: 1950 });

  /** A one-off event with this capacity; its one occurrence's sign-up URL. */
  async function event(capacity: number | null) {
    staff ??= await makePerson(h(), { name: '组织者', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    const created = await post(staff, '/api/v1/events', {
      nodeId: 'wuxingaz',
      title: `守卫测试${++n}`,
      place: '活动室',
      start: localIn(3, '10:00'),
      durationMin: 60,
      capacity,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const week = await h().as(staff, { method: 'GET', url: '/api/v1/events/week?node=wuxingaz&days=14' });
    const occKey = (week.json().occurrences as Array<{ eventId: string; occKey: string }>).find((o) => o.eventId === id)
      ?.occKey as string;
    return { id, occKey, signups: `/api/v1/events/${id}/occurrences/${occKey}/signups` };
  }
  const rows = async (eventId: string) =>
    (
      await h()
        .ctx.db.selectFrom('event_signups')
        .select(['person_id', 'status'])
        .where('event_id', '=', eventId)
        .orderBy('seq')
        .execute()
    ).map((r) => [r.person_id, r.status]);
  const taken = async (eventId: string) =>
    (await h().ctx.db.selectFrom('event_occurrences').select('taken').where('event_id', '=', eventId).executeTakeFirstOrThrow())
      .taken;

  it('gives exactly the capacity confirmed places of a burst, the rest wait, every answer 201', async () => {
    const e = await event(3);
    const people = await Promise.all([person(), person(), person(), person(), person(), person()]);
    const answers = await Promise.all(people.map((p) => post(p, e.signups)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.json().status).sort()).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);
    expect(await taken(e.id)).toBe(3);
  });

  it('confirms everyone when there is no capacity, counting each place', async () => {
    const e = await event(null);
    const people = await Promise.all([person(), person(), person()]);
    for (const p of people) expect((await post(p, e.signups)).json().status).toBe('confirmed');
    expect(await taken(e.id)).toBe(3);
  });

  it('keeps one live sign-up per person, even for two at once, and lets them sign up again after cancelling', async () => {
    const e = await event(5);
    const p = await person();
    const twice = await Promise.all([post(p, e.signups), post(p, e.signups)]);
    expect(twice.map((a) => [a.statusCode, a.statusCode === 201 ? a.json().status : a.json().error.code]).sort()).toEqual([
      [201, 'confirmed'],
      [409, 'ALREADY_SIGNED_UP'],
    ]);
    expect(await rows(e.id)).toEqual([[p.personId, 'confirmed']]);
    expect(await taken(e.id)).toBe(1);
    const first = twice.find((a) => a.statusCode === 201)?.json().id as string;
    expect((await post(p, `/api/v1/signups/${first}/cancel`)).statusCode).toBe(200);
    expect(await taken(e.id)).toBe(0);
    const again = await post(p, e.signups);
    expect([again.statusCode, again.json().status]).toEqual([201, 'confirmed']);
    expect(await rows(e.id)).toEqual([
      [p.personId, 'cancelled'],
      [p.personId, 'confirmed'],
    ]);
    expect(await taken(e.id)).toBe(1);
  });

  it('refuses a sign-up for a cancelled evening and writes nothing', async () => {
    const e = await event(5);
    const c = await h().as(staff, {
      method: 'PATCH',
      url: `/api/v1/events/${e.id}/occurrences/${e.occKey}`,
      payload: { cancelled: true },
    });
    expect(c.statusCode, c.body).toBe(200);
    const r = await post(await person(), e.signups);
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'OCCURRENCE_CANCELLED']);
    expect(await rows(e.id)).toEqual([]);
  });

  it('never removes a confirmed person when places are cut, and promotes in order when they are given back', async () => {
    const e = await event(2);
    const [a, b, c, d, x] = await Promise.all([person(), person(), person(), person(), person()]);
    for (const p of [a, b, c, d]) await post(p as Session, e.signups);
    const patch = (capacity: number | null) =>
      h().as(staff, { method: 'PATCH', url: `/api/v1/events/${e.id}`, payload: { capacity } });
    expect((await patch(1)).statusCode).toBe(200);
    expect(await rows(e.id)).toEqual([
      [a?.personId, 'confirmed'],
      [b?.personId, 'confirmed'],
      [c?.personId, 'waitlisted'],
      [d?.personId, 'waitlisted'],
    ]);
    expect(await taken(e.id)).toBe(2);
    // still full at 2 places: a new sign-up waits, nobody moves
    expect((await patch(2)).statusCode).toBe(200);
    expect((await post(x as Session, e.signups)).json().status).toBe('waitlisted');
    expect(await taken(e.id)).toBe(2);
    // one more place: exactly the first waiting
    expect((await patch(3)).statusCode).toBe(200);
    expect((await rows(e.id)).map((r) => r[1])).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    // no limit: everyone left, in order
    expect((await patch(null)).statusCode).toBe(200);
    expect((await rows(e.id)).map((r) => r[1])).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect(await taken(e.id)).toBe(5);
  });

  it('frees one place for a confirmed cancellation with nobody waiting, none for a waiting one; refuses a second cancellation and an unknown one', async () => {
    const e = await event(1);
    const [a, b] = await Promise.all([person(), person()]);
    const sa = (await post(a as Session, e.signups)).json().id as string;
    const sb = (await post(b as Session, e.signups)).json().id as string;
    expect((await post(b as Session, `/api/v1/signups/${sb}/cancel`)).json()).toEqual({ promoted: null });
    expect(await taken(e.id)).toBe(1);
    expect((await post(a as Session, `/api/v1/signups/${sa}/cancel`)).json()).toEqual({ promoted: null });
    expect(await taken(e.id)).toBe(0);
    const again = await post(a as Session, `/api/v1/signups/${sa}/cancel`);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await taken(e.id)).toBe(0);
    const unknown = await post(a as Session, '/api/v1/signups/no-such-signup/cancel');
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses to cancel a ticket already used at the door', async () => {
    const e = await event(2);
    const p = await person();
    const s = (await post(p, e.signups)).json();
    await h()
      .ctx.db.updateTable('event_signups')
      .set({ checked_in_at: '2026-01-01T00:00:00.000Z', checked_in_by: staff.accountId })
      .where('id', '=', s.id)
      .execute();
    const r = await post(p, `/api/v1/signups/${s.id}/cancel`);
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await rows(e.id)).toEqual([[p.personId, 'confirmed']]);
    expect(await taken(e.id)).toBe(1);
  });
});
