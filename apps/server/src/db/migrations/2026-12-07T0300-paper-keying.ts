import type { Kysely } from 'kysely';

/**
 * Blind double keying of paper forms (owners' ballots first, 自治金 approval ballots next): one
 * row per keying of one item (a unit's ballot) by one staff member, in the slot it took — 1 and 2
 * blind, 3 the decider after a mismatch. Nobody keys an item twice, and a slot is taken once.
 * And the rule recorded with a vote that its unit-by-unit list is public (a local rule for the
 * paper 公示).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('paper_keyings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // what is keyed: 'vote', …
    .addColumn('scope_id', 'text', (c) => c.notNull()) // the vote (or ballot round) id
    .addColumn('item', 'text', (c) => c.notNull()) // the unit whose paper this is
    .addColumn('slot', 'integer', (c) => c.notNull()) // 1, 2 (blind), 3 (decides a mismatch)
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('paper_keyings_slot', ['kind', 'scope_id', 'item', 'slot'])
    .addUniqueConstraint('paper_keyings_once', ['kind', 'scope_id', 'item', 'account_id'])
    .execute();
  await db.schema
    .alterTable('votes')
    .addColumn('unit_list_public', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('votes').dropColumn('unit_list_public').execute();
  await db.schema.dropTable('paper_keyings').ifExists().execute();
}
