import { type Kysely, sql } from 'kysely';

/**
 * Groups, events (with recurrence), occurrences, sign-ups and tickets, health checks (home visits
 * and results), day-care attendance and calendar feed tokens. Occurrences of a recurring event are
 * materialised on first need (sign-up, change, cancellation) under a stable key: the original
 * start in UTC. `taken` counts confirmed sign-ups so capacity holds under concurrent sign-ups.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('club')) // club | daycare | health
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('min_age', 'integer')
    .addColumn('max_age', 'integer')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]')) // audience: any of these tags
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_node').on('groups').column('node_id').execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member')) // member | leader
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'person_id'])
    .execute();
  await db.schema.createIndex('group_members_person').on('group_members').column('person_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('activity')) // activity | health_check | daycare
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'text', (c) => c.notNull()) // first occurrence, UTC
    .addColumn('duration_min', 'integer', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('min_age', 'integer')
    .addColumn('max_age', 'integer')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('signup_opens_hours', 'integer') // hours before start; null: open at once
    .addColumn('signup_closes_min', 'integer', (c) => c.notNull().defaultTo(0)) // minutes before start
    .addColumn('organiser_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('events_node').on('events').columns(['node_id', 'starts_at']).execute();
  await db.schema.createIndex('events_group').on('events').column('group_id').execute();

  await db.schema
    .createTable('event_occurrences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('occ_key', 'text', (c) => c.notNull()) // original start, UTC, 20261127T113000Z
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('place', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled')) // scheduled | cancelled
    .addColumn('capacity', 'integer')
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_occurrences_key', ['event_id', 'occ_key'])
    .execute();

  await db.schema
    .createTable('event_signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('event_occurrences.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // confirmed | waitlisted | cancelled
    .addColumn('ticket_code', 'text', (c) => c.notNull().unique())
    .addColumn('actor_account_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seq', 'text', (c) => c.notNull()) // wait-list order (time-ordered id)
    .addColumn('cancelled_at', 'text')
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', 'text')
    .execute();
  await db.schema
    .createIndex('event_signups_one_live')
    .on('event_signups')
    .columns(['occurrence_id', 'person_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema.createIndex('event_signups_person').on('event_signups').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('event_signups_occ').on('event_signups').columns(['occurrence_id', 'status', 'seq']).execute();

  await db.schema
    .createTable('health_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('outcome', 'text', (c) => c.notNull()) // visited | not_home | declined
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('visitor_account_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_visits_event').on('health_visits').columns(['event_id', 'person_id']).execute();

  await db.schema
    .createTable('health_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.references('events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('measured_on', 'text', (c) => c.notNull())
    .addColumn('systolic', 'integer')
    .addColumn('diastolic', 'integer')
    .addColumn('heart_rate', 'integer')
    .addColumn('glucose_tenths', 'integer') // mmol/L × 10
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_results_person').on('health_results').columns(['person_id', 'measured_on']).execute();

  await db.schema
    .createTable('daycare_attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD, Asia/Shanghai
    .addColumn('checked_in_at', 'text', (c) => c.notNull())
    .addColumn('checked_in_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('daycare_attendance_once', ['node_id', 'person_id', 'day'])
    .execute();
  await db.schema.createIndex('daycare_attendance_day').on('daycare_attendance').columns(['node_id', 'day']).execute();

  await db.schema
    .createTable('calendar_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'calendar_tokens',
    'daycare_attendance',
    'health_results',
    'health_visits',
    'event_signups',
    'event_occurrences',
    'events',
    'group_members',
    'groups',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
