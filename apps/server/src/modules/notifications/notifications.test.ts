import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createSmtpMailer, type Mailer } from './email';
import { createNotificationsRepository } from './notifications.repository';
import { deliverAt, inQuietHours, nextBeijingTime } from './quiet-hours';

interface Received {
  to: string;
  raw: string;
}

/** A local SMTP server started by the test: what the app sends arrives here. */
function startSmtp(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        cb();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, received }));
  });
}

describe('quiet hours (Beijing time)', () => {
  it('holds a message raised at 23:00 until 07:00 and lets one at noon through', () => {
    const late = new Date('2026-11-26T15:00:00Z'); // 23:00 in Beijing
    expect(inQuietHours(late, '22:00', '07:00')).toBe(true);
    expect(deliverAt(late, '22:00', '07:00').toISOString()).toBe('2026-11-26T23:00:00.000Z');
    const noon = new Date('2026-11-27T04:00:00Z');
    expect(inQuietHours(noon, '22:00', '07:00')).toBe(false);
    expect(deliverAt(noon, '22:00', '07:00')).toEqual(noon);
    expect(inQuietHours(noon, '12:00', '13:00')).toBe(true);
    expect(inQuietHours(noon, null, null)).toBe(false);
    expect(nextBeijingTime(noon, '18:00').toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });
});

describeEachDialect('notifications', (h) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: Mailer;
  let me: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    mailer = createSmtpMailer(`smtp://127.0.0.1:${smtp.port}`);
    me = await h().login('19900000003');
  });
  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((r) => smtp.server.close(() => r()));
  });

  it('tells 5,000 people at once (a vote opening in a large compound): one row each, in bounded statements', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `p-many-${i}`);
    await h().ctx.notifications.notify(ids, { kind: 'vote.opened', title: '业主表决已开始：测试', link: '/votes/x' });
    const n = await h()
      .ctx.db.selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', 'like', 'p-many-%')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(5000);
  });

  it('keeps an inbox with an unread count, marks one or all read, and answers 404 for someone else’s', async () => {
    await h().ctx.notifications.notify([me.personId], { kind: 'test', title: '<b>标题</b>', body: '正文', link: '/orders/x' });
    const inbox = (await h().as(me, { url: '/api/v1/notifications' })).json();
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    const item = inbox.items.find((i: { title: string }) => i.title === '<b>标题</b>');
    expect(item.read).toBe(false);
    const other = await h().login('19900000001');
    expect((await h().as(other, { method: 'POST', url: `/api/v1/notifications/${item.id}/read` })).statusCode).toBe(404);
    const after = await h().as(me, { method: 'POST', url: `/api/v1/notifications/${item.id}/read` });
    expect(after.json().unread).toBe(inbox.unread - 1);
    await h().as(me, { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect((await h().as(me, { url: '/api/v1/notifications/unread-count' })).json().unread).toBe(0);
  });

  it('validates preferences: times as HH:MM, an address before email is switched on, no unknown fields', async () => {
    const put = (payload: object) => h().as(me, { method: 'PUT', url: '/api/v1/notifications/preferences', payload });
    expect((await put({ quietStart: '25:00' })).statusCode).toBe(400);
    expect((await put({ emailEnabled: true })).statusCode).toBe(400);
    expect((await put({ email: 'not-an-email', emailEnabled: true })).statusCode).toBe(400);
    expect((await put({ sms: true })).statusCode).toBe(400);
    const ok = await put({ email: 'li@example.org', emailEnabled: true, quietStart: '22:00', quietEnd: '07:00' });
    expect(ok.statusCode).toBe(200);
    expect((await h().as(me, { url: '/api/v1/notifications/preferences' })).json()).toEqual({
      email: 'li@example.org',
      emailEnabled: true,
      digest: false,
      quietStart: '22:00',
      quietEnd: '07:00',
    });
  });

  it('sends an email over SMTP as a second channel, holding it through quiet hours', async () => {
    let now = new Date('2026-11-26T15:00:00Z'); // 23:00 Beijing, inside 22:00–07:00
    const repo = createNotificationsRepository(h().ctx.db, h().ctx.bus, () => now);
    await repo.savePrefs(me.personId, {
      email: 'li@example.org',
      emailEnabled: true,
      digest: false,
      quietStart: '22:00',
      quietEnd: '07:00',
    });
    await repo.notify([me.personId], { kind: 'order.escalated', title: '订单超时无人接单', body: '请派单' });
    expect(await repo.sendDueEmails(mailer)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    now = new Date('2026-11-26T23:00:00Z'); // 07:00 Beijing
    expect(await repo.sendDueEmails(mailer)).toEqual({ sent: 1, failed: 0 });
    expect(await repo.sendDueEmails(mailer)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toBe('li@example.org');
    expect(smtp.received[0]?.raw).toContain('Subject: =?UTF-8?');
  });

  it('gathers everything into one daily digest email for those who chose it', async () => {
    let now = new Date('2026-11-27T02:00:00Z'); // 10:00 Beijing
    const repo = createNotificationsRepository(h().ctx.db, h().ctx.bus, () => now);
    await repo.savePrefs(me.personId, {
      email: 'digest@example.org',
      emailEnabled: true,
      digest: true,
      quietStart: null,
      quietEnd: null,
    });
    await repo.notify([me.personId], { kind: 'a', title: '第一条' });
    await repo.notify([me.personId], { kind: 'b', title: '第二条' });
    expect((await repo.sendDueEmails(mailer)).sent).toBe(0);
    now = new Date('2026-11-27T10:00:00Z'); // 18:00 Beijing
    const before = smtp.received.length;
    expect(await repo.sendDueEmails(mailer)).toEqual({ sent: 2, failed: 0 });
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)?.to).toBe('digest@example.org');
    await repo.savePrefs(me.personId, { emailEnabled: false });
  });

  it('pushes a new notification to the person’s live channel', async () => {
    const got: unknown[] = [];
    const off = h().ctx.bus.subscribe(`person:${me.personId}`, (p) => got.push(p));
    await h().ctx.notifications.notify([me.personId], { kind: 'live', title: '实时' });
    off();
    expect(got).toEqual([expect.objectContaining({ type: 'notification' })]);
  });
});
