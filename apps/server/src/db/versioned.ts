import { AppError, notFound } from '../lib/errors';

/**
 * Optimistic concurrency for records edited through a form (ADR 0002). A versioned row carries
 * `version`, raised by one on every write of its form fields by a conditional UPDATE
 * (`… set version = version + 1 where id = ? and version = ?`), so of two saves made against the
 * same version exactly one changes the row.
 */
export interface Versioned {
  version: number;
}

/** 409 EDIT_CONFLICT naming the version now current, so the client can load it. */
export function editConflict(current: Versioned): AppError {
  return new AppError('EDIT_CONFLICT', { currentVersion: current.version });
}

/** Refuses an edit made against a version that is no longer current (no expectation: any). */
export function checkVersion(current: Versioned, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) throw editConflict(current);
}

/**
 * Why a conditional UPDATE changed no row, read again after it: 404 when the record is gone (or
 * archived), 409 EDIT_CONFLICT when someone else's write moved its version on; otherwise null
 * (another condition of the UPDATE refused it, which the caller knows how to say).
 */
export function refusal(now: Versioned | undefined, expected: number, what: string): AppError | null {
  if (!now) return notFound(what);
  if (now.version !== expected) return editConflict(now);
  return null;
}
