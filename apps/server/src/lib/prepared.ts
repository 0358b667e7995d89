import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { DB } from '../db/schema';

/** What a prepared query may be built from: a Kysely query builder, or a raw `sql` template. */
type Buildable<R> = { compile(): CompiledQuery<R> } | { compile(executorProvider: Kysely<DB>): CompiledQuery<R> };

const MARK = '\u0000lx-param:';

/** A statement compiled once; `run` executes it with new values (a value not given is null). */
export interface Prepared<K extends string, R> {
  run(on: Kysely<DB>, params: Partial<Record<K, unknown>>): Promise<QueryResult<R>>;
}

/** The placeholder function a prepared query's builder receives; K names its parameters. */
export type Param<K extends string> = (name: K) => never;

/**
 * A hot statement built and compiled by Kysely once, then run many times with new parameters.
 * Building and compiling a query costs Kysely tens of microseconds, more than SQLite needs to run
 * most of our statements, and it happens on every request; the statements every request runs
 * (the session lookup, placing an order, the audit append) use this instead.
 *
 * `build` receives `p(name)`, a placeholder to use wherever a parameter goes (a whole value:
 * `where('id', '=', p('id'))`, `values({ id: p('id') })`, or `${p('id')}` in a `sql` template).
 * The query's shape must not depend on the values. Runs on the database it was built for or on
 * any transaction of it (same dialect).
 *
 *   const byId = prepared(db, (p: Param<'id'>) => db.selectFrom('orders').selectAll().where('id', '=', p('id')));
 *   const { rows } = await byId.run(trx, { id });
 */
export function prepared<K extends string, R>(db: Kysely<DB>, build: (p: Param<K>) => Buildable<R>): Prepared<K, R> {
  let compiled: CompiledQuery<R> | undefined;
  let slots: Array<K | undefined> = [];
  const compile = () => {
    const q = build((name) => `${MARK}${name}` as never) as { compile(db?: Kysely<DB>): CompiledQuery<R> };
    const c = q.compile(db);
    slots = c.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? (v.slice(MARK.length) as K) : undefined));
    if (c.sql.includes(MARK)) throw new Error('prepared: a placeholder ended up inside the SQL text');
    compiled = c;
    return c;
  };
  return {
    /** Runs the statement with these values on `on` (the database or one of its transactions). */
    run(on, params) {
      const c = compiled ?? compile();
      const parameters = c.parameters.map((v, i) => {
        const name = slots[i];
        return name === undefined ? v : (params[name as K] ?? null);
      });
      return on.executeQuery<R>({ ...c, parameters });
    },
  };
}

/**
 * A prepared single-row insert of these columns; a column missing from the row given to `run`
 * is stored as null.
 */
export function preparedInsert<C extends string>(db: Kysely<DB>, table: keyof DB & string, columns: readonly C[]) {
  return prepared(db, (p: Param<C>) => db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, p(c)])) as never));
}

/** Rows a prepared insert/update/delete changed (both drivers report numAffectedRows). */
export function affected(r: QueryResult<unknown>): number {
  return Number(r.numAffectedRows ?? 0);
}
