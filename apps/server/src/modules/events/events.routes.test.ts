import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { localIn, makePerson } from './events.test-helpers';

type Occ = { eventId: string; occKey: string; title: string; status: string; taken: number; start: string };

describeEachDialect('events', (h) => {
  let staff: Session;
  let elder: Session;
  let young: Session;
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
  const get = (s: Session | null, url: string) => h().as(s, { method: 'GET', url });

  async function createEvent(body: Record<string, unknown>) {
    const res = await post(staff, '/api/v1/events', {
      nodeId: 'wuxingaz',
      title: '手工课',
      place: '日间照料中心',
      start: localIn(1, '09:30'),
      durationMin: 90,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function firstOcc(eventId: string, s: Session = staff): Promise<Occ> {
    const res = await get(s, `/api/v1/events/week?node=wuxingaz&days=14`);
    expect(res.statusCode, res.body).toBe(200);
    const o = (res.json().occurrences as Occ[]).find((x) => x.eventId === eventId);
    if (!o) throw new Error('occurrence not listed');
    return o;
  }

  it('sets up an organiser and residents of 五星社区安置小区', async () => {
    staff = await makePerson(h(), { name: '组织者', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    elder = await makePerson(h(), { name: '老人甲', nodeId: 'wuxingaz', birthYear: 1946, tags: ['独居老人'] });
    young = await makePerson(h(), { name: '青年乙', nodeId: 'wuxingaz', birthYear: 1998 });
  });

  it('lists a daily event every day of the week, stores HTML as text, and refuses bad input', async () => {
    const id = await createEvent({ title: '<b>广场舞</b>', rrule: 'FREQ=DAILY', start: localIn(0, '23:50') });
    const res = await get(elder, '/api/v1/events/week?node=wuxingaz&days=7');
    const mine = (res.json().occurrences as Occ[]).filter((o) => o.eventId === id);
    expect(mine.length).toBeGreaterThanOrEqual(6);
    expect(mine[0]?.title).toBe('<b>广场舞</b>');
    const bad = await post(staff, '/api/v1/events', {
      nodeId: 'wuxingaz',
      title: 'x',
      start: localIn(1, '09:00'),
      durationMin: 60,
      rrule: 'FREQ=HOURLY',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].path).toBe('rrule');
    expect(
      (await post(staff, '/api/v1/events', { nodeId: 'wuxingaz', title: 'x', start: localIn(1, '09:00'), durationMin: '60' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await post(staff, '/api/v1/events', {
          nodeId: 'wuxingaz',
          title: 'x',
          start: localIn(1, '09:00'),
          durationMin: 60,
          evil: 1,
        })
      ).statusCode,
    ).toBe(400);
    // a resident cannot organise; another compound's staff gets 404
    expect(
      (await post(elder, '/api/v1/events', { nodeId: 'wuxingaz', title: 'x', start: localIn(1, '09:00'), durationMin: 60 }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a younger resident by the audience rule with the reason in words, and gives the elder a ticket', async () => {
    const id = await createEvent({ minAge: 60, capacity: 20 });
    const occ = await firstOcc(id);
    const url = `/api/v1/events/${id}/occurrences/${occ.occKey}`;
    const no = await post(young, `${url}/signups`);
    expect(no.statusCode).toBe(422);
    expect(no.json().error.code).toBe('AUDIENCE_REFUSED');
    expect(no.json().error.details.reasons[0]).toMatch(/仅限 60 岁及以上.*您今年 \d+ 岁/);
    const page = (await get(young, url)).json();
    expect(page.refusals).toHaveLength(1);
    await h().as(young, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: 'en' } });
    const en = await post(young, `${url}/signups`);
    expect(en.json().error.details.reasons[0]).toMatch(/aged 60 and over; you are \d+ this year/);
    await h().as(young, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: 'zh-CN' } });
    const ok = await post(elder, `${url}/signups`);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'confirmed', ticketCode: expect.stringMatching(/^LX-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    expect((await post(elder, `${url}/signups`)).json().error.code).toBe('ALREADY_SIGNED_UP');
    const tickets = (await get(elder, '/api/v1/me/tickets')).json().tickets;
    expect(tickets.map((t: { ticketCode: string }) => t.ticketCode)).toContain(ok.json().ticketCode);
  });

  it('never confirms more than capacity: 50 simultaneous sign-ups for 10 places', async () => {
    const id = await createEvent({ title: '阅读分享会', capacity: 10 });
    const occ = await firstOcc(id);
    const people = await Promise.all(
      Array.from({ length: 50 }, (_, i) => makePerson(h(), { name: `居民${i}`, nodeId: 'wuxingaz', birthYear: 1990 })),
    );
    const results = await Promise.all(people.map((p) => post(p, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`)));
    expect(results.map((r) => r.statusCode).every((c) => c === 201)).toBe(true);
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(40);
    const row = await h()
      .ctx.db.selectFrom('event_occurrences')
      .select('taken')
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.taken).toBe(10);

    // cancelling a confirmed place moves the first on the wait list up and tells them
    const confirmed = results.findIndex((r) => r.json().status === 'confirmed');
    // the wait list in the order people joined it (seq), taken before anyone cancels
    const queue = (
      await h()
        .ctx.db.selectFrom('event_signups')
        .select('id')
        .where('event_id', '=', id)
        .where('status', '=', 'waitlisted')
        .orderBy('seq')
        .execute()
    ).map((r) => r.id);
    expect(queue).toHaveLength(40);
    const page = (await get(people[confirmed] as Session, `/api/v1/events/${id}/occurrences/${occ.occKey}`)).json();
    const cancel = await post(people[confirmed] as Session, `/api/v1/signups/${page.mySignup.id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    const promotedId = cancel.json().promoted.signupId;
    const promoted = await h()
      .ctx.db.selectFrom('event_signups')
      .selectAll()
      .where('id', '=', promotedId)
      .executeTakeFirstOrThrow();
    expect(promoted.status).toBe('confirmed');
    // first come, first promoted: exactly the first on the wait list, not merely someone on it
    expect(promotedId).toBe(queue[0]);
    const note = await h()
      .ctx.db.selectFrom('notifications')
      .selectAll()
      .where('person_id', '=', promoted.person_id)
      .where('kind', '=', 'event.promoted')
      .execute();
    expect(note).toHaveLength(1);
    expect(
      (await h().ctx.db.selectFrom('event_occurrences').select('taken').where('event_id', '=', id).executeTakeFirstOrThrow())
        .taken,
    ).toBe(10);
    // cancelling twice is an out-of-order transition
    expect((await post(people[confirmed] as Session, `/api/v1/signups/${page.mySignup.id}/cancel`)).statusCode).toBe(409);
    // simultaneous cancellations never promote the same person twice
    const others = results
      .map((r, i) => ({ r, p: people[i] as Session }))
      .filter(({ r }) => r.json().status === 'confirmed' && r.json().id !== page.mySignup.id);
    await Promise.all(others.slice(0, 5).map(({ r, p }) => post(p, `/api/v1/signups/${r.json().id}/cancel`)));
    const counts = await h().ctx.db.selectFrom('event_signups').select(['id', 'status']).where('event_id', '=', id).execute();
    expect(counts.filter((c) => c.status === 'confirmed')).toHaveLength(10);
    // the five places went to the next five in the queue, whoever cancelled first
    const stillWaiting = new Set(counts.filter((c) => c.status === 'waitlisted').map((c) => c.id));
    expect(queue.filter((q) => !stillWaiting.has(q))).toEqual(queue.slice(0, 6));
  }, 60_000);

  /** Local (Asia/Shanghai) "YYYY-MM-DDTHH:MM" this many minutes from now. */
  const localInMinutes = (m: number) => new Date(Date.now() + 8 * 3600_000 + m * 60_000).toISOString().slice(0, 16);

  it('checks a ticket in once; a second scan says when it was used; a volunteer earns hours', async () => {
    const id = await createEvent({ title: '志愿者培训', durationMin: 120, start: localInMinutes(30) });
    const occ = await firstOcc(id);
    const vol = await makePerson(h(), {
      name: '志愿者丙',
      nodeId: 'wuxingaz',
      birthYear: 1990,
      role: 'volunteer',
      tags: ['志愿者', '团员'],
    });
    const s = (await post(vol, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`)).json();
    expect((await post(elder, '/api/v1/tickets/checkin', { code: s.ticketCode })).statusCode).toBe(404);
    const both = await Promise.all([
      post(staff, '/api/v1/tickets/checkin', { code: s.ticketCode.toLowerCase() }),
      post(staff, '/api/v1/tickets/checkin', { code: s.ticketCode }),
    ]);
    const codes = both.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const first = both.find((r) => r.statusCode === 200)?.json();
    expect(first).toMatchObject({ name: '志愿者丙', creditedHours: true });
    const again = await post(staff, '/api/v1/tickets/checkin', { code: s.ticketCode });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'TICKET_ALREADY_USED', details: { checkedInAt: first.checkedInAt } });
    const hours = await h().ctx.db.selectFrom('volunteer_hours').selectAll().where('person_id', '=', vol.personId).execute();
    expect(hours).toMatchObject([
      { source_type: 'event', minutes: 120, activity: '志愿者培训', team: '团员', organiser: '组织者' },
    ]);
    expect((await post(staff, '/api/v1/tickets/checkin', { code: 'LX-2222-2222' })).statusCode).toBe(404);
    expect((await post(staff, '/api/v1/tickets/checkin', { code: '<script>' })).statusCode).toBe(400);
    const att = (await get(staff, `/api/v1/events/${id}/attendance`)).json().occurrences[0];
    expect(att).toMatchObject({ confirmed: 1, attended: 1 });
    expect((await get(vol, `/api/v1/events/${id}/attendance`)).statusCode).toBe(404);
  });

  it("accepts a ticket only within its occurrence's window (60 minutes' grace by default), refusing tomorrow's today", async () => {
    const later = await createEvent({ title: '明天的讲座', durationMin: 60, start: localInMinutes(26 * 60) });
    const occ = await firstOcc(later);
    const s = (await post(elder, `/api/v1/events/${later}/occurrences/${occ.occKey}/signups`)).json();
    const early = await post(staff, '/api/v1/tickets/checkin', { code: s.ticketCode });
    expect(early.statusCode).toBe(409);
    const occRow = await h()
      .ctx.db.selectFrom('event_occurrences')
      .select(['starts_at', 'ends_at'])
      .where('event_id', '=', later)
      .where('occ_key', '=', occ.occKey)
      .executeTakeFirstOrThrow();
    expect(early.json().error).toEqual({
      code: 'CHECKIN_OUTSIDE_WINDOW',
      message: '现在不在这场活动的签到时间内，请在活动开始前后再签到',
      details: {
        opens: new Date(Date.parse(occRow.starts_at) - 60 * 60_000).toISOString(),
        closes: new Date(Date.parse(occRow.ends_at) + 60 * 60_000).toISOString(),
      },
    });
    // nothing written: the ticket is still unused and no audit entry names it
    const signup = await h()
      .ctx.db.selectFrom('event_signups')
      .select('checked_in_at')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(signup.checked_in_at).toBeNull();
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'event.checkin')
      .where('target_id', '=', s.id)
      .execute();
    expect(audit).toEqual([]);
  });

  it('cancels one evening of a series: sign-up is refused and the compound feed excludes it (ical.js)', async () => {
    const id = await createEvent({ title: '戏曲表演队排练', rrule: 'FREQ=DAILY;COUNT=5', start: localIn(1, '19:30') });
    const occ = await firstOcc(id);
    const week = (await get(staff, '/api/v1/events/week?node=wuxingaz&days=14'))
      .json()
      .occurrences.filter((o: Occ) => o.eventId === id);
    const second = week[1] as Occ;
    const third = week[2] as Occ & { start: string };
    const signup = await post(elder, `/api/v1/events/${id}/occurrences/${second.occKey}/signups`);
    expect(signup.statusCode).toBe(201);
    const c = await h().as(staff, {
      method: 'PATCH',
      url: `/api/v1/events/${id}/occurrences/${second.occKey}`,
      payload: { cancelled: true },
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('cancelled');
    const told = await h()
      .ctx.db.selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', elder.personId)
      .where('kind', '=', 'event.cancelled')
      .execute();
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect((await post(young, `/api/v1/events/${id}/occurrences/${second.occKey}/signups`)).json().error.code).toBe(
      'OCCURRENCE_CANCELLED',
    );
    const moved = await h().as(staff, {
      method: 'PATCH',
      url: `/api/v1/events/${id}/occurrences/${third.occKey}`,
      payload: { start: localIn(3, '20:00'), place: '五星社区活动室' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      (
        await h().as(elder, {
          method: 'PATCH',
          url: `/api/v1/events/${id}/occurrences/${third.occKey}`,
          payload: { cancelled: true },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await h().as(staff, {
          method: 'PATCH',
          url: `/api/v1/events/${id}/occurrences/20200101T000000Z`,
          payload: { cancelled: true },
        })
      ).statusCode,
    ).toBe(404);

    const feed = await get(null, '/api/v1/calendar/nodes/wuxingaz/feed.ics');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    const comp = new ICAL.Component(ICAL.parse(feed.body));
    for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    const vevents = comp.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === `${id}@lianxin`);
    const master = new ICAL.Event(vevents.find((v) => !v.hasProperty('recurrence-id')));
    for (const v of vevents.filter((x) => x.hasProperty('recurrence-id'))) master.relateException(new ICAL.Event(v));
    const starts: string[] = [];
    const places: string[] = [];
    const iter = master.iterator();
    for (let n = iter.next(); n; n = iter.next()) {
      const d = master.getOccurrenceDetails(n);
      starts.push(d.startDate.toJSDate().toISOString());
      places.push(d.item.location);
    }
    expect(starts).toHaveLength(4);
    expect(starts).not.toContain(second.start ?? '');
    expect(starts[0]).toBe(occ.start);
    expect(places).toContain('五星社区活动室');
    const eventsNow = new ICAL.Component(ICAL.parse(new ICAL.Component(ICAL.parse(feed.body)).toString()));
    expect(eventsNow.getAllSubcomponents('vevent').length).toBe(comp.getAllSubcomponents('vevent').length);
  });

  it('gives each person a private, revocable feed URL', async () => {
    const made = await post(elder, '/api/v1/me/calendar');
    expect(made.statusCode).toBe(201);
    const path = made.json().path as string;
    const feed = await get(null, path);
    expect(feed.statusCode, `${path} ${feed.body}`).toBe(200);
    expect(feed.body).toContain('BEGIN:VEVENT');
    expect(feed.body).toContain('手工课');
    expect((await get(elder, '/api/v1/me/calendar')).json().active).toBe(true);
    expect((await post(elder, '/api/v1/me/calendar/revoke')).statusCode).toBe(204);
    expect((await get(null, path)).statusCode).toBe(404);
    expect((await get(null, '/api/v1/calendar/people/feed.ics?token=not-a-real-token-at-all')).statusCode).toBe(404);
    expect((await get(null, '/api/v1/calendar/people/feed.ics')).statusCode).toBe(400);
  });

  it('opens and closes sign-up at the set times', async () => {
    const later = await createEvent({ title: '春节联欢会', start: localIn(5, '19:00'), signupOpensHours: 24 });
    const o1 = (await get(staff, `/api/v1/events/week?node=wuxingaz&days=14`))
      .json()
      .occurrences.find((o: Occ) => o.eventId === later) as Occ;
    const early = await post(elder, `/api/v1/events/${later}/occurrences/${o1.occKey}/signups`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'SIGNUP_NOT_OPEN', details: { opensAt: expect.any(String) } });
    const soon = await createEvent({ title: '临时座谈', start: localIn(1, '09:00'), signupClosesMin: 3 * 24 * 60 });
    const o2 = await firstOcc(soon);
    expect((await post(elder, `/api/v1/events/${soon}/occurrences/${o2.occKey}/signups`)).json().error.code).toBe(
      'SIGNUP_CLOSED',
    );
    const page = (await get(elder, `/api/v1/events/${soon}/occurrences/${o2.occKey}`)).json();
    expect(Date.parse(page.signupClosesAt)).toBeLessThan(Date.now());
  });

  it('signs up the resident a community worker acts for, recording who acted and how', async () => {
    const worker = await makePerson(h(), { name: '社工', nodeId: 'wuxing', role: 'community_worker' });
    const noPhone = await makePerson(h(), { name: '没有手机的老人', nodeId: 'wuxingaz', birthYear: 1940 });
    const sid = (
      await h().ctx.db.selectFrom('sessions').select('id').where('account_id', '=', worker.accountId).executeTakeFirstOrThrow()
    ).id;
    await h().ctx.accounts.setActingFor(sid, noPhone.personId, 'phone_call');
    const id = await createEvent({ title: '重阳节茶话会', minAge: 60, capacity: 1 });
    const occ = await firstOcc(id);
    const res = await post(worker, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`);
    expect(res.statusCode, res.body).toBe(201);
    const row = await h()
      .ctx.db.selectFrom('event_signups')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ person_id: noPhone.personId, actor_account_id: worker.accountId, channel: 'phone_call' });
    const audit = await h().ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', row.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'event.signup',
      actor_account_id: worker.accountId,
      on_behalf_of: noPhone.personId,
      channel: 'phone_call',
    });
    // the next one waits, and sees their place in the queue
    const next = await post(elder, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`);
    expect(next.json().status).toBe('waitlisted');
    expect((await get(elder, `/api/v1/events/${id}/occurrences/${occ.occKey}`)).json().waitPosition).toBe(1);
  });

  it('edits a series: more places move the wait list up; cancelling the series tells those signed up', async () => {
    const id = await createEvent({ title: '书法班', capacity: 1 });
    const occ = await firstOcc(id);
    const a = await makePerson(h(), { name: '甲', nodeId: 'wuxingaz', birthYear: 1960 });
    const b = await makePerson(h(), { name: '乙', nodeId: 'wuxingaz', birthYear: 1961 });
    const c = await makePerson(h(), { name: '丙', nodeId: 'wuxingaz', birthYear: 1962 });
    await h().as(b, { method: 'PATCH', url: '/api/v1/auth/preferences', payload: { lang: 'en' } });
    const url = `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`;
    expect((await post(a, url)).json().status).toBe('confirmed');
    expect((await post(b, url)).json().status).toBe('waitlisted');
    expect((await post(c, url)).json().status).toBe('waitlisted');
    const patch = (s: Session, body: object) => h().as(s, { method: 'PATCH', url: `/api/v1/events/${id}`, payload: body });
    expect((await patch(a, { capacity: 5 })).statusCode).toBe(404);
    expect((await patch(staff, { capacity: 'many' })).statusCode).toBe(400);
    expect((await patch(staff, { minAge: 70, maxAge: 60 })).statusCode).toBe(400);
    const ok = await patch(staff, { capacity: 2, place: '老年活动室' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ capacity: 2, place: '老年活动室', title: '书法班' });
    const rows = await h()
      .ctx.db.selectFrom('event_signups')
      .select(['person_id', 'status'])
      .where('event_id', '=', id)
      .execute();
    expect(rows.find((r) => r.person_id === b.personId)?.status).toBe('confirmed');
    expect(rows.find((r) => r.person_id === c.personId)?.status).toBe('waitlisted');
    expect(
      (await h().ctx.db.selectFrom('notifications').select('kind').where('person_id', '=', b.personId).execute()).map(
        (n) => n.kind,
      ),
    ).toContain('event.promoted');
    expect(
      (await h().ctx.db.selectFrom('event_occurrences').select('taken').where('event_id', '=', id).executeTakeFirstOrThrow())
        .taken,
    ).toBe(2);

    expect((await post(staff, `/api/v1/events/${id}/cancel`)).statusCode).toBe(204);
    expect((await post(staff, `/api/v1/events/${id}/cancel`)).statusCode).toBe(409);
    expect(
      (await h().ctx.db.selectFrom('notifications').select('kind').where('person_id', '=', c.personId).execute()).map(
        (n) => n.kind,
      ),
    ).toContain('event.cancelled');
    const week = (await get(staff, '/api/v1/events/week?node=wuxingaz&days=14')).json().occurrences;
    expect(week.some((o: Occ) => o.eventId === id)).toBe(false);
    expect((await post(a, url)).statusCode).toBe(409);
  });

  it('hides another compound’s events (404, never 403)', async () => {
    const id = await createEvent({ title: '内部活动' });
    const outsider = await makePerson(h(), { name: '龙升居民', nodeId: 'longshengaz', birthYear: 1950 });
    expect((await get(outsider, `/api/v1/events/${id}`)).statusCode).toBe(404);
    const occ = await firstOcc(id);
    expect((await post(outsider, `/api/v1/events/${id}/occurrences/${occ.occKey}/signups`)).statusCode).toBe(404);
    expect((await get(outsider, '/api/v1/events/week?node=wuxingaz')).statusCode).toBe(404);
    expect((await get(null, '/api/v1/events/week')).statusCode).toBe(401);
  });
});
