import { randomFillSync } from 'node:crypto';

// Random bytes drawn in blocks: one randomBytes call per id cost more than the rest of newId.
const pool = Buffer.alloc(4096);
let used = pool.length;

function random8(): Buffer {
  if (used + 8 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 8;
  return pool.subarray(used - 8, used);
}

/** Time-ordered, URL-safe ids: 9 chars of milliseconds in base 36, then 11 random chars. */
export function newId(): string {
  const t = Date.now().toString(36).padStart(9, '0');
  const r = random8().toString('base64url').replace(/[-_]/g, 'x');
  return `${t}${r}`;
}

/** ISO-8601 UTC text, the one time format stored in the database. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
