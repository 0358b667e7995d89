import type { Kysely } from 'kysely';

/**
 * 一键呼叫: the duty phone a node's residents call for help (a community's 值班室, or a compound's
 * own), set by staff; the nearest node up the tree that has one answers. And the volunteer's
 * consent to show their number to the resident whose order they hold (off until they say so).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('help_lines')
    .addColumn('node_id', 'text', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('volunteer_profiles')
    .addColumn('share_phone', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('volunteer_profiles').dropColumn('share_phone').execute();
  await db.schema.dropTable('help_lines').ifExists().execute();
}
