import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Harness, type Session } from '../../test/harness';
import { browserKeys, decryptPush, startPushService, testVapid } from '../../test/push-service';
import { createOutboxSmsProvider } from '../accounts/sms-outbox';
import { seedBudgetFixture } from '../budgets/budgets.fixture';
import { createNotificationsRepository } from '../notifications/notifications.repository';
import { createPersonAccount } from '../votes/votes.fixture';

const TOKEN = 'test-inbound-token-0123456789abcdef-xyz';
const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (not in the compound's audience)
const VAPID = testVapid();

describeEachDialect(
  'polls sent by SMS (poll.opened through the notification routing and sms_outbox)',
  (h) => {
    let staff: Session;
    let phones: Record<string, string> = {};
    let original: Harness['ctx']['sms'];
    let svc: Awaited<ReturnType<typeof startPushService>>;
    const keys = browserKeys();
    const gateway: Array<{ phone: string; template: string; params: Record<string, string> }> = [];
    let yesNo = '';

    /** The outbox rows to the fixture's phones, by phone then text (phones compared exactly, never logged). */
    const outbox = async () => {
      const rows = await h()
        .ctx.db.selectFrom('sms_outbox')
        .select(['phone', 'template', 'params', 'status'])
        .where('phone', 'in', Object.values(phones))
        .execute();
      return rows
        .map((r) => ({
          phone: r.phone,
          template: r.template,
          text: (JSON.parse(r.params) as { content: string }).content,
          status: r.status,
        }))
        .sort((a, b) => a.phone.localeCompare(b.phone) || a.text.localeCompare(b.text));
    };
    const ask = (body: object, key?: string) =>
      h().as(staff, {
        method: 'POST',
        url: '/api/v1/polls',
        headers: key ? { 'idempotency-key': key } : {},
        payload: {
          compoundId: 'ps',
          audience: 'compound',
          anonymous: false,
          results: 'live',
          closesAt: new Date(Date.now() + 3600_000).toISOString(),
          ...body,
        },
      });
    const personOf = async (phone: string) =>
      (await h().ctx.db.selectFrom('people').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;

    beforeAll(async () => {
      phones = await seedBudgetFixture(h().ctx, 'ps');
      staff = await h().login(STAFF);
      svc = await startPushService();
      original = h().ctx.sms;
      h().ctx.sms = createOutboxSmsProvider(
        h().ctx.db,
        async (phone, template, params) => {
          gateway.push({ phone, template, params });
          return { ok: true, id: `biz-${gateway.length}` };
        },
        'fake',
      );
      // 居民B chose push only for quick polls, on one subscribed device.
      const b = await h().login(phones.B as string);
      const put = await h().as(b, { method: 'PUT', url: '/api/v1/notifications/channels', payload: { polls: ['push'] } });
      expect(put.statusCode).toBe(200);
      const sub = await h().as(b, {
        method: 'POST',
        url: '/api/v1/notifications/push-subscriptions',
        payload: { endpoint: `${svc.base}/dev/b`, keys: { p256dh: keys.p256dh, auth: keys.authB64 } },
      });
      expect(sub.statusCode).toBeLessThan(300);
    });
    afterAll(async () => {
      h().ctx.sms = original;
      await new Promise<void>((r) => svc.server.close(() => r()));
    });

    it('sends the question once by SMS to each member whose routing gives SMS, even when the creation is retried', async () => {
      const first = await ask({ kind: 'yes_no', title: '周六上午停水检修，可以吗' }, 'poll-key-1');
      expect(first.statusCode).toBe(201);
      yesNo = first.json().id as string;
      const again = await ask({ kind: 'yes_no', title: '周六上午停水检修，可以吗' }, 'poll-key-1');
      expect([again.statusCode, again.json().id, again.headers['idempotent-replayed']]).toEqual([201, yesNo, 'true']);
      await h().ctx.notifications.flush();
      const text = '【连心桥】小调查：周六上午停水检修，可以吗：回复 1 表示是，回复 2 表示否';
      expect(await outbox()).toEqual(
        ['A', 'A2', 'C', 'D', 'N']
          .map((w) => ({ phone: phones[w] as string, template: 'notice', text, status: 'sent' }))
          .sort((a, b) => a.phone.localeCompare(b.phone)),
      );
      expect(gateway.length).toBe(5);
      // 居民B: in-app and push instead, with the same question and reply instructions.
      expect(svc.received.map((r) => [r.path, JSON.parse(decryptPush(r.body, keys))])).toEqual([
        [
          '/dev/b',
          {
            title: '小调查：周六上午停水检修，可以吗',
            body: '回复 1 表示是，回复 2 表示否',
            link: `/polls/${yesNo}`,
            kind: 'poll.opened',
            urgent: false,
          },
        ],
      ]);
      const inbox = await h()
        .ctx.db.selectFrom('notifications')
        .innerJoin('people', 'people.id', 'notifications.person_id')
        .select(['people.name'])
        .where('notifications.link', '=', `/polls/${yesNo}`)
        .where('notifications.kind', '=', 'poll.opened')
        .orderBy('people.name')
        .execute();
      expect(inbox.map((r) => r.name)).toEqual(['居民A', '居民A2', '居民B', '居民C', '居民D', '居民N']);
      expect(await h().ctx.db.selectFrom('polls').select('id').where('compound_id', '=', 'ps').execute()).toEqual([
        { id: yesNo },
      ]);
    });

    it('counts the reply to that SMS (the local fake of the Aliyun inbound push)', async () => {
      const res = await h().app.inject({
        method: 'POST',
        url: `/api/v1/sms/inbound/aliyun/${TOKEN}`,
        payload: [
          {
            phone_number: phones.A,
            send_time: '2026-12-07 09:00:00',
            content: '1',
            sign_name: '连心桥',
            dest_code: '1234',
            sequence_id: 901,
          },
        ],
      });
      expect(res.statusCode).toBe(200);
      const poll = (await h().as(staff, { method: 'GET', url: `/api/v1/polls/${yesNo}` })).json();
      expect(poll.named).toEqual([{ name: '居民A', choices: ['yes'], channel: 'sms' }]);
      expect(poll.count).toEqual({
        answers: 1,
        options: [
          { key: 'yes', votes: 1 },
          { key: 'no', votes: 0 },
        ],
        order: ['yes', 'no'],
      });
    });

    it('numbers the options of a building poll, and never sends it to someone who answered before it went out', async () => {
      gateway.length = 0;
      // 居民C gathers messages into the daily digest: the poll waits for it, and C answers first.
      const c = await h().login(phones.C as string);
      const pref = await h().as(c, { method: 'PUT', url: '/api/v1/notifications/preferences', payload: { digest: true } });
      expect(pref.statusCode).toBe(200);
      const res = await ask({
        kind: 'multiple',
        title: '楼道里先加装什么',
        options: ['扶手', '声控灯', '座椅'],
        audience: 'building',
        audienceId: 'ps-b1',
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().id as string;
      await h().ctx.notifications.flush();
      const text = '【连心桥】小调查：楼道里先加装什么：1 扶手；2 声控灯；3 座椅。可选多项，回复编号，如 1 3';
      expect(gateway.map((g) => g.phone).sort()).toEqual([phones.A, phones.A2, phones.D].sort());
      expect(gateway.every((g) => g.template === 'notice' && g.params.content === text)).toBe(true);
      expect(
        (await h().as(c, { method: 'POST', url: `/api/v1/polls/${id}/answers`, payload: { choices: ['o2'] } })).statusCode,
      ).toBe(204);
      // The digest time comes: C's held message is dropped, not sent.
      const later = createNotificationsRepository(h().ctx.db, h().ctx.bus, () => new Date(Date.now() + 2 * 86_400_000), {
        sms: () => h().ctx.sms,
      });
      expect(await later.deliverDue()).toEqual({ sent: 0, failed: 0 });
      const held = await h()
        .ctx.db.selectFrom('notification_outbox')
        .select(['channel', 'last_error'])
        .where('person_id', '=', await personOf(phones.C as string))
        .where('link', '=', `/polls/${id}`)
        .execute();
      expect(held).toEqual([{ channel: 'sms', last_error: 'not sent: the poll was answered before' }]);
      expect(gateway.map((g) => g.phone).sort()).toEqual([phones.A, phones.A2, phones.D].sort());
    });

    it('tells the volunteers whose grant reaches the compound, wherever they are registered', async () => {
      await createPersonAccount(h().ctx, '18700009901', '志愿者小区外', 'volunteer', 'wuxing');
      const res = await ask({ kind: 'yes_no', title: '周日能来帮忙搬运吗', audience: 'volunteers' });
      expect(res.statusCode).toBe(201);
      const told = await h()
        .ctx.db.selectFrom('notifications')
        .innerJoin('people', 'people.id', 'notifications.person_id')
        .select(['people.name'])
        .where('notifications.link', '=', `/polls/${res.json().id}`)
        .orderBy('people.name')
        .execute();
      expect(told.map((r) => r.name)).toEqual(['志愿者小区外']);
      await h().ctx.notifications.flush();
      const row = await h()
        .ctx.db.selectFrom('sms_outbox')
        .select(['template', 'params', 'status'])
        .where('phone', '=', '18700009901')
        .execute();
      expect(row).toEqual([
        {
          template: 'notice',
          params: JSON.stringify({ content: '【连心桥】小调查：周日能来帮忙搬运吗：回复 1 表示是，回复 2 表示否' }),
          status: 'sent',
        },
      ]);
    });

    it('tells only the current members of a group poll (not one who left), and nobody twice', async () => {
      const at = new Date().toISOString();
      await h()
        .ctx.db.insertInto('groups')
        .values({
          id: 'ps-club',
          node_id: 'ps',
          kind: 'club',
          name: '合唱队',
          description: '',
          min_age: null,
          max_age: null,
          tags: '[]',
          created_at: at,
        })
        .execute();
      const member = async (w: string, left: string | null) => ({
        group_id: 'ps-club',
        person_id: await personOf(phones[w] as string),
        role: 'member' as const,
        joined_at: at,
        left_at: left,
      });
      await h()
        .ctx.db.insertInto('group_members')
        .values([await member('A2', null), await member('D', null), await member('N', at)])
        .execute();
      gateway.length = 0;
      const res = await ask({
        kind: 'single',
        title: '排练改到周几',
        options: ['周二', '周四'],
        audience: 'group',
        audienceId: 'ps-club',
      });
      expect(res.statusCode).toBe(201);
      await h().ctx.notifications.flush();
      const text = '【连心桥】小调查：排练改到周几：1 周二；2 周四。请回复一个选项编号，如 1';
      expect([...gateway].sort((a, b) => a.phone.localeCompare(b.phone))).toEqual(
        [phones.A2, phones.D].sort().map((phone) => ({ phone, template: 'notice', params: { content: text } })),
      );
    });
  },
  { config: { smsInboundToken: TOKEN, vapid: VAPID } },
);
