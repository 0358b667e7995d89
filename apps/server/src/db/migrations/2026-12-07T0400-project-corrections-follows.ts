import type { Kysely } from 'kysely';

/**
 * Projects: a spending entry can be corrected by a reversing entry (a negative amount that names
 * the entry it corrects and why), and residents can follow a project to hear of its milestones
 * and its completion. Attachments (before/after photos, contracts, invoices) carry whether consent
 * to publish them is recorded; those attached before went public with their project, so they keep
 * that (1).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('project_spending').addColumn('corrects_id', 'text').execute();
  await db.schema
    .alterTable('project_spending')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('project_photos')
    .addColumn('public_consent', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('project_spending_corrects').on('project_spending').column('corrects_id').execute();
  await db.schema
    .createTable('project_follows')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_follows_pk', ['project_id', 'person_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_follows').ifExists().execute();
  await db.schema.dropIndex('project_spending_corrects').ifExists().execute();
  await db.schema.alterTable('project_photos').dropColumn('public_consent').execute();
  await db.schema.alterTable('project_spending').dropColumn('reason').execute();
  await db.schema.alterTable('project_spending').dropColumn('corrects_id').execute();
}
