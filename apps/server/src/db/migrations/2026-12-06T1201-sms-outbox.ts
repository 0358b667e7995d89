import type { Kysely } from 'kysely';

/**
 * Text messages to a real gateway go through an outbox: each is a row before it is sent, a failure
 * is recorded on it and retried with backoff, and a message that exhausts its attempts stays as
 * `failed` for staff to see — none is lost. login codes record a hash of the requesting address for the per-address send limit.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull()) // JSON object of template parameters
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('sms_outbox_due').on('sms_outbox').columns(['status', 'next_attempt_at']).execute();
  // Per-address send limits count the codes an address asked for (its SHA-256, not the address).
  await db.schema.alterTable('login_codes').addColumn('ip_hash', 'text').execute();
  await db.schema.createIndex('login_codes_ip').on('login_codes').columns(['ip_hash', 'created_at']).execute();
  await db.schema.createIndex('sms_outbox_phone').on('sms_outbox').columns(['phone', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_codes_ip').execute();
  await db.schema.alterTable('login_codes').dropColumn('ip_hash').execute();
  await db.schema.dropTable('sms_outbox').execute();
}
