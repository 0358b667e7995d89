import SQLite from 'better-sqlite3';
import pg from 'pg';

/** A column of a bulk insert and its PostgreSQL array type. */
export type BulkColumn = [name: string, type: 'text' | 'int'];

/**
 * Fast multi-row inserts for the scale generator: on SQLite one prepared multi-row statement
 * reused for every full chunk, one transaction per batch; on PostgreSQL one
 * `INSERT … SELECT * FROM unnest($1::text[], …)` per batch (one round trip, any number of rows,
 * without the 65,535-parameter limit of a VALUES list).
 */
export interface BulkWriter {
  insert(table: string, columns: BulkColumn[], rows: unknown[][]): Promise<void>;
  /**
   * Drops the tables' secondary indexes (not primary keys or unique constraints) for the load and
   * returns a function that creates them again from their own stored definitions: building an
   * index once over millions of rows is far cheaper than maintaining it row by row.
   */
  suspendIndexes(tables: string[]): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function sqliteBulkWriter(file: string): BulkWriter {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('cache_size = -200000');
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (table: string, columns: BulkColumn[], n: number) => {
    const key = `${table}|${n}`;
    let st = statements.get(key);
    if (!st) {
      const one = `(${columns.map(() => '?').join(',')})`;
      st = raw.prepare(`insert into ${table} (${columns.map((c) => c[0]).join(',')}) values ${Array(n).fill(one).join(',')}`);
      statements.set(key, st);
    }
    return st;
  };
  return {
    async insert(table, columns, rows) {
      // SQLite allows 32,766 bound parameters per statement.
      const per = Math.max(1, Math.floor(30_000 / columns.length));
      raw.transaction(() => {
        for (let i = 0; i < rows.length; i += per) {
          const part = rows.slice(i, i + per);
          prepared(table, columns, part.length).run(part.flat() as unknown[]);
        }
      })();
    },
    async suspendIndexes(tables) {
      const defs = raw
        .prepare(
          `select name, sql from sqlite_master where type = 'index' and sql is not null and sql not like 'CREATE UNIQUE%' and tbl_name in (${tables.map(() => '?').join(',')})`,
        )
        .all(...tables) as Array<{ name: string; sql: string }>;
      for (const d of defs) raw.exec(`drop index "${d.name}"`);
      return async () => {
        for (const d of defs) raw.exec(d.sql);
        raw.exec('analyze');
      };
    },
    async close() {
      raw.close();
    },
  };
}

export function pgBulkWriter(url: string): BulkWriter {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async insert(table, columns, rows) {
      if (!rows.length) return;
      const arrays = columns.map((_, j) => rows.map((r) => r[j] ?? null));
      const q = `insert into ${table} (${columns.map((c) => c[0]).join(',')}) select * from unnest(${columns
        .map((c, j) => `$${j + 1}::${c[1] === 'int' ? 'bigint' : 'text'}[]`)
        .join(',')})`;
      await pool.query(q, arrays);
    },
    async suspendIndexes(tables) {
      const r = await pool.query<{ indexname: string; indexdef: string }>(
        `select i.indexname, i.indexdef from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
          and i.indexdef not like 'CREATE UNIQUE%'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
        [tables],
      );
      for (const d of r.rows) await pool.query(`drop index "${d.indexname}"`);
      return async () => {
        for (const d of r.rows) await pool.query(d.indexdef);
        await pool.query(`analyze ${tables.join(', ')}`);
      };
    },
    async close() {
      await pool.end();
    },
  };
}
