import { z } from 'zod';
import { PHONE_RE } from './privacy';

/** Shared field schemas: the React forms, the Fastify routes and the responses use these. */
export const phoneSchema = z.string().trim().regex(PHONE_RE, { message: 'phone' });
export const passwordSchema = z.string().min(8).max(128);
export const idSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/);
/** An area in m² with at most two decimals, as a string: "89.50". */
export const areaSchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, { message: 'area' });
/**
 * The version of a record a form was filled in against (ADR 0002). Optional for API clients
 * (without it the edit applies to whatever is current); the web always sends it, and a stale
 * one is refused with 409 EDIT_CONFLICT instead of overwriting someone else's change.
 */
export const expectedVersionSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .optional()
  .describe('The record version the edit was made against; 409 EDIT_CONFLICT when it is no longer current');
export const langSchema = z.enum(['zh-CN', 'en']);

/** Converts "89.5" to 8950 hundredths, exactly. */
export function areaToHundredths(area: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(area.trim());
  if (!m) throw new Error(`malformed area: ${area}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function hundredthsToArea(h: number): string {
  const whole = Math.floor(h / 100);
  const frac = h % 100;
  return `${whole}.${String(frac).padStart(2, '0')}`;
}
