import type { Kysely } from 'kysely';

/**
 * Going live from an empty database: an account can be told to choose a new password at its next
 * sign-in (the first administrator's one-time password, a reset by staff), and a newcomer whose
 * phone the registry does not hold asks to join with a request a community worker approves.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('join_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull()) // owner | tenant | family
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .execute();
  await db.schema.createIndex('join_requests_compound').on('join_requests').columns(['compound_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_requests').execute();
  await db.schema.alterTable('accounts').dropColumn('must_change_password').execute();
}
