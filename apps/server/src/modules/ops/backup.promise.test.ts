import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreDatabase } from './backup';

/**
 * The promise of backup.ts restoreDatabase for SQLite: "checks the backup's integrity, then
 * replaces the database file" — a damaged backup is refused and the live file is left as it was,
 * byte for byte. (The PostgreSQL path is pg_restore --single-transaction, covered by backup.test.ts.)
 */
describe('backup: a damaged SQLite backup is never restored', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-restore-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A small database of 50 rows with an index on them. */
  function makeDb(file: string) {
    const db = new SQLite(file);
    db.pragma('journal_mode = DELETE');
    db.exec('create table t (a integer); create index ti on t (a);');
    const insert = db.prepare('insert into t values (?)');
    for (let i = 0; i < 50; i++) insert.run(i);
    const root = (db.prepare("select rootpage from sqlite_master where name = 'ti'").get() as { rootpage: number }).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    return { root, pageSize };
  }

  it('refuses a backup whose index no longer matches its table, leaving the live file untouched', async () => {
    const live = path.join(dir, 'live.db');
    makeDb(live);
    const liveBytes = fs.readFileSync(live);
    const damaged = path.join(dir, 'damaged.db');
    const { root, pageSize } = makeDb(damaged);
    // The last byte of the index's root page is the first entry's row id: point it elsewhere.
    const bytes = fs.readFileSync(damaged);
    bytes[root * pageSize - 1] = 0x7f;
    fs.writeFileSync(damaged, bytes);

    await expect(restoreDatabase({ sqliteFile: live }, damaged)).rejects.toThrow(
      'backup failed its integrity check: row 1 missing from index ti',
    );
    expect(fs.readFileSync(live).equals(liveBytes)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['damaged.db', 'live.db']);
  });

  it('refuses a missing backup file, leaving the live file untouched', async () => {
    const live = path.join(dir, 'live2.db');
    makeDb(live);
    const liveBytes = fs.readFileSync(live);
    const missing = path.join(dir, 'no-such-backup.db');
    await expect(restoreDatabase({ sqliteFile: live }, missing)).rejects.toThrow(`backup file not found: ${missing}`);
    expect(fs.readFileSync(live).equals(liveBytes)).toBe(true);
  });
});
