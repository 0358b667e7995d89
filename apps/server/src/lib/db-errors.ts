/** Which integrity rule of the database a write broke, on either dialect; null when none. */
export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

const PG: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23P01': 'unique', // exclusion constraint: two rows that may not coexist
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

const SQLITE: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_TRIGGER: 'check',
  SQLITE_CONSTRAINT: 'check',
};

/**
 * Classifies a driver error (pg's SQLSTATE, better-sqlite3's extended code) as a constraint
 * violation. The error handler turns any of them into a 409, so a race that a route's pre-check
 * cannot close (two identical items at the same moment) is a conflict, never a 500.
 */
export function constraintKind(err: unknown): ConstraintKind | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e.code !== 'string') return null;
  if (e.code === 'SQLITE_CONSTRAINT' && typeof e.message === 'string' && e.message.startsWith('UNIQUE constraint failed'))
    return 'unique';
  return PG[e.code] ?? SQLITE[e.code] ?? null;
}

/**
 * A PostgreSQL serialization failure or deadlock: the transaction lost a race and may be retried.
 */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** PostgreSQL's "data exception" class: a value the column cannot hold (too long, out of range). */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && code.startsWith('22') && /^[0-9A-Z]{5}$/.test(code);
}
