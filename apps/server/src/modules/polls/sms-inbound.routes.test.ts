import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from '../budgets/budgets.fixture';

const TOKEN = 'test-inbound-token-0123456789abcdef-xyz';
const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区

/** Replies as Aliyun's HTTP batch push sends them (a JSON array), from a local fake of the gateway. */
const push = (messages: Array<{ phone: string; content: string; seq: number }>) =>
  messages.map((m) => ({
    phone_number: m.phone,
    send_time: '2026-12-07 09:00:00',
    content: m.content,
    sign_name: '连心桥',
    dest_code: '1234',
    sequence_id: m.seq,
  }));

describeEachDialect(
  'polls answered by SMS reply (Aliyun SmsUp push)',
  (h) => {
    let staff: Session;
    let phones: Record<string, string> = {};
    let yesNo = '';
    let ranked = '';
    const send = (token: string, messages: Parameters<typeof push>[0]) =>
      h().app.inject({ method: 'POST', url: `/api/v1/sms/inbound/aliyun/${token}`, payload: push(messages) });
    const named = async (id: string) =>
      (await h().as(staff, { method: 'GET', url: `/api/v1/polls/${id}` })).json().named as Array<{
        name: string;
        choices: string[];
        channel: string;
      }>;

    beforeAll(async () => {
      phones = await seedBudgetFixture(h().ctx, 'sm');
      staff = await h().login(STAFF);
      const ask = async (body: object) =>
        (
          await h().as(staff, {
            method: 'POST',
            url: '/api/v1/polls',
            payload: {
              compoundId: 'sm',
              audience: 'compound',
              anonymous: false,
              results: 'live',
              closesAt: new Date(Date.now() + 3600_000).toISOString(),
              ...body,
            },
          })
        ).json().id as string;
      ranked = await ask({ kind: 'ranked', title: '先修哪一样', options: ['灯', '扶手', '信报箱'] });
      yesNo = await ask({ kind: 'yes_no', title: '周六停水可以吗' }); // the newest: answered first
    });

    it('refuses a push to any other address (404), writing nothing', async () => {
      const res = await send('not-the-token-0123456789abcdef-000000', [{ phone: phones.A as string, content: '1', seq: 1 }]);
      expect(res.statusCode).toBe(404);
      expect(await named(yesNo)).toEqual([]);
    });

    it('answers the newest open poll the sender has not answered, channel sms, once even when the vendor retries', async () => {
      const res = await send(TOKEN, [
        { phone: phones.A as string, content: '是', seq: 2 },
        { phone: phones.B as string, content: '２', seq: 3 },
        { phone: '13800000000', content: '1', seq: 4 },
        { phone: phones.C as string, content: '也许吧', seq: 5 },
      ]);
      expect([res.statusCode, res.json()]).toEqual([200, { code: 0, msg: '接收成功' }]);
      // The vendor retries the same push (same sequence id), even with a reply that would fit the next poll.
      expect(await send(TOKEN, [{ phone: phones.A as string, content: '是', seq: 2 }]).then((r) => r.statusCode)).toBe(200);
      expect(await send(TOKEN, [{ phone: phones.B as string, content: '２', seq: 3 }]).then((r) => r.statusCode)).toBe(200);
      expect(await named(yesNo)).toEqual([
        { name: '居民A', choices: ['yes'], channel: 'sms' },
        { name: '居民B', choices: ['no'], channel: 'sms' },
      ]);
      expect(await named(ranked)).toEqual([]);
    });

    it('takes the next reply for the next poll: a ranking by option numbers', async () => {
      await send(TOKEN, [{ phone: phones.A as string, content: '2 1', seq: 6 }]);
      expect(await named(ranked)).toEqual([{ name: '居民A', choices: ['o2', 'o1'], channel: 'sms' }]);
      const log = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['actor_account_id', 'details'])
        .where('action', '=', 'poll.answered')
        .where('target_id', '=', ranked)
        .execute();
      expect(log.map((l) => [l.actor_account_id, JSON.parse(l.details ?? '{}')])).toEqual([[null, { channel: 'sms' }]]);
    });
  },
  { config: { smsInboundToken: TOKEN } },
);
