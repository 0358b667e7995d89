import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The audit log becomes a Merkle tree (ADR 0003). Writers insert entries with no lock and no
 * hash; a sequencer later gives each committed entry its `leaf_index`, stores the tree's nodes
 * and signs a checkpoint. Existing chain entries keep their `seq`, lose their chain hashes and
 * are left unsequenced, so the sequencer's first run puts them into the tree in their old order.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    // SQLite's `integer primary key` numbers new rows itself; PostgreSQL needs a sequence.
    await sql`create sequence if not exists audit_log_seq_seq owned by audit_log.seq`.execute(db);
    await sql`select setval('audit_log_seq_seq', coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(db);
    await sql`alter table audit_log alter column seq set default nextval('audit_log_seq_seq')`.execute(db);
  }
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
  await db.schema.alterTable('audit_log').addColumn('leaf_index', 'integer').execute();
  await db.schema.createIndex('audit_log_leaf_index').unique().on('audit_log').column('leaf_index').execute();
  // The sequencer's queue: only the few entries not yet in the tree are in this index.
  await db.schema
    .createIndex('audit_log_unsequenced')
    .on('audit_log')
    .column('seq')
    .where(sql.ref('leaf_index'), 'is', null)
    .execute();

  // Receipts and the per-record history look entries up by what they are about.
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();

  // Every node of every complete (perfect) subtree, leaves at level 0: enough to build any proof.
  await db.schema
    .createTable('log_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('log_checkpoints')
    .addColumn('tree_size', 'integer', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('log_checkpoints').ifExists().execute();
  await db.schema.dropTable('log_nodes').ifExists().execute();
  await db.schema.dropIndex('audit_log_target').ifExists().execute();
  await db.schema.dropIndex('audit_log_unsequenced').ifExists().execute();
  await db.schema.dropIndex('audit_log_leaf_index').ifExists().execute();
  await db.schema.alterTable('audit_log').dropColumn('leaf_index').execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
