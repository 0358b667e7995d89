import type { Kysely } from 'kysely';

/**
 * Owners' decisions: the vote, its electorate frozen when it opens (subjects, their units, who may
 * cast for each), and the ballots. One ballot per voting subject is a unique constraint, so two
 * devices racing to vote for the same owner leave exactly one row on both databases.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // decision | consultation
    .addColumn('matter', 'integer') // art. 278 matter 1–9; null for a consultation
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: consultation options
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('total_owners', 'integer', (c) => c.notNull())
    .addColumn('total_area_hundredths', 'integer', (c) => c.notNull())
    .addColumn('result', 'text') // JSON, written once when the vote closes
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('votes_compound').on('votes').columns(['compound_id', 'created_at']).execute();
  await db.schema.createIndex('votes_due').on('votes').columns(['status', 'closes_at']).execute();

  await db.schema
    .createTable('vote_electorate')
    .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('units', 'text', (c) => c.notNull()) // JSON array of unit numbers
    .addColumn('area_hundredths', 'integer', (c) => c.notNull())
    .addColumn('voters', 'text', (c) => c.notNull()) // JSON array of person ids who may cast
    .addColumn('developer', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('vote_electorate_pk', ['vote_id', 'subject'])
    .execute();

  await db.schema
    .createTable('vote_units')
    .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
    .addColumn('unit', 'text', (c) => c.notNull()) // unit number, e.g. 1-2-301
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('area_hundredths', 'integer', (c) => c.notNull())
    .addColumn('area_source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vote_units_pk', ['vote_id', 'unit'])
    .execute();

  await db.schema
    .createTable('vote_voters')
    .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vote_voters_pk', ['vote_id', 'person_id'])
    .execute();
  await db.schema.createIndex('vote_voters_person').on('vote_voters').column('person_id').execute();

  await db.schema
    .createTable('vote_ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vote_id', 'text', (c) => c.notNull().references('votes.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull()) // yes | no | abstain, or a consultation option key
    .addColumn('channel', 'text', (c) => c.notNull()) // online | paper
    .addColumn('status', 'text', (c) => c.notNull()) // counted | pending (paper awaiting its second pair of eyes)
    .addColumn('cast_by_person_id', 'text')
    .addColumn('entered_by', 'text') // account id of the staff member who typed a paper ballot
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('receipt_hash', 'text', (c) => c.notNull()) // SHA-256 of the receipt code shown once
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vote_ballots_one_per_subject', ['vote_id', 'subject'])
    .execute();
  await db.schema.createIndex('vote_ballots_status').on('vote_ballots').columns(['vote_id', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['vote_ballots', 'vote_voters', 'vote_units', 'vote_electorate', 'votes']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
