import type { Kysely } from 'kysely';

/**
 * Tables several modules write to: units and their owners (the registry owns them; votes read the
 * electorate from them), the in-app notification inbox, and the volunteer hours ledger (orders,
 * visits, zone duties and events all credit it).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('building_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('stairwell', 'text', (c) => c.notNull()) // 单元
    .addColumn('door', 'text', (c) => c.notNull()) // 门牌号
    .addColumn('area_hundredths', 'integer', (c) => c.notNull()) // m² × 100, exact
    .addColumn('area_source', 'text', (c) => c.notNull().defaultTo('registered')) // registered | surveyed | contract
    .addColumn('developer_held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('units_address', ['building_id', 'stairwell', 'door'])
    .execute();
  await db.schema.createIndex('units_compound').on('units').column('compound_id').execute();

  await db.schema
    .createTable('unit_owners')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    /** Of co-owners, the one who casts the unit's ballot. */
    .addColumn('representative', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('unit_owners_pk', ['unit_id', 'person_id'])
    .execute();
  await db.schema.createIndex('unit_owners_person').on('unit_owners').column('person_id').execute();

  await db.schema.alterTable('people').addColumn('unit_id', 'text').execute();
  await db.schema.createIndex('people_unit').on('people').column('unit_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_person').on('notifications').columns(['person_id', 'created_at']).execute();

  await db.schema
    .createTable('volunteer_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull()) // order | visit | duty | event | manual
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('served_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes', 'integer', (c) => c.notNull()) // service time; travel excluded
    .addColumn('organiser', 'text', (c) => c.notNull()) // 谁组织谁记录
    .addColumn('team', 'text') // 党员 | 团员 | 妇联
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('volunteer_hours_source', ['source_type', 'source_id', 'person_id'])
    .execute();
  await db.schema.createIndex('volunteer_hours_person').on('volunteer_hours').columns(['person_id', 'served_on']).execute();
  await db.schema.createIndex('volunteer_hours_compound').on('volunteer_hours').columns(['compound_id', 'served_on']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['volunteer_hours', 'notifications', 'unit_owners', 'units']) await db.schema.dropTable(t).ifExists().execute();
}
