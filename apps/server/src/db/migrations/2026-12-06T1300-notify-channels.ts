import type { Kysely } from 'kysely';

/**
 * Reaching people outside the app (issue 16): channels chosen per person and category, Web Push
 * subscriptions per device, an outbox for push and SMS (email keeps its own outbox), and
 * the escalation ladder's last step on orders (the community worker, after the branch secretary),
 * when owners were reminded that a vote closes in 48 hours, and when those signed up for an
 * occurrence were reminded the day before, when a station booking was reminded, and for which
 * due date an overdue pairing visit was reported to the branch secretary.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_channel_prefs')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('push', 'integer', (c) => c.notNull())
    .addColumn('sms', 'integer', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_channel_prefs_pk', ['person_id', 'category'])
    .execute();
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sent_at', 'text')
    .execute();
  await db.schema.createIndex('push_subscriptions_person').on('push_subscriptions').column('person_id').execute();
  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull()) // push | sms
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('digest', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_outbox_due').on('notification_outbox').columns(['sent_at', 'due_at']).execute();
  await db.schema.alterTable('orders').addColumn('escalated_worker_at', 'text').execute();
  await db.schema.alterTable('votes').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('event_occurrences').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('station_bookings').addColumn('reminded_at', 'text').execute();
  await db.schema.alterTable('pairings').addColumn('overdue_reported_for', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pairings').dropColumn('overdue_reported_for').execute();
  await db.schema.alterTable('station_bookings').dropColumn('reminded_at').execute();
  await db.schema.alterTable('event_occurrences').dropColumn('reminded_at').execute();
  await db.schema.alterTable('votes').dropColumn('reminded_at').execute();
  await db.schema.alterTable('orders').dropColumn('escalated_worker_at').execute();
  await db.schema.dropTable('notification_outbox').execute();
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('notification_channel_prefs').execute();
}
