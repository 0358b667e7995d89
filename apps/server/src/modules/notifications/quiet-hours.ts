/** Quiet hours and digest times are in Beijing time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600 * 1000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Minutes since Beijing midnight of an instant. */
function beijingMinutes(at: Date): number {
  const local = new Date(at.getTime() + OFFSET_MS);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** The next instant after `at` when the Beijing clock shows `hhmm`. */
export function nextBeijingTime(at: Date, hhmm: string): Date {
  const local = new Date(at.getTime() + OFFSET_MS);
  const target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + minutesOf(hhmm) * 60_000 - OFFSET_MS;
  return new Date(target > at.getTime() ? target : target + 24 * 3600 * 1000);
}

/** True when `at` falls in the quiet window [start, end), which may wrap past midnight (22:00–07:00). */
export function inQuietHours(at: Date, start: string | null, end: string | null): boolean {
  if (!start || !end || start === end) return false;
  const now = beijingMinutes(at);
  const s = minutesOf(start);
  const e = minutesOf(end);
  return s < e ? now >= s && now < e : now >= s || now < e;
}

/** When a message raised at `at` may go out: now, or when the quiet hours end. */
export function deliverAt(at: Date, start: string | null, end: string | null): Date {
  return end && inQuietHours(at, start, end) ? nextBeijingTime(at, end) : at;
}

/** The daily digest goes out at 18:00 Beijing time. */
export const DIGEST_TIME = '18:00';
