import { ERRORS, type ErrorCode } from '@lianxin/shared';

/** The one error type: a stable code (status and messages come from the shared table). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ErrorCode, details?: unknown, internalMessage?: string) {
    super(internalMessage ?? code);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

/** 404 for anything outside the caller's reach: never reveal that it exists. */
export function notFound(what?: string): AppError {
  return new AppError('NOT_FOUND', what ? { resource: what } : undefined);
}

/** A validation error on one field, in the same shape as schema failures. */
export function fieldError(field: string, reason: string): AppError {
  return new AppError('VALIDATION_FAILED', { fields: [{ path: field, reason }] });
}
