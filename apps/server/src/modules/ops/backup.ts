import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Database } from '../../db/database';

const run = promisify(execFile);

/**
 * Backs up the live database to `file`: SQLite's online backup API (consistent while the app
 * keeps writing), or pg_dump's custom format for PostgreSQL.
 */
export async function backupDatabase(database: Database, file: string): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (database.dialect === 'sqlite') {
    if (!database.sqlite) throw new Error('no SQLite handle');
    await database.sqlite.backup(file);
  } else {
    if (!database.url) throw new Error('no PostgreSQL URL');
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${file}`, database.url], { maxBuffer: 1 << 26 });
  }
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Restores a backup made by backupDatabase. SQLite: checks the backup's integrity, then replaces
 * the database file (the server must be stopped). PostgreSQL: pg_restore --clean into the target.
 */
export async function restoreDatabase(target: { sqliteFile?: string; url?: string }, file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`backup file not found: ${file}`);
  if (target.url) {
    await run(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--no-acl', '--single-transaction', `--dbname=${target.url}`, file],
      {
        maxBuffer: 1 << 26,
      },
    );
    return;
  }
  if (!target.sqliteFile) throw new Error('no restore target');
  const check = new SQLite(file, { readonly: true });
  try {
    const r = check.pragma('integrity_check', { simple: true });
    if (r !== 'ok') throw new Error(`backup failed its integrity check: ${String(r)}`);
  } finally {
    check.close();
  }
  fs.mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
  const tmp = `${target.sqliteFile}.restoring`;
  fs.copyFileSync(file, tmp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${target.sqliteFile}${suffix}`, { force: true });
  fs.renameSync(tmp, target.sqliteFile); // atomic on one file system
}

/** Every user table with its rows in a stable order: the test compares two databases with it. */
export async function dumpTables(database: Database): Promise<Record<string, unknown[]>> {
  const names =
    database.dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
            database.db,
          )
        ).rows
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
            database.db,
          )
        ).rows;
  const out: Record<string, unknown[]> = {};
  for (const { name } of names.sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(database.db)).rows;
    out[name] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  }
  return out;
}

/** SQLite: PRAGMA integrity_check; PostgreSQL: every foreign key and unique constraint still holds (validated). */
export async function integrityCheck(database: Database): Promise<string[]> {
  if (database.dialect === 'sqlite') {
    const r = database.sqlite?.pragma('integrity_check', { simple: true });
    const fk = database.sqlite?.pragma('foreign_key_check') as unknown[];
    const problems: string[] = [];
    if (r !== 'ok') problems.push(String(r));
    if (fk?.length) problems.push(`${fk.length} foreign key violations`);
    return problems;
  }
  const bad = await sql<{ conname: string }>`select conname from pg_constraint where convalidated = false`.execute(database.db);
  return bad.rows.map((r) => `constraint not validated: ${r.conname}`);
}
