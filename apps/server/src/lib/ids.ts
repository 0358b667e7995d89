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

let lastMs = 0;
let seq = 0;

/**
 * Time-ordered, URL-safe ids: 9 chars of milliseconds in base 36, 3 chars of a per-millisecond
 * sequence, then 8 random chars. Ids made by one process sort in the order they were made, even
 * within one millisecond or when the clock steps back, so "order by time, then id" is the order
 * things happened; the random part keeps ids from several instances apart.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq >= 36 ** 3) {
    lastMs += 1; // 46,656 ids in one millisecond: borrow the next one
    seq = 0;
  }
  const t = lastMs.toString(36).padStart(9, '0');
  const r = random8().toString('base64url').slice(0, 8).replace(/[-_]/g, 'x');
  return `${t}${seq.toString(36).padStart(3, '0')}${r}`;
}

/** ISO-8601 UTC text, the one time format stored in the database. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
