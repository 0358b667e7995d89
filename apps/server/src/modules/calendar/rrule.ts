/**
 * The RRULE subset Lianxin stores and expands itself (RFC 5545 §3.3.10): FREQ=DAILY, WEEKLY or
 * MONTHLY; INTERVAL; BYDAY (weekdays for WEEKLY, "2SA" / "-1FR" for MONTHLY); BYMONTHDAY for
 * MONTHLY; COUNT or UNTIL. Times are wall-clock Asia/Shanghai, which has been UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact.
 */

export const TZID = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ByDay {
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** For MONTHLY: 1..5 from the start of the month, -1..-5 from its end. */
  nth?: number;
}

export interface Rrule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  byDay?: ByDay[];
  byMonthDay?: number;
  count?: number;
  /** UTC */
  until?: Date;
}

export class RruleError extends Error {}

function stampToDate(m: RegExpExecArray): Date {
  const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]));
}

/** Parses and validates the subset; throws RruleError with the offending part. */
export function parseRrule(text: string): Rrule {
  const parts = new Map<string, string>();
  for (const p of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    const [k, v] = p.split('=');
    if (!k || v === undefined || parts.has(k.toUpperCase())) throw new RruleError(`bad part "${p}"`);
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RruleError('FREQ must be DAILY, WEEKLY or MONTHLY');
  const rule: Rrule = { freq, interval: 1 };
  for (const [k, v] of parts) {
    switch (k) {
      case 'FREQ':
        break;
      case 'INTERVAL':
        if (!/^\d{1,3}$/.test(v) || Number(v) < 1) throw new RruleError('INTERVAL must be 1–999');
        rule.interval = Number(v);
        break;
      case 'COUNT':
        if (!/^\d{1,4}$/.test(v) || Number(v) < 1) throw new RruleError('COUNT must be 1–9999');
        rule.count = Number(v);
        break;
      case 'UNTIL': {
        const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
        if (!m) throw new RruleError('UNTIL must be a UTC date-time like 20271231T160000Z');
        rule.until = stampToDate(m);
        break;
      }
      case 'BYDAY':
        rule.byDay = v.split(',').map((d) => {
          const m = /^([+-]?[1-5])?(SU|MO|TU|WE|TH|FR|SA)$/.exec(d);
          if (!m) throw new RruleError(`bad BYDAY "${d}"`);
          const bd: ByDay = { weekday: WEEKDAYS.indexOf(m[2] as Weekday) };
          if (m[1]) bd.nth = Number(m[1]);
          return bd;
        });
        break;
      case 'BYMONTHDAY':
        if (!/^\d{1,2}$/.test(v) || Number(v) < 1 || Number(v) > 31) throw new RruleError('BYMONTHDAY must be 1–31');
        rule.byMonthDay = Number(v);
        break;
      default:
        throw new RruleError(`${k} is not supported`);
    }
  }
  if (rule.count !== undefined && rule.until) throw new RruleError('COUNT and UNTIL cannot both be given');
  if (rule.byDay?.some((d) => d.nth !== undefined) && rule.freq !== 'MONTHLY')
    throw new RruleError('numbered BYDAY needs FREQ=MONTHLY');
  if (rule.freq === 'MONTHLY' && rule.byDay && rule.byDay.length !== 1) throw new RruleError('MONTHLY takes one BYDAY');
  if (rule.freq === 'MONTHLY' && rule.byDay?.[0] && rule.byDay[0].nth === undefined)
    throw new RruleError('MONTHLY BYDAY needs a number, e.g. 2SA');
  if (rule.byMonthDay !== undefined && rule.freq !== 'MONTHLY') throw new RruleError('BYMONTHDAY needs FREQ=MONTHLY');
  if (rule.byMonthDay !== undefined && rule.byDay) throw new RruleError('use BYDAY or BYMONTHDAY, not both');
  if (rule.freq === 'DAILY' && rule.byDay) throw new RruleError('DAILY takes no BYDAY');
  return rule;
}

/** Writes the rule back in a canonical order (what feeds publish). */
export function formatRrule(r: Rrule): string {
  const out = [`FREQ=${r.freq}`];
  if (r.interval !== 1) out.push(`INTERVAL=${r.interval}`);
  if (r.byDay) out.push(`BYDAY=${r.byDay.map((d) => `${d.nth ?? ''}${WEEKDAYS[d.weekday]}`).join(',')}`);
  if (r.byMonthDay !== undefined) out.push(`BYMONTHDAY=${r.byMonthDay}`);
  if (r.count !== undefined) out.push(`COUNT=${r.count}`);
  if (r.until) out.push(`UNTIL=${utcStamp(r.until)}`);
  return out.join(';');
}

/** A Date whose UTC fields read as Shanghai wall-clock time. */
export function toLocal(utc: Date): Date {
  return new Date(utc.getTime() + OFFSET_MS);
}
export function fromLocal(local: Date): Date {
  return new Date(local.getTime() - OFFSET_MS);
}

/** 20261127T113000Z */
export function utcStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
/** 20261127T193000 (wall clock in Asia/Shanghai) */
export function localStamp(utc: Date): string {
  return utcStamp(toLocal(utc)).slice(0, 15);
}
/** The stable key of an occurrence: its original start as a UTC stamp. */
export const occKeyOf = utcStamp;
export function parseOccKey(key: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key);
  if (!m) return null;
  const d = stampToDate(m);
  return Number.isNaN(d.getTime()) || occKeyOf(d) !== key ? null : d;
}
/** YYYY-MM-DD of the Shanghai day. */
export function localDay(utc: Date): string {
  return toLocal(utc).toISOString().slice(0, 10);
}

