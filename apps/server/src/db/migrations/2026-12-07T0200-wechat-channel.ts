import type { Kysely } from 'kysely';

/**
 * WeChat as an outside channel (issue 16): a fourth column of the per-category channel choice,
 * the openid a resident bound through WeChat's web authorisation (snsapi_base), and the short-
 * lived `state` values that tie an authorisation round trip to the person who started it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notification_channel_prefs')
    .addColumn('wechat', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('wechat_bindings')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('openid', 'text', (c) => c.notNull().unique())
    .addColumn('bound_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('wechat_oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wechat_oauth_states').execute();
  await db.schema.dropTable('wechat_bindings').execute();
  await db.schema.alterTable('notification_channel_prefs').dropColumn('wechat').execute();
}
