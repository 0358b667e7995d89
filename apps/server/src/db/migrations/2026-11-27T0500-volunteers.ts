import type { Kysely } from 'kysely';

/**
 * Volunteer work: profiles and teams (党员/团员/妇联), pairings with their visit log, site plans
 * with zones, claims, duties, problem reports and the monthly clean-up, hours corrections and
 * certificates. Counters such as zones.active_claims exist so that a claim is one conditional
 * UPDATE, which has exactly one winner on both databases.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteer_profiles')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id'))
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('team', 'text') // 党员 | 团员 | 妇联
    .addColumn('team_leader', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('team_joined_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active')) // active | left
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('volunteer_profiles_compound').on('volunteer_profiles').columns(['compound_id', 'team']).execute();

  await db.schema
    .createTable('pairings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('volunteer_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('cadence_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active')) // active | ended
    .addColumn('last_visit_on', 'text')
    .addColumn('next_due_on', 'text', (c) => c.notNull())
    .addColumn('reminded_for', 'text') // the next_due_on a reminder was last sent for
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pairings_volunteer').on('pairings').columns(['volunteer_id', 'status']).execute();
  await db.schema.createIndex('pairings_compound_due').on('pairings').columns(['compound_id', 'status', 'next_due_on']).execute();

  await db.schema
    .createTable('pairing_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pairing_id', 'text', (c) => c.notNull().references('pairings.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull()) // well | needs_attention | urgent
    .addColumn('order_id', 'text')
    .addColumn('logged_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pairing_visits_pairing').on('pairing_visits').columns(['pairing_id', 'visited_on']).execute();

  await db.schema
    .createTable('site_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().unique().references('nodes.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('zones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // 绿化 | 停车 | 楼道 | 公共区域
    .addColumn('polygon', 'text', (c) => c.notNull()) // JSON [[x,y],…] in plan pixels
    .addColumn('max_claims', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active_claims', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .execute();
  await db.schema.createIndex('zones_compound').on('zones').column('compound_id').execute();

  await db.schema
    .createTable('zone_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('person_id', 'text') // a volunteer's own claim
    .addColumn('team', 'text') // or a team's claim (党员 | 团员 | 妇联)
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .execute();
  await db.schema.createIndex('zone_claims_zone').on('zone_claims').columns(['zone_id', 'released_at']).execute();

  await db.schema
    .createTable('zone_duties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('photo_key', 'text')
    .addColumn('photo_mime', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('zone_duties_zone').on('zone_duties').columns(['zone_id', 'done_on']).execute();

  await db.schema
    .createTable('zone_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('x', 'integer')
    .addColumn('y', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('council_issue_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cleanups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('organiser', 'text', (c) => c.notNull())
    .addColumn('zone_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cleanup_attendance')
    .addColumn('cleanup_id', 'text', (c) => c.notNull().references('cleanups.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cleanup_attendance_pk', ['cleanup_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('hours_corrections')
    .addColumn('hours_id', 'text', (c) => c.primaryKey())
    .addColumn('corrects_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_account', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // requested | issued | rejected
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issuer_node_id', 'text')
    .addColumn('issuer_name', 'text')
    .addColumn('title', 'text')
    .addColumn('minutes', 'integer')
    .addColumn('services', 'text') // JSON array of activities
    .addColumn('organisers', 'text') // JSON array: 谁组织谁记录
    .addColumn('issued_on', 'text')
    .addColumn('issued_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_person').on('certificates').column('person_id').execute();
  await db.schema.createIndex('certificates_compound').on('certificates').columns(['compound_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'certificates',
    'hours_corrections',
    'cleanup_attendance',
    'cleanups',
    'zone_reports',
    'zone_duties',
    'zone_claims',
    'zones',
    'site_plans',
    'pairing_visits',
    'pairings',
    'volunteer_profiles',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