function atTime(localDayStart: number, timeOfDayMs: number): number {
  return localDayStart + timeOfDayMs;
}

function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): number | null {
  const daysIn = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    const day = 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;
    return day <= daysIn ? day : null;
  }
  const last = new Date(Date.UTC(year, month, daysIn)).getUTCDay();
  const day = daysIn - ((last - weekday + 7) % 7) + (nth + 1) * 7;
  return day >= 1 ? day : null;
}

/**
 * Occurrence starts (UTC) of the series starting at `start`, in [from, to). Candidates before
 * `start` are skipped and do not count toward COUNT (start is the first instance).
 */
export function expand(start: Date, rule: Rrule | null, from: Date, to: Date, limit = 2000): Date[] {
  if (!rule) return start >= from && start < to ? [start] : [];
  const out: Date[] = [];
  const local = toLocal(start);
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const tod = local.getTime() - dayStart;
  let produced = 0;
  const emit = (localMs: number): 'stop' | undefined => {
    if (localMs < local.getTime()) return;
    const utc = new Date(localMs - OFFSET_MS);
    if (rule.until && utc > rule.until) return 'stop';
    if (rule.count !== undefined && produced >= rule.count) return 'stop';
    produced++;
    if (utc >= to) return 'stop';
    if (utc >= from) out.push(utc);
    if (out.length >= limit) return 'stop';
  };
  // Walk period by period from the start: COUNT is counted from the first instance.
  for (let k = 0; k < 100_000; k++) {
    const candidates: number[] = [];
    if (rule.freq === 'DAILY') {
      candidates.push(atTime(dayStart + k * rule.interval * DAY_MS, tod));
    } else if (rule.freq === 'WEEKLY') {
      const dow = new Date(dayStart).getUTCDay();
      const monday = dayStart - ((dow + 6) % 7) * DAY_MS + k * rule.interval * 7 * DAY_MS;
      const days = (rule.byDay ?? [{ weekday: dow }]).map((d) => (d.weekday + 6) % 7).sort((a, b) => a - b);
      for (const d of days) candidates.push(atTime(monday + d * DAY_MS, tod));
    } else {
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth() + k * rule.interval;
      const year = y + Math.floor(m / 12);
      const month = m % 12;
      const bd = rule.byDay?.[0];
      const day = bd ? nthWeekdayOfMonth(year, month, bd.weekday, bd.nth ?? 1) : (rule.byMonthDay ?? local.getUTCDate());
      const daysIn = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      if (day !== null && day <= daysIn) candidates.push(atTime(Date.UTC(year, month, day), tod));
    }
    for (const c of candidates) if (emit(c) === 'stop') return out;
    // Nothing can fall in the window any more once a whole period starts after `to`.
    if (candidates.length && candidates[0] !== undefined && candidates[0] - OFFSET_MS >= to.getTime() + 40 * DAY_MS) return out;
  }
  return out;
}

/** The first instance of the rule at or after `start` (a start out of step with the rule snaps to it). */
export function firstOccurrence(start: Date, rule: Rrule | null): Date | null {
  if (!rule) return start;
  const horizon = new Date(start.getTime() + 400 * DAY_MS);
  // COUNT is applied from the snapped start, so expand without it here.
  const found = expand(start, { ...rule, count: undefined }, start, horizon, 1);
  return found[0] ?? null;
}
