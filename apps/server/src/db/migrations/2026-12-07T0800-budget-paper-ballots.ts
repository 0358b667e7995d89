import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Paper 自治金 ballots (blind double keying): a paper ballot is cast by no account-holding person,
 * so `budget_ballots.cast_by_person_id` becomes nullable. PostgreSQL drops the constraint; SQLite,
 * which cannot, rebuilds the table with its rows and its household key.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table budget_ballots alter column cast_by_person_id drop not null`.execute(db);
    return;
  }
  await db.schema
    .createTable('budget_ballots_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('budget_id', 'text', (c) => c.notNull().references('budgets.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('cost_fen', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('cast_by_person_id', 'text')
    .addColumn('entered_by_account_id', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('budget_ballots_household', ['budget_id', 'unit_id'])
    .execute();
  await sql`insert into budget_ballots_new select id, budget_id, unit_id, choices, cost_fen, channel, cast_by_person_id, entered_by_account_id, receipt_hash, created_at from budget_ballots`.execute(
    db,
  );
  await db.schema.dropTable('budget_ballots').execute();
  await db.schema.alterTable('budget_ballots_new').renameTo('budget_ballots').execute();
}

/** Paper ballots have no person: going back keeps the column nullable rather than lose them. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(_db: Kysely<any>): Promise<void> {}
