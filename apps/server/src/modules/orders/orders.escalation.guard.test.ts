import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createEscalation } from './orders.jobs';
import { PHONES, windowSoon } from './orders.test-helpers';

// The escalation ladder (orders.jobs.ts, docs/notifications.md): after the compound's limit
// (订单设置; default 2 h urgent, 24 h normal) the branch secretary, after the same limit again the
// community worker, each once per order, to the millisecond of the limit. "Now" is the injected
// clock; the orders' creation time is set to a fixed instant.

const T0 = Date.parse('2026-12-06T16:00:00.000Z'); // midnight in Beijing
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describeEachDialect('order escalation ladder', (h) => {
  let resident: Session;

  const place = async (urgency: 'urgent' | 'normal') => {
    const res = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { category: 'shopping', description: '买大米', urgency, ...windowSoon() },
    });
    expect(res.statusCode).toBe(201);
    await h().ctx.notifications.flush();
    const id = res.json().id as string;
    await h()
      .ctx.db.updateTable('orders')
      .set({ created_at: new Date(T0).toISOString() })
      .where('id', '=', id)
      .execute();
    return id;
  };
  /** Who was told of the order's escalation ([phone, title], in order), then when each step was taken. */
  const told = async (id: string) => {
    const rows = await h()
      .ctx.db.selectFrom('notifications as n')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .select(['p.phone', 'n.title'])
      .where('n.link', '=', `/orders/${id}`)
      .where('n.kind', '=', 'order.escalated')
      .orderBy('n.created_at')
      .execute();
    const o = await h()
      .ctx.db.selectFrom('orders')
      .select(['escalated_at', 'escalated_worker_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return [...rows.map((r) => [r.phone, r.title]), [o.escalated_at, o.escalated_worker_at]];
  };

  it('tells the branch secretary at the compound’s limit and the community worker at twice it, once each', async () => {
    resident = await h().login(PHONES.resident);
    // the demo's own untaken orders are out of the ladder here: only this test's orders count
    await h()
      .ctx.db.updateTable('orders')
      .set({ escalated_at: '2026-01-01T00:00:00.000Z', escalated_worker_at: '2026-01-01T00:00:00.000Z' })
      .where('status', '=', 'placed')
      .execute();
    const normal = await place('normal');
    const urgent = await place('urgent');
    const compound = (await h().ctx.orders.repo.findById(normal))?.compound_id ?? '';
    await h().ctx.db.deleteFrom('order_settings').where('compound_id', '=', compound).execute();
    let now = at(0);
    const escalate = createEscalation({
      repo: h().ctx.orders.repo,
      notifications: h().ctx.notifications,
      bus: h().ctx.bus,
      clock: () => now,
    });
    const run = async (minutes: number) => {
      now = at(minutes);
      const n = await escalate();
      await h().ctx.notifications.flush();
      return n;
    };
    const S = PHONES.secretary;
    const W = PHONES.worker;
    const late = (m: number) => at(m).toISOString();

    // the defaults: 2 h urgent, 24 h normal
    expect([await run(119.99), await run(120), await run(120), await run(239.99), await run(240), await run(240)]).toEqual([
      0, 1, 0, 0, 1, 0,
    ]);
    expect(await told(urgent)).toEqual([
      [S, '急单无人接单已超时：代购'],
      [W, '急单无人接单已超时：代购'],
      [late(120), late(240)],
    ]);
    expect([await run(1439.99), await run(1440), await run(2879.99), await run(2880), await run(5000)]).toEqual([0, 1, 0, 1, 0]);
    expect(await told(normal)).toEqual([
      [S, '订单无人接单已超时：代购'],
      [W, '订单无人接单已超时：代购'],
      [late(1440), late(2880)],
    ]);

    // the compound's own limits: 30 min urgent, 90 min normal
    await h().ctx.orders.repo.saveSettings(compound, { urgentLimitMinutes: 30, normalLimitMinutes: 90 });
    const normal2 = await place('normal');
    const urgent2 = await place('urgent');
    expect([
      await run(29.99),
      await run(30),
      await run(59.99),
      await run(60),
      await run(89.99),
      await run(90),
      await run(179.99),
      await run(180),
      await run(10_000),
    ]).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(await told(urgent2)).toEqual([
      [S, '急单无人接单已超时：代购'],
      [W, '急单无人接单已超时：代购'],
      [late(30), late(60)],
    ]);
    expect(await told(normal2)).toEqual([
      [S, '订单无人接单已超时：代购'],
      [W, '订单无人接单已超时：代购'],
      [late(90), late(180)],
    ]);
  });
});
