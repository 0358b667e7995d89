import type { Kysely } from 'kysely';

/**
 * Registry additions: the 小区党支部 and 业委会 with their members, board-publication consents
 * (PIPL art. 25: given / withdrawn, dated, one row per change), the 五小驿站 with bookable slots,
 * and import jobs whose progress row the web page polls.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('branches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().unique().references('nodes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secretary_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('founded_on', 'text') // YYYY-MM-DD
    .addColumn('demonstration', 'integer', (c) => c.notNull().defaultTo(0)) // 示范点
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('branch_members')
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('joined_on', 'text')
    .addPrimaryKeyConstraint('branch_members_pk', ['branch_id', 'person_id'])
    .execute();
  await db.schema.createIndex('branch_members_person').on('branch_members').column('person_id').execute();

  await db.schema
    .createTable('committees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().unique().references('nodes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('chair_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('founded_on', 'text')
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('committee_members')
    .addColumn('committee_id', 'text', (c) => c.notNull().references('committees.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('position', 'text', (c) => c.notNull().defaultTo('member')) // chair | vice_chair | member
    .addPrimaryKeyConstraint('committee_members_pk', ['committee_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('board_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('given', 'integer', (c) => c.notNull()) // 1 given, 0 withdrawn
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text') // account id
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('board_consents_person').on('board_consents').columns(['person_id', 'recorded_at']).execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of strings
    .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{name, phone}]
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('stations_compound_type', ['compound_id', 'type'])
    .execute();
  await db.schema
    .createTable('station_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('station_slots_start', ['station_id', 'starts_at'])
    .execute();
  await db.schema
    .createTable('station_bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slot_id', 'text', (c) => c.notNull().references('station_slots.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('booked_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema.createIndex('station_bookings_slot').on('station_bookings').column('slot_id').execute();
  await db.schema.createIndex('station_bookings_person').on('station_bookings').column('person_id').execute();

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('account_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text') // JSON summary or error
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'import_jobs',
    'station_bookings',
    'station_slots',
    'stations',
    'board_consents',
    'committee_members',
    'committees',
    'branch_members',
    'branches',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
