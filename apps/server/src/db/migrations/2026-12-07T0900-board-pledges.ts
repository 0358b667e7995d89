import type { Kysely } from 'kysely';

/**
 * 党员承诺牌: each party member's own pledge (1–4 lines) and optional photo, one row per member,
 * replacing the four fixed lines on their printed card. Who last wrote it is kept (the member, or
 * staff acting for them — the audit log holds every change).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('board_pledges')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id'))
    // JSON array of 1–4 strings.
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('photo_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('board_pledges').ifExists().execute();
}
