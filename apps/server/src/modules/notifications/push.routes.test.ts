import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { browserKeys, decryptPush, startPushService, testVapid } from '../../test/push-service';
import { createMemorySmsProvider } from '../accounts/sms';
import { PHONES } from '../orders/orders.test-helpers';
import { createNotificationsRepository } from './notifications.repository';
import { createWebPushSender } from './push';

const VAPID = testVapid();
const decrypt = decryptPush;

describe('push.decrypt (the test’s own RFC 8291 implementation)', () => {
  it('reads back what web-push encrypted for a subscription', async () => {
    const keys = browserKeys();
    const svc = await startPushService();
    const sender = createWebPushSender(VAPID);
    const res = await sender.send(
      { endpoint: `${svc.base}/dev/1`, p256dh: keys.p256dh, auth: keys.authB64 },
      { title: '标题', body: '正文', link: '/orders/1', kind: 'order.taken', urgent: true },
    );
    await new Promise<void>((r) => svc.server.close(() => r()));
    expect(res.status).toBe(201);
    const [got] = svc.received;
    expect(got?.headers['content-encoding']).toBe('aes128gcm');
    expect(got?.headers.urgency).toBe('high');
    expect(String(got?.headers.authorization)).toMatch(new RegExp(`^vapid t=[\\w.-]+, k=${VAPID.publicKey}$`));
    expect(JSON.parse(decrypt(got?.body ?? Buffer.alloc(0), keys))).toEqual({
      title: '标题',
      body: '正文',
      link: '/orders/1',
      kind: 'order.taken',
      urgent: true,
    });
  });
});

describeEachDialect(
  'notifications.push',
  (h) => {
    let svc: Awaited<ReturnType<typeof startPushService>>;
    let resident: Session;
    beforeAll(async () => {
      svc = await startPushService();
      resident = await h().login(PHONES.resident);
    });
    afterAll(async () => {
      await new Promise<void>((r) => svc.server.close(() => r()));
    });

    const subscribe = (s: Session, endpoint: string, keys: ReturnType<typeof browserKeys>) =>
      h().as(s, {
        method: 'POST',
        url: '/api/v1/notifications/push-subscriptions',
        payload: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.authB64 } },
      });

    it('rejects a malformed subscription with 400 and stores nothing', async () => {
      const res = await h().as(resident, {
        method: 'POST',
        url: '/api/v1/notifications/push-subscriptions',
        payload: { endpoint: 'javascript:alert(1)', keys: { p256dh: 'x', auth: 'y' } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(await h().ctx.notifications.deviceCount(resident.personId)).toBe(0);
    });

    it('pushes an order’s notification to each of the person’s devices, encrypted, and drops a device the service forgot (410)', async () => {
      const phone = browserKeys();
      const tablet = browserKeys();
      expect((await subscribe(resident, `${svc.base}/phone`, phone)).json()).toEqual({ devices: 1 });
      expect((await subscribe(resident, `${svc.base}/tablet`, tablet)).json()).toEqual({ devices: 2 });
      const channels = (await h().as(resident, { url: '/api/v1/notifications/channels' })).json();
      expect(channels.pushKey).toBe(VAPID.publicKey);
      expect(channels.devices).toBe(2);
      expect(channels.channels.orders).toEqual(['push', 'sms', 'email']);

      h().ctx.sms = createMemorySmsProvider();
      svc.status.set('/tablet', 410);
      svc.received.length = 0;
      await h().ctx.notifications.notify([resident.personId], {
        kind: 'order.taken',
        title: '志愿者黄园已接单',
        body: '会按约定时间上门',
        link: '/orders/o-1',
      });
      await h().ctx.notifications.flush();
      expect(svc.received.map((r) => r.path).sort()).toEqual(['/phone', '/tablet']);
      const toPhone = svc.received.find((r) => r.path === '/phone');
      expect(JSON.parse(decrypt(toPhone?.body ?? Buffer.alloc(0), phone))).toEqual({
        title: '志愿者黄园已接单',
        body: '会按约定时间上门',
        link: '/orders/o-1',
        kind: 'order.taken',
        urgent: false,
      });
      expect(await h().ctx.notifications.deviceCount(resident.personId)).toBe(1);
      const outbox = await h()
        .ctx.db.selectFrom('notification_outbox')
        .select(['channel', 'sent_at', 'attempts'])
        .where('person_id', '=', resident.personId)
        .orderBy('channel')
        .execute();
      expect(outbox.map((o) => [o.channel, o.sent_at !== null, o.attempts])).toEqual([
        ['push', true, 0],
        ['sms', true, 0],
      ]);
    });

    it('follows the person’s channels per category: push off for council, SMS on', async () => {
      const put = await h().as(resident, {
        method: 'PUT',
        url: '/api/v1/notifications/channels',
        payload: { council: ['sms'] },
      });
      expect(put.statusCode).toBe(200);
      expect(put.json().channels.council).toEqual(['sms']);
      expect(put.json().channels.orders).toEqual(['push', 'sms', 'email']);
      const bad = await h().as(resident, { method: 'PUT', url: '/api/v1/notifications/channels', payload: { council: ['fax'] } });
      expect(bad.statusCode).toBe(400);
      const sms = createMemorySmsProvider();
      h().ctx.sms = sms;
      svc.received.length = 0;
      await h().ctx.notifications.notify([resident.personId], {
        kind: 'council.decided',
        title: '议题已形成决定',
        link: '/council/1',
      });
      await h().ctx.notifications.flush();
      expect(svc.received).toEqual([]);
      expect(sms.sent.map((m) => [m.phone, m.text])).toEqual([[PHONES.resident, '【连心桥】议题已形成决定']]);
    });

    it('holds SMS and push through quiet hours, but not an urgent alert', async () => {
      let now = new Date('2026-11-26T15:00:00Z'); // 23:00 in Beijing
      const sms = createMemorySmsProvider();
      const repo = createNotificationsRepository(h().ctx.db, h().ctx.bus, () => now, {
        push: () => createWebPushSender(VAPID),
        sms: () => sms,
      });
      await repo.savePrefs(resident.personId, { quietStart: '22:00', quietEnd: '07:00' });
      await repo.notify([resident.personId], { kind: 'order.done', title: '服务已完成' });
      await repo.notify([resident.personId], { kind: 'order.escalated', title: '急单无人接单', urgent: true });
      await repo.flush();
      expect(sms.sent.map((m) => m.text)).toEqual(['【连心桥】急单无人接单']);
      expect(await repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
      now = new Date('2026-11-26T23:00:00Z'); // 07:00 in Beijing
      expect(await repo.deliverDue()).toEqual({ sent: 2, failed: 0 });
      expect(sms.sent.map((m) => m.text)).toEqual(['【连心桥】急单无人接单', '【连心桥】服务已完成']);
      await repo.savePrefs(resident.personId, { quietStart: null, quietEnd: null });
    });

    it('removes a subscription on request, only the person’s own', async () => {
      const other = await h().login(PHONES.volunteer);
      const del = (s: Session) =>
        h().as(s, {
          method: 'DELETE',
          url: '/api/v1/notifications/push-subscriptions',
          payload: { endpoint: `${svc.base}/phone` },
        });
      expect((await del(other)).statusCode).toBe(404);
      expect((await del(resident)).json()).toEqual({ devices: 0 });
    });
  },
  { config: { vapid: VAPID } },
);
