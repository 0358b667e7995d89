import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Where the data lives, for the startup log: a file path or a host/database (no password). */
  where: string;
  /** The PostgreSQL URL, when on PostgreSQL (for pg_dump / pg_restore). */
  url?: string;
  /** The better-sqlite3 handle, when on SQLite (for its online backup). */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

// int8 (count(*), sums) as JS numbers: every count we keep fits in 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  databaseUrl?: string;
  sqliteFile?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/** Opens SQLite (a file, WAL) or PostgreSQL when a URL is given. */
export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client whose server connection dies (restart, failover, admin shutdown) emits
    // 'error'; unhandled, that would crash the process. The pool replaces the client by itself.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(opts.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      where: `${u.hostname}:${u.port || 5432}${u.pathname}`,
      url: opts.databaseUrl,
      close: () => db.destroy(),
    };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const checkpointer = file === ':memory:' ? null : startCheckpointer(raw, file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return {
    db,
    dialect: 'sqlite',
    where: file,
    sqlite: raw,
    async close() {
      await checkpointer?.terminate();
      await db.destroy();
    },
  };
}

/** Pages the WAL may hold before a commit checkpoints it itself (the worker normally does it first). */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
const CHECKPOINT_EVERY_MS = 250;

/**
 * Copies the WAL back into the database file from a worker thread with its own connection, so
 * commits on the request thread no longer pay for checkpoints (page writes and two fsyncs, about
 * a third of a commit's cost). PASSIVE never blocks readers or writers; committed data and its
 * durability are the same. If the worker ever falls behind, the connection still checkpoints by
 * itself once the WAL reaches WAL_AUTOCHECKPOINT_PAGES.
 */
function startCheckpointer(raw: SQLite.Database, file: string): Worker {
  raw.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const db = new (require(workerData.sqliteModule))(workerData.file);
     db.pragma('busy_timeout = 1000');
     setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.every);`,
    { eval: true, workerData: { file, sqliteModule, every: CHECKPOINT_EVERY_MS } },
  );
  worker.unref();
  worker.on('error', () => {}); // the connection's own autocheckpoint remains
  return worker;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running most of
 * our queries. This keeps prepared statements by SQL text (LRU). Safe because Kysely runs one
 * query at a time on the connection, and SQLite re-prepares a statement after a schema change.
 */
function withStatementCache(raw: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source); // move to the most recent end
    } else {
      stmt = bindingBooleans(raw.prepare(source));
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  };
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** better-sqlite3 binds no booleans; SQLite's own booleans are the integers 1 and 0. */
function sqliteParams(params: unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') return params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  }
  return params;
}

/**
 * The statement with booleans bound as 1/0, the way PostgreSQL's driver binds true/false, so a
 * query that passes a boolean value (a `where` on a flag, `eb.val(false)` for "no rows") runs the
 * same on both databases instead of throwing on SQLite only. Wraps the three methods Kysely's
 * driver calls.
 */
function bindingBooleans(stmt: SQLite.Statement): SQLite.Statement {
  const all = stmt.all.bind(stmt);
  const run = stmt.run.bind(stmt);
  const iterate = stmt.iterate.bind(stmt);
  return Object.create(stmt, {
    reader: { value: stmt.reader },
    all: { value: (params: unknown[]) => all(sqliteParams(params)) },
    run: { value: (params: unknown[]) => run(sqliteParams(params)) },
    iterate: { value: (params: unknown[]) => iterate(sqliteParams(params)) },
  }) as SQLite.Statement;
}

/** True when the database answers a trivial query. */
export async function ping(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
