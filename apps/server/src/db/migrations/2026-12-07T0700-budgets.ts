import type { Kysely } from 'kysely';

/**
 * 自治金 micro-budgets: a node's yearly pot (whole fen), residents' proposals with their
 * feasibility check, and one approval ballot per household (unique per budget and unit).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pot_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('voting_closes_at', 'text')
    .addColumn('result', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('budgets_node_year', ['node_id', 'year'])
    .execute();
  await db.schema
    .createTable('budget_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('budget_id', 'text', (c) => c.notNull().references('budgets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cost_fen', 'bigint', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.references('nodes.id'))
    .addColumn('plan_x', 'integer')
    .addColumn('plan_y', 'integer')
    .addColumn('zone_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('refusal_reason', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('submitted_by_person_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by_account_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('project_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('budget_proposals_seq', ['budget_id', 'seq'])
    .execute();
  await db.schema
    .createTable('budget_ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('budget_id', 'text', (c) => c.notNull().references('budgets.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('cost_fen', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('cast_by_person_id', 'text', (c) => c.notNull())
    .addColumn('entered_by_account_id', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('budget_ballots_household', ['budget_id', 'unit_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('budget_ballots').ifExists().execute();
  await db.schema.dropTable('budget_proposals').ifExists().execute();
  await db.schema.dropTable('budgets').ifExists().execute();
}
