import type { Kysely } from 'kysely';

/** Per-compound council settings: how long an untouched issue waits before the secretary is reminded. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('council_settings')
    .addColumn('compound_id', 'text', (c) => c.primaryKey().references('nodes.id'))
    .addColumn('remind_after_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('council_settings').ifExists().execute();
}
