import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Staff search (issue 19): prefix indexes for a person's name and a unit's door number. On
 * PostgreSQL a `LIKE 'x%'` uses a B-tree only under the C collation or with text_pattern_ops, so
 * the index says so; SQLite's default BINARY index serves the range query the repository sends.
 * pg_trgm would also find infixes, but needs CREATE EXTENSION (a superuser's right on many hosted
 * servers), so the search stays with prefixes (docs/ARCHITECTURE.md, Search). And the audit
 * viewer's: a subtree's entries, newest first.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index search_people_name on people (name text_pattern_ops)`.execute(db);
    await sql`create index search_units_door on units (door text_pattern_ops)`.execute(db);
    // The scope of a search: the nodes under a path (SQLite's unique index on path serves the range).
    await sql`create index search_nodes_path on nodes (path text_pattern_ops)`.execute(db);
  } else {
    await db.schema.createIndex('search_people_name').on('people').column('name').execute();
    await db.schema.createIndex('search_units_door').on('units').column('door').execute();
  }
  // A compound's people by name prefix (the search within a small scope).
  await db.schema.createIndex('search_people_node_name').on('people').columns(['node_id', 'name']).execute();
  await db.schema.createIndex('audit_log_node_seq').on('audit_log').columns(['node_id', 'seq']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_node_seq').ifExists().execute();
  await db.schema.dropIndex('search_people_node_name').ifExists().execute();
  await db.schema.dropIndex('search_nodes_path').ifExists().execute();
  await db.schema.dropIndex('search_units_door').ifExists().execute();
  await db.schema.dropIndex('search_people_name').ifExists().execute();
}
