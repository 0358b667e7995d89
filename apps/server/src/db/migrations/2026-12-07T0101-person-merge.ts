import type { Kysely } from 'kysely';

/**
 * Merging two records of one person: the merged record stays as a tombstone naming the survivor
 * (`merged_into`), so old links and ids resolve to the person who now holds everything.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('merged_into', 'text').execute();
  await db.schema.alterTable('people').addColumn('merged_at', 'text').execute();
  await db.schema.createIndex('people_merged_into').on('people').column('merged_into').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_merged_into').execute();
  await db.schema.alterTable('people').dropColumn('merged_at').execute();
  await db.schema.alterTable('people').dropColumn('merged_into').execute();
}
