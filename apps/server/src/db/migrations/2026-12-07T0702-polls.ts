import type { Kysely } from 'kysely';

/**
 * Quick polls (not statutory). Who answered (poll_voters, one row per person) is kept apart from
 * what was answered (poll_answers), so an anonymous poll stores no link between the two.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('polls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_id', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('poll_voters')
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('entered_by_account_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_voters_pk', ['poll_id', 'person_id'])
    .execute();
  await db.schema
    .createTable('poll_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id'))
    .addColumn('answer', 'text', (c) => c.notNull())
    // Null in an anonymous poll.
    .addColumn('person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('poll_answers_poll').on('poll_answers').column('poll_id').execute();
  // The SMS replies already taken, by the vendor's sequence id, so its retries are not taken twice
  // (nor as an answer to the next poll). Neither the number nor the text is kept.
  await db.schema
    .createTable('sms_replies_seen')
    .addColumn('sequence_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sms_replies_seen').ifExists().execute();
  await db.schema.dropTable('poll_answers').ifExists().execute();
  await db.schema.dropTable('poll_voters').ifExists().execute();
  await db.schema.dropTable('polls').ifExists().execute();
}
