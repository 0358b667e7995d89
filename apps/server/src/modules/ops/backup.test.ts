import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { createContext } from '../../context';
import { openDatabase } from '../../db/database';
import { createTestDatabase, DIALECTS } from '../../test/harness';
import { seedDemo } from '../demo/seed-demo';
import { backupDatabase, dumpTables, integrityCheck, restoreDatabase } from './backup';

describe('backup and restore', () => {
  for (const dialect of DIALECTS) {
    it(`[${dialect}] round-trips a populated database, every table equal`, async () => {
      const source = await createTestDatabase(dialect);
      const target = await createTestDatabase(dialect);
      try {
        const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: source.dataDir }), source.database);
        await seedDemo(ctx);
        await ctx.audit.append({ actorAccountId: null, action: 'test.marker', details: { note: '备份测试 <b>' } });
        const before = await dumpTables(source.database);
        expect(Object.values(before).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(20);

        const file = path.join(source.dataDir, `backup.${dialect === 'sqlite' ? 'db' : 'dump'}`);
        const { bytes } = await backupDatabase(source.database, file);
        expect(bytes).toBeGreaterThan(0);

        if (dialect === 'sqlite') {
          await target.database.close();
          await restoreDatabase({ sqliteFile: target.sqliteFile }, file);
          const reopened = openDatabase({ sqliteFile: target.sqliteFile });
          try {
            expect(await dumpTables(reopened)).toEqual(before);
            expect(await integrityCheck(reopened)).toEqual([]);
          } finally {
            await reopened.close();
          }
          target.database = openDatabase({ sqliteFile: target.sqliteFile }); // for drop()
        } else {
          await restoreDatabase({ url: target.url }, file);
          expect(await dumpTables(target.database)).toEqual(before);
          expect(await integrityCheck(target.database)).toEqual([]);
        }
        expect(await ctx.audit.verify()).toMatchObject({ ok: true });
      } finally {
        await source.drop();
        await target.drop();
      }
    }, 120_000);
  }
});
