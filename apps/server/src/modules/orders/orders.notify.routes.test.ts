import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { browserKeys, decryptPush, startPushService, testVapid } from '../../test/push-service';
import { createMemorySmsProvider } from '../accounts/sms';
import { createEscalation } from './orders.jobs';
import { PHONES, windowSoon } from './orders.test-helpers';

const VAPID = testVapid();

/**
 * The orders rows of the notification matrix (docs/notifications.md): who is told of what, on
 * which channel, and the escalation ladder for an order nobody takes.
 */
describeEachDialect(
  'orders.notify',
  (h) => {
    let svc: Awaited<ReturnType<typeof startPushService>>;
    let resident: Session;
    let volunteer: Session;
    let secretary: Session;
    let workerId: string;
    const sms = createMemorySmsProvider();
    const volunteerKeys = browserKeys();

    beforeAll(async () => {
      svc = await startPushService();
      h().ctx.sms = sms;
      resident = await h().login(PHONES.resident);
      volunteer = await h().login(PHONES.volunteer);
      secretary = await h().login(PHONES.secretary);
      workerId = (await h().ctx.accounts.findByPhone(PHONES.worker))?.person_id ?? '';
      // The volunteer has only a push subscription: no page open.
      const sub = await h().as(volunteer, {
        method: 'POST',
        url: '/api/v1/notifications/push-subscriptions',
        payload: { endpoint: `${svc.base}/volunteer`, keys: { p256dh: volunteerKeys.p256dh, auth: volunteerKeys.authB64 } },
      });
      expect(sub.statusCode).toBe(200);
    });
    afterAll(() => svc.close());

    /** Who got a notification of this kind about this order, sorted. */
    const told = async (orderId: string, kind: string) => {
      const rows = await h()
        .ctx.db.selectFrom('notifications')
        .select(['person_id', 'title'])
        .where('link', '=', `/orders/${orderId}`)
        .where('kind', '=', kind)
        .orderBy('person_id')
        .execute();
      return rows.map((r) => [r.person_id, r.title]);
    };
    const place = async (extra: object = {}) => {
      const res = await h().as(resident, {
        method: 'POST',
        url: '/api/v1/orders',
        payload: { category: 'shopping', description: '买大米', ...windowSoon(), ...extra },
      });
      expect(res.statusCode).toBe(201);
      await h().ctx.notifications.flush();
      return res.json().id as string;
    };
    const act = async (who: Session, id: string, action: string, payload?: object) => {
      const res = await h().as(who, { method: 'POST', url: `/api/v1/orders/${id}/${action}`, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(200);
      await h().ctx.notifications.flush();
    };
    const smsTo = (phone: string) => sms.sent.filter((m) => m.phone === phone).map((m) => m.text);

    describe('orders.notify', () => {
      it('placed: the resident is told (in-app, SMS) and the volunteers who can take it get a push at once', async () => {
        sms.sent.length = 0;
        svc.received.length = 0;
        const id = await place({ urgency: 'urgent' });
        expect(await told(id, 'order.placed')).toEqual([[resident.personId, '您的代购求助已发出']]);
        expect(await told(id, 'order.new')).toEqual([[volunteer.personId, '急单：代购']]);
        expect(smsTo(PHONES.resident)).toEqual(['【连心桥】您的代购求助已发出：志愿者接单后会通知您']);
        expect(smsTo(PHONES.volunteer)).toEqual([]); // the first step is push only
        expect(svc.received.map((r) => r.path)).toEqual(['/volunteer']);
        expect(JSON.parse(decryptPush(svc.received[0]?.body ?? Buffer.alloc(0), volunteerKeys))).toEqual({
          title: '急单：代购',
          body: '买大米',
          link: `/orders/${id}`,
          kind: 'order.new',
          urgent: true,
        });
        const detail = (await h().as(secretary, { url: `/api/v1/orders/${id}` })).json();
        expect(detail.timeline.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([
          ['placed', null],
          ['alerted', '已推送给 1 位志愿者'],
        ]);
        await act(resident, id, 'cancel', { reason: '不需要了' }); // no one else holds it: nobody told
        expect(await told(id, 'order.cancelled')).toEqual([]);
      });

      it('taken, started, served: the resident hears each, and the SMS names the volunteer', async () => {
        const id = await place();
        sms.sent.length = 0;
        await act(volunteer, id, 'take');
        expect(await told(id, 'order.taken')).toEqual([[resident.personId, '志愿者黄园已接单：代购']]);
        expect(smsTo(PHONES.resident)).toEqual(['【连心桥】志愿者黄园已接单：代购：志愿者会按约定时间上门']);
        await act(volunteer, id, 'start');
        expect(await told(id, 'order.started')).toEqual([[resident.personId, '志愿者已开始服务：代购']]);
        await act(volunteer, id, 'done', { minutes: 30 });
        expect(await told(id, 'order.done')).toEqual([[resident.personId, '服务已完成，请确认并评价']]);
        expect(smsTo(PHONES.resident)).toEqual([
          '【连心桥】志愿者黄园已接单：代购：志愿者会按约定时间上门',
          '【连心桥】志愿者已开始服务：代购',
          '【连心桥】服务已完成，请确认并评价',
        ]);
      });

      it('cancelled: by the resident, the volunteer is told; by staff, the resident too', async () => {
        const mine = await place();
        await act(volunteer, mine, 'take');
        await act(resident, mine, 'cancel', { reason: '家人已代办' });
        expect(await told(mine, 'order.cancelled')).toEqual([[volunteer.personId, '居民取消了订单']]);
        const theirs = await place();
        await act(volunteer, theirs, 'take');
        await act(secretary, theirs, 'cancel', { reason: '重复下单' });
        expect(await told(theirs, 'order.cancelled')).toEqual(
          [
            [resident.personId, '您的求助已被社区取消'],
            [volunteer.personId, '社区取消了订单'],
          ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
      });

      it('escalated: SMS to the branch secretary after the compound’s limit, then to the community worker, each on the timeline', async () => {
        const id = await place({ urgency: 'urgent' });
        const created = Date.parse((await h().ctx.orders.repo.findById(id))?.created_at ?? '');
        let now = new Date(created + 119 * 60_000);
        const escalate = createEscalation({
          repo: h().ctx.orders.repo,
          notifications: h().ctx.notifications,
          bus: h().ctx.bus,
          clock: () => now,
        });
        sms.sent.length = 0;
        const run = async () => {
          const n = await escalate();
          await h().ctx.notifications.flush();
          return n;
        };
        expect(await run()).toBe(0);
        now = new Date(created + 120 * 60_000); // the default urgent limit: 2 h
        expect((await Promise.all([run(), run()])).sort()).toEqual([0, 1]); // two runs racing: one escalates
        expect(await told(id, 'order.escalated')).toEqual([[secretary.personId, '急单无人接单已超时：代购']]);
        expect(smsTo(PHONES.secretary)).toEqual(['【连心桥】急单无人接单已超时：代购：已等待约 120 分钟，请派单']);
        now = new Date(created + 239 * 60_000);
        expect(await run()).toBe(0);
        now = new Date(created + 240 * 60_000);
        expect(await run()).toBe(1);
        expect(await run()).toBe(0);
        expect(smsTo(PHONES.worker)).toEqual(['【连心桥】急单无人接单已超时：代购：已等待约 240 分钟，请派单']);
        expect((await told(id, 'order.escalated')).map((r) => r[0]).sort()).toEqual([secretary.personId, workerId].sort());
        const detail = (await h().as(secretary, { url: `/api/v1/orders/${id}` })).json();
        expect(detail.timeline.map((e: { action: string; note: string | null }) => [e.action, e.note])).toEqual([
          ['placed', null],
          ['alerted', '已推送给 1 位志愿者'],
          ['escalated', '无人接单 120 分钟，已通知支部书记 李建国'],
          ['escalated_worker', '无人接单 240 分钟，已通知社区工作者 邹晓敏'],
        ]);
      });
    });
  },
  { config: { vapid: VAPID } },
);
