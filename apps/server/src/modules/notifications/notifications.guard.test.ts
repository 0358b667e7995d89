import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DB } from '../../db/schema';
import { type Bus, createLocalBus } from '../../lib/bus';
import { newId } from '../../lib/ids';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/harness';
import { createMemorySmsProvider } from '../accounts/sms';
import type { Category, Channel } from './matrix';
import { createNotificationsRepository, type NewNotification } from './notifications.repository';
import type { PushPayload, PushSender } from './push';
import { WechatError, type WechatMessage, type WechatSender } from './wechat';

// The routing promises of notifications.repository.ts and docs/notifications.md, with the exact
// rows written: who is told, on the channels each person chose (else the matrix's defaults), held
// by quiet hours or gathered into the 18:00 digest in Beijing time unless urgent, claimed before
// sending so nothing goes out twice, retried up to 5 times and given up at once on a permanent
// error. "Now" is the injected clock; the senders are in-memory fakes.

/**
 * A push service per endpoint: 201 unless told otherwise. Endpoints and openids are stored with
 * the test's own prefix (both are unique in the database the tests share); the fakes strip it.
 */
function fakePush(tag: string) {
  const calls: { endpoint: string; payload: PushPayload }[] = [];
  const status = new Map<string, number>();
  const sender: PushSender = {
    publicKey: 'test-key',
    async send(target, payload) {
      const endpoint = target.endpoint.slice(tag.length);
      calls.push({ endpoint, payload });
      return { status: status.get(endpoint) ?? 201 };
    },
  };
  return { sender, calls, status };
}

/** WeChat per openid: a msgid unless an error is set for it. */
function fakeWechat(tag: string) {
  const calls: WechatMessage[] = [];
  const errors = new Map<string, WechatError>();
  const sender: WechatSender = {
    redirectUri: 'https://lianxin.test/wechat',
    authorizeUrl: (state) => `https://open.test/${state}`,
    openidOf: async (code) => code,
    async send(m) {
      const openid = m.openid.slice(tag.length);
      calls.push({ ...m, openid });
      const e = errors.get(openid);
      if (e) throw e;
      return { msgid: calls.length };
    },
  };
  return { sender, calls, errors };
}

/** Rows sorted by their JSON text, code point by code point (the same on every machine). */
function byCodePoint(a: unknown[], b: unknown[]): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface PersonSpec {
  devices?: string[];
  openid?: string;
  email?: string;
  emailEnabled?: boolean;
  digest?: boolean;
  quiet?: [string, string];
  chose?: Partial<Record<Category, Channel[]>>;
}

let phoneSeq = 0;

function world(db: Kysely<DB>, bus: Bus, start: string) {
  const clock = { now: new Date(start) };
  const tag = `${newId()}/`;
  const push = fakePush(tag);
  const sms = createMemorySmsProvider();
  const wx = fakeWechat(tag);
  const on = { push: true, sms: true, wechat: true };
  const senders = {
    push: () => (on.push ? push.sender : null),
    sms: () => (on.sms ? sms : null),
    wechat: () => (on.wechat ? wx.sender : null),
  };
  const repo = createNotificationsRepository(db, bus, () => clock.now, senders);
  /** A second instance on the same database (another server process). */
  const other = createNotificationsRepository(db, bus, () => clock.now, senders);
  const names = new Map<string, string>();
  const phones = new Map<string, string>();

  async function person(name: string, s: PersonSpec = {}): Promise<string> {
    const personId = `g-${newId()}`;
    const phone = `166${String(++phoneSeq).padStart(8, '0')}`;
    await db
      .insertInto('people')
      .values({
        id: personId,
        node_id: 'wuxingaz',
        name,
        phone,
        birth_year: null,
        id_number: null,
        created_at: start,
        erased_at: null,
      })
      .execute();
    names.set(personId, name);
    phones.set(name, phone);
    for (const endpoint of s.devices ?? [])
      await repo.subscribe(personId, { endpoint: tag + endpoint, p256dh: 'p256dh', auth: 'auth', userAgent: null });
    if (s.openid)
      await db
        .insertInto('wechat_bindings')
        .values({ person_id: personId, openid: tag + s.openid, bound_at: start })
        .execute();
    if (s.email || s.digest || s.quiet)
      await repo.savePrefs(personId, {
        email: s.email ?? null,
        emailEnabled: s.emailEnabled ?? Boolean(s.email),
        digest: s.digest ?? false,
        quietStart: s.quiet?.[0] ?? null,
        quietEnd: s.quiet?.[1] ?? null,
      });
    if (s.chose) await repo.saveChannelPrefs(personId, s.chose);
    return personId;
  }

  /** Every outbox row of these people: who, channel, kind, title, due, digest, urgent, sent, attempts, error. */
  async function outbox(ids: string[]) {
    const rows = await db.selectFrom('notification_outbox').selectAll().where('person_id', 'in', ids).execute();
    return rows
      .map((r) => [
        names.get(r.person_id),
        r.channel,
        r.kind,
        r.title,
        r.due_at,
        r.digest,
        r.urgent,
        r.sent_at,
        r.attempts,
        r.last_error,
      ])
      .sort(byCodePoint);
  }
  async function emails(ids: string[]) {
    const rows = await db.selectFrom('email_outbox').selectAll().where('person_id', 'in', ids).execute();
    return rows
      .map((r) => [names.get(r.person_id), r.to_address, r.subject, r.body, r.due_at, r.digest, r.sent_at])
      .sort(byCodePoint);
  }
  /** Stores the notification in a transaction and returns the after-commit step, not yet run. */
  async function queue(ids: string[], n: NewNotification) {
    return db.transaction().execute((trx) => repo.notifyIn(trx, ids, n));
  }
  /** Notifies, then waits for the delivery started right after the commit. */
  async function notify(ids: string[], n: NewNotification) {
    await repo.notify(ids, n);
    await repo.flush();
  }
  const pushed = () => push.calls.map((c) => [c.endpoint, c.payload.title]);
  const texted = () => sms.sent.map((m) => [m.phone, m.text]);
  return { tag, clock, push, sms, wx, on, repo, other, person, outbox, emails, queue, notify, pushed, texted, phones };
}

