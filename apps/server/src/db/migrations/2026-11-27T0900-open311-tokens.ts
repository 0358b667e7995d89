import type { Kysely } from 'kysely';

/**
 * GeoReport v2 tokens: POST requests answers a token besides the service_request_id, and
 * GET tokens/{token} resolves it. A token names one issue and carries nothing personal.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('open311_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('issue_id', 'text', (c) => c.notNull().references('council_issues.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('open311_tokens_issue').on('open311_tokens').column('issue_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open311_tokens').ifExists().execute();
}
