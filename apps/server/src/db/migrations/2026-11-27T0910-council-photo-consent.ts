import type { Kysely } from 'kysely';

/**
 * Publication of an issue's photos only with the raiser's recorded consent (PIPL): whether it is
 * given, when and by which account it was last recorded (and the channel when staff recorded it
 * for the resident), and the reason when staff withdrew publication. Existing issues start
 * without consent, so their photos stop being public until the raiser says otherwise.
 */
const COLUMNS = ['photo_consent_at', 'photo_consent_by', 'photo_consent_channel', 'photo_withdrawn_reason'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema
    .alterTable('council_issues')
    .addColumn('photo_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of COLUMNS) await db.schema.alterTable('council_issues').addColumn(column, 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...COLUMNS, 'photo_consent']) await db.schema.alterTable('council_issues').dropColumn(column).execute();
}
