import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { ScheduledJob } from '../../lib/jobs';
import type { SmsMeta, SmsProvider } from './sms';
import type { GatewayResult } from './sms-aliyun';

/** Attempts before a message is left as `failed` (kept, never deleted): about 16 minutes of retries. */
export const MAX_SMS_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;

export type SmsGateway = (phone: string, template: string, params: Record<string, string>) => Promise<GatewayResult>;

/** The template and parameters of a message: explicit, else a login code, else the text as a notice. */
export function templateOf(text: string, meta?: SmsMeta): { template: string; params: Record<string, string> } {
  if (meta?.template) return { template: meta.template, params: meta.params ?? {} };
  if (meta?.code) return { template: 'login_code', params: { code: meta.code } };
  return { template: 'notice', params: { content: text } };
}

/**
 * An SmsProvider in front of a real gateway: every message is first a row of `sms_outbox`, then
 * sent at once; a failure is recorded on the row and retried with exponential backoff (30 s, 1, 2,
 * 4, 8 min) by the `sms-outbox` job, on one instance at a time. `send` never throws for a gateway
 * failure — the message is not lost, it waits for its next attempt.
 */
export function createOutboxSmsProvider(db: Kysely<DB>, gateway: SmsGateway, name: string, clock: () => Date = () => new Date()) {
  async function attempt(row: { id: string; phone: string; template: string; params: string; attempts: number }) {
    const result = await gateway(row.phone, row.template, JSON.parse(row.params) as Record<string, string>);
    const attempts = row.attempts + 1;
    const now = clock();
    if (result.ok) {
      await db
        .updateTable('sms_outbox')
        .set({
          status: 'sent',
          attempts,
          sent_at: now.toISOString(),
          last_attempt_at: now.toISOString(),
          provider_id: result.id ?? null,
          last_error: null,
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    }
    await db
      .updateTable('sms_outbox')
      .set({
        status: attempts >= MAX_SMS_ATTEMPTS ? 'failed' : 'pending',
        attempts,
        last_attempt_at: now.toISOString(),
        last_error: result.error ?? 'failed',
        next_attempt_at: new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (attempts - 1)).toISOString(),
      })
      .where('id', '=', row.id)
      .execute();
    return false;
  }

  const provider = {
    name,
    async send(phone: string, text: string, meta?: SmsMeta) {
      const { template, params } = templateOf(text, meta);
      const now = clock();
      const row = { id: newId(), phone, template, params: JSON.stringify(params), attempts: 0 };
      await db
        .insertInto('sms_outbox')
        .values({
          ...row,
          status: 'pending',
          // The immediate attempt below goes first; the job picks the row up only if that fails.
          next_attempt_at: new Date(now.getTime() + FIRST_RETRY_MS).toISOString(),
          last_error: null,
          provider_id: null,
          created_at: now.toISOString(),
          sent_at: null,
        })
        .execute();
      await attempt(row);
    },

    /** Sends the pending messages whose next attempt is due; returns how many went out. */
    async retryDue(limit = 50): Promise<number> {
      const due = await db
        .selectFrom('sms_outbox')
        .select(['id', 'phone', 'template', 'params', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', clock().toISOString())
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      let sent = 0;
      for (const row of due) if (await attempt(row)) sent++;
      return sent;
    },

    /** One attempt now for a message staff put back to pending (the failed-SMS page's retry). */
    async sendNow(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('sms_outbox')
        .select(['id', 'phone', 'template', 'params', 'attempts'])
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row ? attempt(row) : false;
    },

    job(): ScheduledJob {
      return { name: 'sms-outbox', everyMs: 15_000, run: () => provider.retryDue() };
    },
  } satisfies SmsProvider & Record<string, unknown>;
  return provider;
}
