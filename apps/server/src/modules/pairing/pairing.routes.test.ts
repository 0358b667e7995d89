import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
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
    expect(visits[0]?.visitedOn.slice(5)).toBe('11-01');
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
});