// A copy of the demo database per dialect and the repository alone (no app): a mutation run
// starts this file once per mutant.
for (const dialect of DIALECTS)
  describe(`[${dialect}] notification routing`, () => {
    let tdb: TestDatabase | undefined;
    const bus = createLocalBus();
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect, inject('lianxinDemoTemplates'));
    }, 60_000);
    afterAll(async () => {
      await tdb?.drop();
    });
    const db = () => {
      if (!tdb) throw new Error('database not ready');
      return tdb.database.db;
    };
    // deliverDue sends every due row of the database: each test starts from an empty outbox.
    beforeEach(async () => {
      await db().deleteFrom('notification_outbox').execute();
      await db().deleteFrom('email_outbox').execute();
    });

    it('tells each person once, on exactly the channels they chose for the category (else its defaults) and can be reached on', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z'); // 12:00 Beijing
      const t = '2026-12-06T04:00:00.000Z';
      const a = await w.person('默认', { devices: ['a1', 'a2'], openid: 'oA', email: 'a@example.org' });
      const b = await w.person('微信', {
        devices: ['b1'],
        openid: 'oB',
        email: 'b@example.org',
        chose: { orders: ['wechat', 'email'] },
      });
      const c = await w.person('够不着', { email: 'c@example.org', chose: { orders: ['push', 'sms', 'wechat'] } });
      await db().updateTable('people').set({ erased_at: t }).where('id', '=', c).execute();
      const d = await w.person('没开邮件', { email: 'd@example.org', emailEnabled: false });
      const e = await w.person('全关', { devices: ['e1'], openid: 'oE', email: 'e@example.org', chose: { orders: [] } });
      const f = await w.person('议事短信', { devices: ['f1'], chose: { council: ['sms'] } });
      const all = [a, b, c, d, e, f];

      const publish = await w.queue([a, a, b, c, d, e, f, b], { kind: 'order.taken', title: '已接单', link: '/orders/o1' });
      const inbox = await db()
        .selectFrom('notifications')
        .select(['id', 'person_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
        .where('person_id', 'in', all)
        .execute();
      expect(inbox.map((r) => [r.kind, r.title, r.body, r.link, r.created_at, r.read_at]).sort()).toEqual(
        all.map(() => ['order.taken', '已接单', '', '/orders/o1', t, null]),
      );
      expect(inbox.map((r) => r.person_id).sort()).toEqual([...all].sort());
      expect(await w.outbox(all)).toEqual([
        ['微信', 'wechat', 'order.taken', '已接单', t, 0, 0, null, 0, null],
        ['没开邮件', 'sms', 'order.taken', '已接单', t, 0, 0, null, 0, null],
        ['议事短信', 'push', 'order.taken', '已接单', t, 0, 0, null, 0, null],
        ['议事短信', 'sms', 'order.taken', '已接单', t, 0, 0, null, 0, null],
        ['默认', 'push', 'order.taken', '已接单', t, 0, 0, null, 0, null],
        ['默认', 'sms', 'order.taken', '已接单', t, 0, 0, null, 0, null],
      ]);
      expect(await w.emails(all)).toEqual([
        ['微信', 'b@example.org', '已接单', '', t, 0, null],
        ['默认', 'a@example.org', '已接单', '', t, 0, null],
      ]);
      // every outside row points at its person's inbox row
      const links = await db()
        .selectFrom('notification_outbox as o')
        .innerJoin('notifications as n', 'n.id', 'o.notification_id')
        .select(['o.person_id as op', 'n.person_id as np', 'o.body', 'o.link'])
        .where('o.person_id', 'in', all)
        .execute();
      expect(links.map((l) => [l.op === l.np, l.body, l.link])).toEqual(links.map(() => [true, '', '/orders/o1']));
      const mailLinks = await db()
        .selectFrom('email_outbox as o')
        .innerJoin('notifications as n', 'n.id', 'o.notification_id')
        .select(['o.person_id as op', 'n.person_id as np'])
        .where('o.person_id', 'in', all)
        .execute();
      expect(mailLinks.map((l) => l.op === l.np)).toEqual([true, true]);

      // nothing goes out before the commit's after-step; then each message once, on its channel
      expect([w.pushed(), w.texted(), w.wx.calls]).toEqual([[], [], []]);
      // and live to the person's open pages: once, although named twice
      const live: unknown[] = [];
      const off = bus.subscribe(`person:${a}`, (p) => live.push(p));
      await publish();
      await w.repo.flush();
      off();
      expect(live).toEqual([{ type: 'notification', notification: inbox.find((r) => r.person_id === a) }]);
      expect(w.pushed().sort()).toEqual([
        ['a1', '已接单'],
        ['a2', '已接单'],
        ['f1', '已接单'],
      ]);
      expect(w.texted().sort()).toEqual(
        [
          [w.phones.get('默认'), '【连心桥】已接单'],
          [w.phones.get('没开邮件'), '【连心桥】已接单'],
          [w.phones.get('议事短信'), '【连心桥】已接单'],
        ].sort(),
      );
      expect(w.wx.calls).toEqual([{ openid: 'oB', title: '已接单', body: '', link: '/orders/o1', at: new Date(t) }]);
      expect((await w.outbox(all)).map((r) => [r[0], r[1], r[7], r[8]])).toEqual([
        ['微信', 'wechat', t, 0],
        ['没开邮件', 'sms', t, 0],
        ['议事短信', 'push', t, 0],
        ['议事短信', 'sms', t, 0],
        ['默认', 'push', t, 0],
        ['默认', 'sms', t, 0],
      ]);
    });

    it('keeps to the channels a sender names, follows the category of the kind, and skips a channel the server lacks', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const t = '2026-12-06T04:00:00.000Z';
      const a = await w.person('默认', { devices: ['a1'], openid: 'oA', email: 'a@example.org' });
      const b = await w.person('微信', {
        devices: ['b1'],
        openid: 'oB',
        email: 'b@example.org',
        chose: { orders: ['wechat', 'email'] },
      });
      const f = await w.person('议事短信', { devices: ['f1'], email: 'f@example.org', chose: { council: ['sms'] } });
      const wx = await w.person('只要微信', { openid: 'oW', chose: { council: ['wechat'] } });
      const ids = [a, b, f, wx];
      await w.queue(ids, { kind: 'order.new', title: '新单', channels: ['push'] });
      await w.queue(ids, { kind: 'council.raised', title: '议题' });
      await w.queue([a, b], { kind: 'order.escalated', title: '超时', channels: ['wechat', 'email'] });
      // a sender naming SMS reaches who chose SMS
      await w.queue([f], { kind: 'council.decided', title: '短信', channels: ['sms'] });
      expect(await w.outbox(ids)).toEqual([
        ['只要微信', 'wechat', 'council.raised', '议题', t, 0, 0, null, 0, null],
        ['微信', 'push', 'council.raised', '议题', t, 0, 0, null, 0, null],
        ['微信', 'wechat', 'order.escalated', '超时', t, 0, 0, null, 0, null],
        ['议事短信', 'push', 'order.new', '新单', t, 0, 0, null, 0, null],
        ['议事短信', 'sms', 'council.decided', '短信', t, 0, 0, null, 0, null],
        ['议事短信', 'sms', 'council.raised', '议题', t, 0, 0, null, 0, null],
        ['默认', 'push', 'council.raised', '议题', t, 0, 0, null, 0, null],
        ['默认', 'push', 'order.new', '新单', t, 0, 0, null, 0, null],
      ]);
      expect(await w.emails(ids)).toEqual([
        ['微信', 'b@example.org', '议题', '', t, 0, null],
        ['微信', 'b@example.org', '超时', '', t, 0, null],
        ['默认', 'a@example.org', '议题', '', t, 0, null],
        ['默认', 'a@example.org', '超时', '', t, 0, null],
      ]);

      // without Web Push, SMS or WeChat on the server, only the inbox and e-mail
      w.on.push = false;
      w.on.sms = false;
      w.on.wechat = false;
      const before = (await w.outbox(ids)).length;
      await w.queue(ids, { kind: 'order.placed', title: '无通道', body: '正文' });
      expect((await w.outbox(ids)).length).toBe(before);
      expect((await w.emails(ids)).filter((r) => r[2] === '无通道')).toEqual([
        ['微信', 'b@example.org', '无通道', '正文', t, 0, null],
        ['议事短信', 'f@example.org', '无通道', '正文', t, 0, null],
        ['默认', 'a@example.org', '无通道', '正文', t, 0, null],
      ]);
      // nobody: nothing stored, nothing to publish
      const none = await w.queue([], { kind: 'order.placed', title: '无人' });
      await none();
      expect(await db().selectFrom('notifications').select('id').where('title', '=', '无人').execute()).toEqual([]);
    });

    it('holds push, SMS and e-mail through quiet hours to the exact minute in Beijing, gathers digests at 18:00, lets urgent ones through', async () => {
      const w = world(db(), bus, '2026-12-06T13:59:00.000Z'); // 21:59 Beijing
      const q = await w.person('静音', { devices: ['q1'], email: 'q@example.org', quiet: ['22:00', '07:00'] });
      const g = await w.person('汇总', { devices: ['g1'], email: 'g@example.org', digest: true, quiet: ['22:00', '07:00'] });
      const n = await w.person('随时', { devices: ['n1'] });
      const ids = [q, g, n];
      const msg = (title: string, urgent = false): NewNotification => ({ kind: 'order.taken', title, body: '内容', urgent });

      await w.notify(ids, msg('21:59'));
      w.clock.now = new Date('2026-12-06T14:00:00.000Z'); // 22:00 Beijing, the first quiet minute
      await w.notify(ids, msg('22:00'));
      w.clock.now = new Date('2026-12-06T16:30:00.000Z'); // 00:30 Beijing on the 7th, 16:30 UTC on the 6th
      await w.notify(ids, msg('00:30'));
      await w.notify([q, g], msg('急', true));
      w.clock.now = new Date('2026-12-06T22:59:59.999Z'); // 06:59:59.999 Beijing
      await w.notify([q], msg('06:59'));

      const sent = {
        '21:59': '2026-12-06T13:59:00.000Z',
        '00:30': '2026-12-06T16:30:00.000Z',
      };
      const D = '2026-12-07T10:00:00.000Z'; // 18:00 Beijing on the 7th
      const E = '2026-12-06T23:00:00.000Z'; // 07:00 Beijing on the 7th
      expect(await w.outbox(ids)).toEqual([
        ['汇总', 'push', 'order.taken', '00:30', D, 1, 0, null, 0, null],
        ['汇总', 'push', 'order.taken', '21:59', D, 1, 0, null, 0, null],
        ['汇总', 'push', 'order.taken', '22:00', D, 1, 0, null, 0, null],
        ['汇总', 'push', 'order.taken', '急', sent['00:30'], 0, 1, sent['00:30'], 0, null],
        ['汇总', 'sms', 'order.taken', '00:30', D, 1, 0, null, 0, null],
        ['汇总', 'sms', 'order.taken', '21:59', D, 1, 0, null, 0, null],
        ['汇总', 'sms', 'order.taken', '22:00', D, 1, 0, null, 0, null],
        ['汇总', 'sms', 'order.taken', '急', sent['00:30'], 0, 1, sent['00:30'], 0, null],
        ['随时', 'push', 'order.taken', '00:30', sent['00:30'], 0, 0, sent['00:30'], 0, null],
        ['随时', 'push', 'order.taken', '21:59', sent['21:59'], 0, 0, sent['21:59'], 0, null],
        ['随时', 'push', 'order.taken', '22:00', '2026-12-06T14:00:00.000Z', 0, 0, '2026-12-06T14:00:00.000Z', 0, null],
        ['随时', 'sms', 'order.taken', '00:30', sent['00:30'], 0, 0, sent['00:30'], 0, null],
        ['随时', 'sms', 'order.taken', '21:59', sent['21:59'], 0, 0, sent['21:59'], 0, null],
        ['随时', 'sms', 'order.taken', '22:00', '2026-12-06T14:00:00.000Z', 0, 0, '2026-12-06T14:00:00.000Z', 0, null],
        ['静音', 'push', 'order.taken', '00:30', E, 0, 0, null, 0, null],
        ['静音', 'push', 'order.taken', '06:59', E, 0, 0, null, 0, null],
        ['静音', 'push', 'order.taken', '21:59', sent['21:59'], 0, 0, sent['21:59'], 0, null],
        ['静音', 'push', 'order.taken', '22:00', E, 0, 0, null, 0, null],
        ['静音', 'push', 'order.taken', '急', sent['00:30'], 0, 1, sent['00:30'], 0, null],
        ['静音', 'sms', 'order.taken', '00:30', E, 0, 0, null, 0, null],
        ['静音', 'sms', 'order.taken', '06:59', E, 0, 0, null, 0, null],
        ['静音', 'sms', 'order.taken', '21:59', sent['21:59'], 0, 0, sent['21:59'], 0, null],
        ['静音', 'sms', 'order.taken', '22:00', E, 0, 0, null, 0, null],
        ['静音', 'sms', 'order.taken', '急', sent['00:30'], 0, 1, sent['00:30'], 0, null],
      ]);
      expect(await w.emails(ids)).toEqual([
        ['汇总', 'g@example.org', '00:30', '内容', D, 1, null],
        ['汇总', 'g@example.org', '21:59', '内容', D, 1, null],
        ['汇总', 'g@example.org', '22:00', '内容', D, 1, null],
        ['汇总', 'g@example.org', '急', '内容', sent['00:30'], 0, null],
        ['静音', 'q@example.org', '00:30', '内容', E, 0, null],
        ['静音', 'q@example.org', '06:59', '内容', E, 0, null],
        ['静音', 'q@example.org', '21:59', '内容', sent['21:59'], 0, null],
        ['静音', 'q@example.org', '22:00', '内容', E, 0, null],
        ['静音', 'q@example.org', '急', '内容', sent['00:30'], 0, null],
      ]);
      expect(w.pushed()).toEqual([
        ['q1', '21:59'],
        ['n1', '21:59'],
        ['n1', '22:00'],
        ['n1', '00:30'],
        ['q1', '急'],
        ['g1', '急'],
      ]);
      expect(w.push.calls.map((c) => c.payload.urgent)).toEqual([false, false, false, false, true, true]);

      // one millisecond before 07:00 nothing held goes; at 07:00 the quiet person's four messages
      expect(await w.repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
      w.clock.now = new Date(E);
      w.push.calls.length = 0;
      w.sms.sent.length = 0;
      expect(await w.repo.deliverDue()).toEqual({ sent: 6, failed: 0 });
      expect(w.pushed()).toEqual([
        ['q1', '22:00'],
        ['q1', '00:30'],
        ['q1', '06:59'],
      ]);
      expect(w.texted()).toEqual([
        [w.phones.get('静音'), '【连心桥】22:00：内容'],
        [w.phones.get('静音'), '【连心桥】00:30：内容'],
        [w.phones.get('静音'), '【连心桥】06:59：内容'],
      ]);
      // the digest: one push and one SMS naming the three, at 18:00 Beijing, not a millisecond before
      w.clock.now = new Date('2026-12-07T09:59:59.999Z');
      expect(await w.repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
      w.clock.now = new Date(D);
      w.push.calls.length = 0;
      w.sms.sent.length = 0;
      expect(await w.repo.deliverDue()).toEqual({ sent: 6, failed: 0 });
      expect(w.push.calls).toEqual([
        {
          endpoint: 'g1',
          payload: {
            title: '连心桥今日 3 条新消息',
            body: '21:59；22:00；00:30',
            link: '/notifications',
            kind: 'order.taken',
            urgent: false,
          },
        },
      ]);
      expect(w.texted()).toEqual([[w.phones.get('汇总'), '【连心桥】今日 3 条新消息：21:59；22:00；00:30']]);
      expect(await w.repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
    });

    it('sends only its own rows right after a commit, and each row once when two instances deliver at the same time', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const a = await w.person('甲', { devices: ['a1'] });
      const b = await w.person('乙', { devices: ['b1'], digest: true });
      await w.queue([a], { kind: 'vote.opened', title: '先前的' }); // its after-commit step never ran
      await w.notify([a], { kind: 'vote.opened', title: '这一条', link: '/votes/v1' });
      expect(w.push.calls).toEqual([
        { endpoint: 'a1', payload: { title: '这一条', body: '', link: '/votes/v1', kind: 'vote.opened', urgent: false } },
      ]);
      expect((await w.outbox([a])).map((r) => [r[3], r[7]])).toEqual([
        ['先前的', null],
        ['这一条', '2026-12-06T04:00:00.000Z'],
      ]);

      for (let i = 1; i <= 4; i++) await w.queue([a, b], { kind: 'vote.opened', title: `第${i}条` });
      w.clock.now = new Date('2026-12-06T10:00:00.000Z'); // 18:00 Beijing: the digest is due
      w.push.calls.length = 0;
      const results = await Promise.all([w.repo.deliverDue(), w.other.deliverDue(), w.repo.deliverDue()]);
      expect(results.reduce((s, r) => s + r.sent, 0)).toBe(9);
      expect(results.reduce((s, r) => s + r.failed, 0)).toBe(0);
      expect(w.pushed().sort()).toEqual([
        ['a1', '先前的'],
        ['a1', '第1条'],
        ['a1', '第2条'],
        ['a1', '第3条'],
        ['a1', '第4条'],
        ['b1', '连心桥今日 4 条新消息'],
      ]);
      expect(await w.repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
      expect(await w.other.deliverDue()).toEqual({ sent: 0, failed: 0 });
      const D = '2026-12-06T10:00:00.000Z';
      expect((await w.outbox([a, b])).map((r) => [r[0], r[3], r[5], r[7], r[8]])).toEqual([
        ['乙', '第1条', 1, D, 0],
        ['乙', '第2条', 1, D, 0],
        ['乙', '第3条', 1, D, 0],
        ['乙', '第4条', 1, D, 0],
        ['甲', '先前的', 0, D, 0],
        ['甲', '第1条', 0, D, 0],
        ['甲', '第2条', 0, D, 0],
        ['甲', '第3条', 0, D, 0],
        ['甲', '第4条', 0, D, 0],
        ['甲', '这一条', 0, '2026-12-06T04:00:00.000Z', 0],
      ]);
    });

    it('removes a device the push service forgot (404, 410), counts 2xx as delivered, retries other answers up to 5 times', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      for (const [endpoint, status] of [
        ['gone404', 404],
        ['gone410', 410],
        ['forgot410', 410],
        ['ok200', 200],
        ['ok299', 299],
        ['bad300', 300],
        ['bad199', 199],
        ['bad500', 500],
      ] as const)
        w.push.status.set(endpoint, status);
      const mixed = await w.person('混合', { devices: ['gone404', 'gone410', 'ok299', 'bad500'] });
      const two = await w.person('二百', { devices: ['ok200'] });
      const forgot = await w.person('全忘', { devices: ['forgot410'] });
      const bad = await w.person('三百', { devices: ['bad300', 'bad199'] });
      const ids = [mixed, two, forgot, bad];
      await w.notify(ids, { kind: 'event.reminder', title: '提醒' });
      const t = '2026-12-06T04:00:00.000Z';
      expect(await w.outbox(ids)).toEqual([
        ['三百', 'push', 'event.reminder', '提醒', t, 0, 0, null, 1, 'push service answered 199'],
        ['二百', 'push', 'event.reminder', '提醒', t, 0, 0, t, 0, null],
        ['全忘', 'push', 'event.reminder', '提醒', t, 0, 0, t, 0, null],
        ['混合', 'push', 'event.reminder', '提醒', t, 0, 0, t, 0, null],
      ]);
      const subs = await db()
        .selectFrom('push_subscriptions')
        .select(['endpoint', 'last_sent_at'])
        .where('person_id', 'in', ids)
        .orderBy('endpoint')
        .execute();
      expect(subs.map((x) => ({ ...x, endpoint: x.endpoint.slice(w.tag.length) }))).toEqual([
        { endpoint: 'bad199', last_sent_at: null },
        { endpoint: 'bad300', last_sent_at: null },
        { endpoint: 'bad500', last_sent_at: null },
        { endpoint: 'ok200', last_sent_at: t },
        { endpoint: 'ok299', last_sent_at: t },
      ]);
      // retried by each run until the fifth attempt, then left
      for (let i = 2; i <= 6; i++) {
        w.clock.now = new Date(`2026-12-06T04:0${i}:00.000Z`);
        expect(await w.repo.deliverDue()).toEqual(i <= 5 ? { sent: 0, failed: 1 } : { sent: 0, failed: 0 });
      }
      expect(w.push.calls.filter((c) => c.endpoint === 'bad300').length).toBe(5);
      expect((await w.outbox([bad]))[0]?.slice(7)).toEqual([null, 5, 'push service answered 199']);
    });

    it('gives a WeChat message up at once on 40003, 43004, 40037, 47003 or a lost binding, and retries any other error', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const codes = [40003, 43004, 40037, 47003, 45009];
      const ids: string[] = [];
      for (const code of codes) {
        ids.push(await w.person(`微信${code}`, { openid: `o${code}`, chose: { health: ['wechat'] } }));
        w.wx.errors.set(`o${code}`, new WechatError(code, code === 45009 ? 'x'.repeat(400) : 'refused'));
      }
      const lost = await w.person('解绑', { openid: 'oLost', chose: { health: ['wechat'] } });
      const fine = await w.person('正常', { openid: 'oFine', chose: { health: ['wechat'] } });
      await w.queue([...ids, lost, fine], { kind: 'health.results', title: '体检结果', body: '请查看', link: '/health' });
      await db().deleteFrom('wechat_bindings').where('person_id', '=', lost).execute();
      expect(await w.repo.deliverDue()).toEqual({ sent: 1, failed: 6 });
      const t = '2026-12-06T04:00:00.000Z';
      const row = (who: string, attempts: number, error: string | null, sent: string | null = null) => [
        who,
        'wechat',
        'health.results',
        '体检结果',
        t,
        0,
        0,
        sent,
        attempts,
        error,
      ];
      const long = `WeChat errcode 45009: ${'x'.repeat(400)}`.slice(0, 300);
      expect(await w.outbox([...ids, lost, fine])).toEqual([
        row('微信40003', 5, 'WeChat errcode 40003: refused'),
        row('微信40037', 5, 'WeChat errcode 40037: refused'),
        row('微信43004', 5, 'WeChat errcode 43004: refused'),
        row('微信45009', 1, long),
        row('微信47003', 5, 'WeChat errcode 47003: refused'),
        row('正常', 0, null, t),
        row('解绑', 5, 'WeChat is no longer bound'),
      ]);
      expect(long.length).toBe(300);
      expect(w.wx.calls.find((c) => c.openid === 'oFine')).toEqual({
        openid: 'oFine',
        title: '体检结果',
        body: '请查看',
        link: '/health',
        at: new Date(t),
      });
      // the next run tries only the one that may still succeed
      w.wx.calls.length = 0;
      w.wx.errors.delete('o45009');
      expect(await w.repo.deliverDue()).toEqual({ sent: 1, failed: 0 });
      expect(w.wx.calls.map((c) => c.openid)).toEqual(['o45009']);
    });

    it('counts a channel switched off at delivery as a failure, and sends no SMS to a phone removed meanwhile', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const a = await w.person('甲', { devices: ['a1'], openid: 'oA', chose: { pairing: ['push', 'sms', 'wechat'] } });
      const b = await w.person('乙', { chose: { pairing: ['sms'] } });
      await w.queue([a, b], { kind: 'pairing.due', title: '该走访了' });
      w.on.push = false;
      w.on.sms = false;
      w.on.wechat = false;
      expect(await w.repo.deliverDue()).toEqual({ sent: 0, failed: 4 });
      const t = '2026-12-06T04:00:00.000Z';
      expect(await w.outbox([a, b])).toEqual([
        ['乙', 'sms', 'pairing.due', '该走访了', t, 0, 0, null, 1, 'SMS is not configured'],
        ['甲', 'push', 'pairing.due', '该走访了', t, 0, 0, null, 1, 'Web Push is not configured'],
        ['甲', 'sms', 'pairing.due', '该走访了', t, 0, 0, null, 1, 'SMS is not configured'],
        ['甲', 'wechat', 'pairing.due', '该走访了', t, 0, 0, null, 1, 'WeChat is not configured'],
      ]);
      w.on.push = true;
      w.on.sms = true;
      w.on.wechat = true;
      await db().updateTable('people').set({ phone: null }).where('id', '=', b).execute();
      expect(await w.repo.deliverDue()).toEqual({ sent: 4, failed: 0 });
      expect(w.texted()).toEqual([[w.phones.get('甲'), '【连心桥】该走访了']]);
      expect(w.pushed()).toEqual([['a1', '该走访了']]);
      expect(w.wx.calls.map((c) => c.openid)).toEqual(['oA']);
    });

    it('drops a held poll question for someone who answered it meanwhile, and sends everything else', async () => {
      const w = world(db(), bus, '2026-12-06T14:30:00.000Z'); // 22:30 Beijing
      const pollId = `guard-poll-${newId()}`;
      const quiet: [string, string] = ['22:00', '07:00'];
      const voted = await w.person('已答', { devices: ['v1'], quiet, chose: { polls: ['push'] } });
      const open = await w.person('未答', { devices: ['u1'], quiet, chose: { polls: ['push'] } });
      await db()
        .insertInto('polls')
        .values({
          id: pollId,
          compound_id: 'wuxingaz',
          title: '加装什么',
          kind: 'yes_no',
          options: '[]',
          audience: 'compound',
          audience_id: null,
          anonymous: 0,
          results: 'live',
          closes_at: '2026-12-10T00:00:00.000Z',
          result: null,
          created_by: voted,
          created_at: '2026-12-06T14:30:00.000Z',
        })
        .execute();
      await w.notify([voted, open], { kind: 'poll.opened', title: '小调查', link: `/polls/${pollId}` });
      await w.notify([voted], { kind: 'event.reminder', title: '同一链接', link: `/polls/${pollId}` });
      await w.notify([voted], { kind: 'poll.opened', title: '别的链接', link: `/votes/${pollId}` });
      await db()
        .insertInto('poll_voters')
        .values({
          poll_id: pollId,
          person_id: voted,
          channel: 'online',
          entered_by_account_id: null,
          created_at: '2026-12-06T15:00:00.000Z',
        })
        .execute();
      w.clock.now = new Date('2026-12-06T23:00:00.000Z');
      expect(await w.repo.deliverDue()).toEqual({ sent: 3, failed: 0 });
      expect(w.pushed().sort()).toEqual([
        ['u1', '小调查'],
        ['v1', '别的链接'],
        ['v1', '同一链接'],
      ]);
      const E = '2026-12-06T23:00:00.000Z';
      expect((await w.outbox([voted, open])).map((r) => [r[0], r[2], r[3], r[7], r[9]])).toEqual([
        ['已答', 'event.reminder', '同一链接', E, null],
        ['已答', 'poll.opened', '别的链接', E, null],
        ['已答', 'poll.opened', '小调查', E, 'not sent: the poll was answered before'],
        ['未答', 'poll.opened', '小调查', E, null],
      ]);
    });

    it('stores nothing when the change it announces rolls back: the notification commits with its transaction', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const a = await w.person('回滚', { devices: ['a1'], email: 'a@example.org' });
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await w.repo.notifyIn(trx, [a], { kind: 'order.taken', title: '不该有' });
            throw new Error('the change failed');
          }),
      ).rejects.toThrow('the change failed');
      const inbox = await db().selectFrom('notifications').select('title').where('person_id', '=', a).execute();
      expect([inbox, await w.outbox([a]), await w.emails([a])]).toEqual([[], [], []]);
    });

    it('sends each due e-mail once across two instances: one message per plain row, one digest per person and address', async () => {
      const w = world(db(), bus, '2026-12-06T04:00:00.000Z');
      const a = await w.person('邮件', { email: 'a@example.org' });
      const g = await w.person('邮件汇总', { email: 'g@example.org', digest: true });
      await w.queue([a, g], { kind: 'order.taken', title: '第一条', body: '正文一' });
      await w.queue([a, g], { kind: 'order.done', title: '第二条' });
      w.clock.now = new Date('2026-12-06T10:00:00.000Z');
      const mails: { to: string; subject: string; text: string }[] = [];
      let fail = false;
      const mailer = {
        async send(m: { to: string; subject: string; text: string }) {
          if (fail) throw new Error('smtp down');
          mails.push(m);
        },
        close() {},
      };
      const results = await Promise.all([w.repo.sendDueEmails(mailer), w.other.sendDueEmails(mailer)]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(4);
      expect(mails.sort((x, y) => (x.subject < y.subject ? -1 : 1))).toEqual([
        { to: 'a@example.org', subject: '第一条', text: '正文一' },
        { to: 'a@example.org', subject: '第二条', text: '第二条' },
        { to: 'g@example.org', subject: '连心桥每日汇总：2 条新消息', text: '· 第一条\n  正文一\n· 第二条' },
      ]);
      expect(await w.repo.sendDueEmails(mailer)).toEqual({ sent: 0, failed: 0 });
      // a failed send is kept for the next run, up to 5 attempts
      await w.queue([a], { kind: 'order.taken', title: '第三条' });
      fail = true;
      for (let i = 0; i < 6; i++)
        expect(await w.repo.sendDueEmails(mailer)).toEqual(i < 5 ? { sent: 0, failed: 1 } : { sent: 0, failed: 0 });
      const row = await db()
        .selectFrom('email_outbox')
        .select(['sent_at', 'attempts', 'last_error'])
        .where('subject', '=', '第三条')
        .execute();
      expect(row).toEqual([{ sent_at: null, attempts: 5, last_error: 'smtp down' }]);
    });
  });
