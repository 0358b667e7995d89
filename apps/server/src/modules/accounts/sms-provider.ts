import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import type { ScheduledJob } from '../../lib/jobs';
import { createConsoleSmsProvider, type SmsProvider } from './sms';
import { sendAliyunSms } from './sms-aliyun';
import { createOutboxSmsProvider } from './sms-outbox';

/** An SmsProvider, with the outbox's retry job and immediate resend when it has one. */
export type ConfiguredSmsProvider = SmsProvider & { job?: () => ScheduledJob; sendNow?: (outboxId: string) => Promise<boolean> };

/**
 * The provider the configuration chooses: Alibaba Cloud SMS through the outbox when configured,
 * else the console provider (codes printed with the phone masked — development only).
 */
export function createSmsProvider(config: Pick<Config, 'sms' | 'logLevel'>, db: Kysely<DB>): ConfiguredSmsProvider {
  const cfg = config.sms;
  // With logging silenced (the tests, the benchmarks' servers) the console prints nothing either:
  // thousands of notification texts would otherwise flood the output.
  if (!cfg) return createConsoleSmsProvider(config.logLevel === 'silent' ? () => {} : undefined);
  return createOutboxSmsProvider(db, (phone, template, params) => sendAliyunSms(cfg, phone, template, params), 'aliyun');
}
