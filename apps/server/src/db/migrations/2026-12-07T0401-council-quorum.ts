import type { Kysely } from 'kysely';

/**
 * The council's quorum: how many members must be present for a decision (per compound; null is
 * the default, more than half of the members), and on each decision the figures it was taken
 * with (members, present, required), so the notice shows them. Decisions taken before have none.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('council_settings').addColumn('quorum', 'integer').execute();
  for (const column of ['members_total', 'members_present', 'quorum_required'])
    await db.schema.alterTable('council_decisions').addColumn(column, 'integer').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['quorum_required', 'members_present', 'members_total'])
    await db.schema.alterTable('council_decisions').dropColumn(column).execute();
  await db.schema.alterTable('council_settings').dropColumn('quorum').execute();
}
