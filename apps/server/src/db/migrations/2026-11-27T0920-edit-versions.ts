import type { Kysely } from 'kysely';

/**
 * Optimistic concurrency for records people edit through a form (ADR 0002): each carries a
 * version that every write of its form fields raises by one, and an edit names the version it
 * was made against, so a save over someone else's newer change is refused instead of silently
 * overwriting it. Existing rows start at version 1.
 */
const TABLES = ['zones', 'units', 'people', 'projects', 'council_meetings'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('version').execute();
}
