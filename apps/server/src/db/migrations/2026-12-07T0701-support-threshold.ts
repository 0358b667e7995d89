import type { Kysely } from 'kysely';

/**
 * A compound's support threshold: the percentage of its households whose support puts a raised
 * council issue on the next meeting's agenda by itself (null: off, staff put issues on by hand).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('council_settings').addColumn('support_threshold_percent', 'integer').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('council_settings').dropColumn('support_threshold_percent').execute();
}
