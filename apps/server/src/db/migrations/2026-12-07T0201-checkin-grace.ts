import type { Kysely } from 'kysely';

/**
 * The check-in grace per event kind and node (issue 16): how long before an occurrence starts
 * and after it ends a ticket is accepted at the door. A node without a row takes its nearest
 * ancestor's, and the server's LIANXIN_CHECKIN_GRACE_MINUTES where no node has one.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checkin_grace')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_grace_pk', ['node_id', 'kind'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkin_grace').execute();
}
