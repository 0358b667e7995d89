import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createOutboxSmsProvider, MAX_SMS_ATTEMPTS } from './sms-outbox';

const START = Date.parse('2030-01-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The promise of sms-outbox.ts (and docs/deploy.md): a refused message is "retried with
 * exponential backoff (30 s, 1, 2, 4, 8 min)", and "after six attempts it stays as failed, never
 * deleted". Every attempt's time is checked, and that nothing goes out a millisecond early.
 */
describeEachDialect(
  'sms outbox: the backoff schedule',
  (h) => {
    it('tries a refused message at 0 s, +30 s, +1, +2, +4 and +8 min, then leaves it as failed', async () => {
      let now = START;
      const attempts: string[] = [];
      const outbox = createOutboxSmsProvider(
        h().ctx.db,
        async () => {
          attempts.push(iso(now));
          return { ok: false, error: 'isv.BUSINESS_LIMIT_CONTROL: flow control' };
        },
        'aliyun',
        () => new Date(now),
      );
      await outbox.send('13800007001', '测试', { template: 'notice', params: { content: '测试' } });
      const row = async () =>
        h()
          .ctx.db.selectFrom('sms_outbox')
          .select(['status', 'attempts', 'next_attempt_at'])
          .where('phone', '=', '13800007001')
          .executeTakeFirstOrThrow();
      const due: number[] = [];
      let at = START;
      for (const gapSeconds of [30, 60, 120, 240, 480]) {
        at += gapSeconds * 1000;
        due.push(at);
        now = at - 1; // a millisecond early: not yet
        expect(await outbox.retryDue()).toBe(0);
        now = at;
        expect(await outbox.retryDue()).toBe(0);
      }
      expect(attempts).toEqual([iso(START), ...due.map(iso)]);
      expect(await row()).toEqual({ status: 'failed', attempts: MAX_SMS_ATTEMPTS, next_attempt_at: iso(at + 960_000) });
      now = at + 3600_000;
      expect(await outbox.retryDue()).toBe(0);
      expect(attempts).toHaveLength(6);
      expect(MAX_SMS_ATTEMPTS).toBe(6);
    });
  },
  { demo: false },
);
