import { expect, it } from 'vitest';
import { demoSeededAt, describeEachDialect, type Session } from '../../test/harness';
import { addDays, todayInChina } from '../volunteers/dates';
import { DEMO, makeVolunteers } from '../volunteers/test-helpers';

describeEachDialect('pairing: pairs, visits, overdue', (h) => {
  let huang: Session;
  let secretary: Session;
  let pairId: string;

  it('shows 黄园 her pair with 万玉清 and its monthly history of the past year', async () => {
    huang = await h().login(DEMO.huang);
    secretary = await h().login(DEMO.secretary);
    const mine = await h().as(huang, { url: '/api/v1/pairings/mine' });
    expect(mine.statusCode).toBe(200);
    const pair = mine.json().pairings.find((p: { resident: { name: string } }) => p.resident.name === '万玉清');
    expect(pair).toBeDefined();
    expect(pair.cadenceDays).toBe(30);
    pairId = pair.id;
    const detail = await h().as(huang, { url: `/api/v1/pairings/${pairId}` });
    const visits = detail.json().visits as Array<{ visitedOn: string; what: string }>;
    expect(visits.length).toBe(12);
    const months = new Set(visits.map((v) => v.visitedOn.slice(0, 7)));
    expect(months.size).toBe(12);
    expect(visits[0]?.what).toBe('送大米和食用油');
    // The demo visits on the 1st of each month, the newest in the month it was seeded.
    expect(visits[0]?.visitedOn).toBe(`${todayInChina(demoSeededAt()).slice(0, 7)}-01`);
  });

  it('logs a visit: hours grow by its minutes, the due date moves a cadence on', async () => {
    const before = (await h().as(huang, { url: '/api/v1/hours/mine' })).json().totalMinutes as number;
    const today = todayInChina();
    const res = await h().as(huang, {
      method: 'POST',
      url: `/api/v1/pairings/${pairId}/visits`,
      payload: { visitedOn: today, minutes: 50, what: '<b>送药</b>和蔬菜', condition: 'needs_attention' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().totalMinutes).toBe(before + 50);
    const detail = (await h().as(huang, { url: `/api/v1/pairings/${pairId}` })).json();
    expect(detail.pairing.lastVisitOn).toBe(today);
    expect(detail.pairing.nextDueOn).toBe(addDays(today, 30));
    expect(detail.visits[0].what).toBe('<b>送药</b>和蔬菜');
    const hours = (await h().as(huang, { url: '/api/v1/hours/mine' })).json();
    expect(hours.entries.some((e: { sourceType: string; minutes: number }) => e.sourceType === 'visit' && e.minutes === 50)).toBe(
      true,
    );
  });

  it('records a visit sent twice with one Idempotency-Key (an offline phone retrying) once, answering the first result again', async () => {
    const before = (await h().as(huang, { url: '/api/v1/hours/mine' })).json().totalMinutes as number;
    const send = () =>
      h().as(huang, {
        method: 'POST',
        url: `/api/v1/pairings/${pairId}/visits`,
        headers: { 'idempotency-key': 'offline-visit-0001' },
        payload: { visitedOn: todayInChina(), minutes: 25, what: '离线记录：送牛奶', condition: 'well' },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(first.json().totalMinutes).toBe(before + 25);
    const rows = await h()
      .ctx.db.selectFrom('pairing_visits')
      .select(['id', 'minutes'])
      .where('pairing_id', '=', pairId)
      .where('what', '=', '离线记录：送牛奶')
      .execute();
    expect(rows).toEqual([{ id: first.json().visitId, minutes: 25 }]);
    expect((await h().as(huang, { url: '/api/v1/hours/mine' })).json().totalMinutes).toBe(before + 25);
  });

  it('raises a help order for the resident in the same step', async () => {
    const res = await h().as(huang, {
      method: 'POST',
      url: `/api/v1/pairings/${pairId}/visits`,
      payload: {
        visitedOn: todayInChina(),
        minutes: 30,
        what: '发现灯泡坏了',
        condition: 'needs_attention',
        order: { category: 'repair', description: '卫生间灯泡坏了，需要更换', urgency: 'normal' },
      },
    });
    expect(res.statusCode).toBe(201);
    const orderId = res.json().orderId as string;
    expect(orderId).toBeTruthy();
    const order = await h().ctx.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.resident_person_id).toBe('p-19900000001');
    expect(order.status).toBe('placed');
    expect(order.category).toBe('repair');
    expect(order.channel).toBe('home_visit');
    const inbox = await h().ctx.notifications.listFor('p-19900000001');
    expect(inbox.some((n) => n.kind === 'order.placed' && n.link === `/orders/${orderId}`)).toBe(true);
  });

  it('writes neither visit nor hours when the order in the same step is refused', async () => {
    const before = (await h().as(huang, { url: '/api/v1/hours/mine' })).json().totalMinutes as number;
    const res = await h().as(huang, {
      method: 'POST',
      url: `/api/v1/pairings/${pairId}/visits`,
      payload: {
        visitedOn: todayInChina(),
        minutes: 30,
        what: 'x',
        condition: 'well',
        order: { category: 'flying', description: 'y' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect((await h().as(huang, { url: '/api/v1/hours/mine' })).json().totalMinutes).toBe(before);
  });

  it('notifies the branch secretary at once of an urgent visit', async () => {
    const res = await h().as(huang, {
      method: 'POST',
      url: `/api/v1/pairings/${pairId}/visits`,
      payload: { visitedOn: todayInChina(), minutes: 20, what: '老人摔倒了，已叫120', condition: 'urgent' },
    });
    expect(res.statusCode).toBe(201);
    const inbox = await h().ctx.notifications.listFor('p-19900000003');
    expect(inbox.some((n) => n.kind === 'pairing.urgent' && n.title.includes('万玉清'))).toBe(true);
  });

  it('refuses a visit dated in the future, negative minutes, wrong types and unknown fields', async () => {
    const url = `/api/v1/pairings/${pairId}/visits`;
    const future = await h().as(huang, {
      method: 'POST',
      url,
      payload: { visitedOn: addDays(todayInChina(), 2), minutes: 30, what: 'x', condition: 'well' },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.fields[0].path).toBe('visitedOn');
    for (const payload of [
      { visitedOn: todayInChina(), minutes: -5, what: 'x', condition: 'well' },
      { visitedOn: todayInChina(), minutes: '30', what: 'x', condition: 'well' },
      { visitedOn: todayInChina(), minutes: 30, what: 'x', condition: 'fine' },
      { visitedOn: '2026-02-30', minutes: 30, what: 'x', condition: 'well' },
      { visitedOn: todayInChina(), minutes: 30, what: 'x', condition: 'well', hours: 9 },
    ]) {
      const res = await h().as(huang, { method: 'POST', url, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 404 to a volunteer who is not in the pair and to staff of another compound', async () => {
    const [other] = await makeVolunteers(h(), 1);
    expect((await h().as(other ?? null, { url: `/api/v1/pairings/${pairId}` })).statusCode).toBe(404);
    const longsheng = await h().login(DEMO.longshengMember);
    expect((await h().as(longsheng, { url: `/api/v1/pairings/${pairId}` })).statusCode).toBe(404);
    expect((await h().as(longsheng, { url: '/api/v1/compounds/wuxingaz/pairings' })).statusCode).toBe(404);
    const visit = await h().as(other ?? null, {
      method: 'POST',
      url: `/api/v1/pairings/${pairId}/visits`,
      payload: { visitedOn: todayInChina(), minutes: 30, what: 'x', condition: 'well' },
    });
    expect(visit.statusCode).toBe(404);
  });

  it('lists overdue pairs for the branch and reminds each volunteer once per due date', async () => {
    const res = await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/pairings?overdue=true' });
    expect(res.statusCode).toBe(200);
    const overdue = res.json().pairings as Array<{ id: string; overdueDays: number; nextDueOn: string }>;
    expect(overdue.length).toBeGreaterThan(0);
    for (const p of overdue) expect(p.overdueDays).toBeGreaterThan(0);
    expect(overdue.some((p) => p.id === pairId)).toBe(false);
    const first = await h().ctx.pairingService.remindDue();
    expect(first).toBeGreaterThanOrEqual(overdue.length);
    expect(await h().ctx.pairingService.remindDue()).toBe(0);
  });

  it('creates a pair once (a second active pair of the same two is 409) and ends it once', async () => {
    const [v] = await makeVolunteers(h(), 1);
    const vid = (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string;
    const body = { volunteerId: vid, residentId: 'p-19900000001' };
    const made = await h().as(secretary, { method: 'POST', url: '/api/v1/compounds/wuxingaz/pairings', payload: body });
    expect(made.statusCode).toBe(201);
    expect(made.json().nextDueOn).toBe(addDays(todayInChina(), 30));
    expect(
      (await h().as(secretary, { method: 'POST', url: '/api/v1/compounds/wuxingaz/pairings', payload: body })).statusCode,
    ).toBe(409);
    const ends = await Promise.all(
      [0, 1, 2].map(() => h().as(secretary, { method: 'POST', url: `/api/v1/pairings/${made.json().id}/end` })),
    );
    expect(ends.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const late = await h().as(v ?? null, {
      method: 'POST',
      url: `/api/v1/pairings/${made.json().id}/visits`,
      payload: { visitedOn: todayInChina(), minutes: 30, what: 'x', condition: 'well' },
    });
    expect(late.statusCode).toBe(409);
  });

  /** A new volunteer paired with 万玉清, starting `startOffset` days from today. */
  async function newPair(startOffset: number) {
    const [v] = await makeVolunteers(h(), 1);
    const vid = (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string;
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/pairings',
      payload: { volunteerId: vid, residentId: 'p-19900000001', startsOn: addDays(todayInChina(), startOffset) },
    });
    const id = made.json().id as string;
    return { v: v ?? null, vid, id, url: `/api/v1/pairings/${id}` };
  }

  it('lets staff change the cadence and end date: the next visit is due one new cadence after the last, audited', async () => {
    const today = todayInChina();
    const { v, id, url } = await newPair(-20);
    // Before any visit the cadence counts from the start.
    const weekly = await h().as(secretary, { method: 'PATCH', url, payload: { cadenceDays: 7 } });
    expect(weekly.statusCode).toBe(200);
    expect(weekly.json()).toMatchObject({ cadenceDays: 7, nextDueOn: addDays(today, -13), overdueDays: 13 });
    const overdue = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/pairings?overdue=true' })).json().pairings;
    expect(overdue.map((p: { id: string }) => p.id)).toContain(id);

    // After a visit, from the visit.
    await h().as(v ?? null, {
      method: 'POST',
      url: `${url}/visits`,
      payload: { visitedOn: addDays(today, -5), minutes: 30, what: '聊天', condition: 'well' },
    });
    expect((await h().as(v ?? null, { url })).json().pairing.nextDueOn).toBe(addDays(today, 2));
    const both = await h().as(secretary, { method: 'PATCH', url, payload: { cadenceDays: 14, endsOn: addDays(today, 60) } });
    expect(both.json()).toMatchObject({ cadenceDays: 14, nextDueOn: addDays(today, 9), endsOn: addDays(today, 60) });
    // A next visit that would fall after the end is not due: nothing overdue, no reminder.
    const short = await h().as(secretary, { method: 'PATCH', url, payload: { endsOn: addDays(today, 3) } });
    expect(short.json()).toMatchObject({ endsOn: addDays(today, 3), overdueDays: 0 });
    const open = await h().as(secretary, { method: 'PATCH', url, payload: { endsOn: null } });
    expect(open.json().endsOn).toBeNull();

    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'details', 'actor_account_id'])
      .where('target_id', '=', id)
      .where('action', '=', 'pairing.rescheduled')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(4);
    expect(JSON.parse(audit[0]?.details ?? '{}').changes).toEqual({
      cadenceDays: { from: 30, to: 7 },
      nextDueOn: { from: addDays(today, 10), to: addDays(today, -13) },
    });
    expect(JSON.parse(audit[1]?.details ?? '{}').changes).toMatchObject({
      cadenceDays: { from: 7, to: 14 },
      endsOn: { from: null, to: addDays(today, 60) },
    });
    // Saving the same values again changes nothing and writes no audit entry.
    const same = await h().as(secretary, { method: 'PATCH', url, payload: { cadenceDays: 14, endsOn: null } });
    expect(same.statusCode).toBe(200);
    const count = await h()
      .ctx.db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('target_id', '=', id)
      .where('action', '=', 'pairing.rescheduled')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
  });

  it('refuses a bad cadence or end date, the volunteer, other compounds, and ended pairs', async () => {
    const today = todayInChina();
    const { v, url } = await newPair(10);
    for (const [payload, field] of [
      [{}, ''],
      [{ cadenceDays: 0 }, 'cadenceDays'],
      [{ cadenceDays: 366 }, 'cadenceDays'],
      [{ cadenceDays: 7.5 }, 'cadenceDays'],
      [{ cadenceDays: '30' }, 'cadenceDays'],
      [{ endsOn: '2026-02-30' }, 'endsOn'],
      [{ cadenceDays: 30, status: 'ended' }, ''],
      [{ endsOn: addDays(today, -1) }, 'endsOn'],
      [{ endsOn: addDays(today, 5) }, 'endsOn'],
    ] as const) {
      const res = await h().as(secretary, { method: 'PATCH', url, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      if (field) expect(res.json().error.details.fields[0].path, JSON.stringify(payload)).toBe(field);
    }
    const reasons = async (endsOn: string) =>
      (await h().as(secretary, { method: 'PATCH', url, payload: { endsOn } })).json().error.details.fields[0].reason;
    expect(await reasons(addDays(today, -1))).toBe('in_past');
    expect(await reasons(addDays(today, 5))).toBe('before_start');
    expect((await h().as(v ?? null, { method: 'PATCH', url, payload: { cadenceDays: 7 } })).statusCode).toBe(403);
    const longsheng = await h().login(DEMO.longshengMember);
    expect([403, 404]).toContain((await h().as(longsheng, { method: 'PATCH', url, payload: { cadenceDays: 7 } })).statusCode);
    expect(
      (await h().as(secretary, { method: 'PATCH', url: '/api/v1/pairings/nope', payload: { cadenceDays: 7 } })).statusCode,
    ).toBe(404);
    expect((await h().as(v ?? null, { url })).json().pairing.cadenceDays).toBe(30);
    await h().as(secretary, { method: 'POST', url: `${url}/end` });
    const ended = await h().as(secretary, { method: 'PATCH', url, payload: { cadenceDays: 7 } });
    expect(ended.statusCode).toBe(409);
  });

  it('keeps the due date one cadence after the last visit when a visit and a new cadence arrive at once', async () => {
    const today = todayInChina();
    const { v, url } = await newPair(-40);
    for (const cadenceDays of [7, 21, 45]) {
      const [visit, patch] = await Promise.all([
        h().as(v ?? null, {
          method: 'POST',
          url: `${url}/visits`,
          payload: { visitedOn: today, minutes: 20, what: '送菜', condition: 'well' },
        }),
        h().as(secretary, { method: 'PATCH', url, payload: { cadenceDays } }),
      ]);
      expect([visit.statusCode, patch.statusCode]).toEqual([201, 200]);
      const p = (await h().as(v ?? null, { url })).json().pairing;
      expect(p.cadenceDays).toBe(cadenceDays);
      expect(p.nextDueOn).toBe(addDays(p.lastVisitOn, cadenceDays));
    }
  });

  it('ends a pair by itself once its planned last day has passed', async () => {
    const today = todayInChina();
    const { v, vid, id, url } = await newPair(-90);
    expect((await h().as(secretary, { method: 'PATCH', url, payload: { endsOn: today } })).statusCode).toBe(200);
    // Days go by: the planned last day is now yesterday (overdue since long before it).
    await h()
      .ctx.db.updateTable('pairings')
      .set({ ends_on: addDays(today, -1) })
      .where('id', '=', id)
      .execute();
    const late = await h().as(v ?? null, {
      method: 'POST',
      url: `${url}/visits`,
      payload: { visitedOn: today, minutes: 20, what: 'x', condition: 'well' },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details.fields[0].reason).toBe('after_end');
    await h().ctx.pairingService.remindDue();
    const p = (await h().as(secretary, { url })).json().pairing;
    expect(p).toMatchObject({ status: 'ended', endsOn: addDays(today, -1), overdueDays: 0 });
    const reminded = await h().ctx.notifications.listFor(vid);
    expect(reminded.some((n) => n.link === `/pairing/${id}`)).toBe(false);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'details'])
      .where('target_id', '=', id)
      .where('action', '=', 'pairing.ended')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_account_id).toBeNull();
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ reason: 'end_date' });
  });
});
