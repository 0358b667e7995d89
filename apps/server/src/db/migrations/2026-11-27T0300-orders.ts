import type { Kysely } from 'kysely';

/**
 * Help orders (点单式服务): orders, their event timeline, repeating series, per-compound escalation
 * limits; notification preferences and the email outbox (second channel, quiet hours, digest).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text')
    /** The building's path if known, else the compound's: reach checks are a prefix test. */
    .addColumn('node_path', 'text', (c) => c.notNull())
    .addColumn('resident_person_id', 'text', (c) => c.notNull())
    .addColumn('placed_by_account_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull()) // self | phone_call | walk_in | home_visit | series
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull()) // normal | urgent
    .addColumn('status', 'text', (c) => c.notNull()) // placed | taken | in_service | done | confirmed | cancelled
    .addColumn('volunteer_person_id', 'text')
    .addColumn('dispatched_to_person_id', 'text')
    .addColumn('dispatched_at', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('done_at', 'text')
    .addColumn('minutes', 'integer')
    .addColumn('done_note', 'text')
    .addColumn('photo_mime', 'text')
    .addColumn('photo_base64', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('series_id', 'text')
    .addColumn('series_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_series_date', ['series_id', 'series_date'])
    .execute();
  await db.schema.createIndex('orders_compound_status').on('orders').columns(['compound_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('orders_resident').on('orders').columns(['resident_person_id', 'created_at']).execute();
  await db.schema.createIndex('orders_volunteer').on('orders').columns(['volunteer_person_id', 'status']).execute();
  await db.schema.createIndex('orders_status_created').on('orders').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_account_id', 'text')
    .addColumn('actor_person_id', 'text')
    .addColumn('on_behalf_of', 'text')
    .addColumn('channel', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'at']).execute();

  await db.schema
    .createTable('order_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text')
    .addColumn('node_path', 'text', (c) => c.notNull())
    .addColumn('resident_person_id', 'text', (c) => c.notNull())
    .addColumn('created_by_account_id', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weekdays', 'text', (c) => c.notNull()) // JSON [1..7], Monday = 1
    .addColumn('time_start', 'text', (c) => c.notNull()) // HH:MM, Beijing time
    .addColumn('time_end', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('generated_until', 'text') // YYYY-MM-DD, last date generated
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('order_settings')
    .addColumn('compound_id', 'text', (c) => c.primaryKey())
    .addColumn('urgent_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('normal_limit_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('email_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    /** 1: one email a day with everything instead of one email per notification. */
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quiet_start', 'text') // HH:MM Beijing time, or null
    .addColumn('quiet_end', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['sent_at', 'due_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_outbox', 'notification_prefs', 'order_settings', 'order_series', 'order_events', 'orders']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
