import { randomBytes } from 'node:crypto';

/** Time-ordered, URL-safe ids: 9 chars of milliseconds in base 36, then 12 random chars. */
export function newId(): string {
  const t = Date.now().toString(36).padStart(9, '0');
  const r = randomBytes(8).toString('base64url').slice(0, 12).replace(/[-_]/g, 'x');
  return `${t}${r}`;
}

/** ISO-8601 UTC text, the one time format stored in the database. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
