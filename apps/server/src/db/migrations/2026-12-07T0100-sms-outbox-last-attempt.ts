import type { Kysely } from 'kysely';

/**
 * When a text message was last tried, for the staff page of failed messages (the retry backoff
 * only kept the next attempt's time). Older rows have none; the page shows their creation time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sms_outbox').addColumn('last_attempt_at', 'text').execute();
  await db.schema.createIndex('sms_outbox_status_time').on('sms_outbox').columns(['status', 'last_attempt_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sms_outbox_status_time').execute();
  await db.schema.alterTable('sms_outbox').dropColumn('last_attempt_at').execute();
}
