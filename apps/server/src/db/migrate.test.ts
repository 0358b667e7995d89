import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../test/harness';
import { migrateToLatest } from './migrate';

describe('migrations', () => {
  for (const dialect of DIALECTS) {
    it(`[${dialect}] run forward on an empty database and are idempotent`, async () => {
      const t = await createTestDatabase(dialect); // already migrated once
      try {
        expect(await migrateToLatest(t.database.db)).toEqual([]);
        const tables =
          dialect === 'sqlite'
            ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.database.db)
            : await sql<{
                name: string;
              }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(t.database.db);
        const names = tables.rows.map((r) => r.name);
        for (const core of ['nodes', 'people', 'accounts', 'role_grants', 'sessions', 'audit_log']) {
          expect(names).toContain(core);
        }
      } finally {
        await t.drop();
      }
    });
  }
});
