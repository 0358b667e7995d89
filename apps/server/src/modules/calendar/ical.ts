import { localStamp, TZID, utcStamp } from './rrule';

/**
 * An iCalendar (RFC 5545) writer for event feeds: CRLF line ends, lines folded at 75 octets
 * without splitting a UTF-8 character, TEXT values escaped, times in Asia/Shanghai with a
 * VTIMEZONE. A recurring event is one VEVENT with RRULE and EXDATE for cancelled occurrences;
 * an occurrence changed on its own is a second VEVENT with the same UID and a RECURRENCE-ID.
 */

export interface FeedOverride {
  /** Original start (UTC) of the occurrence it replaces. */
  recurrenceId: Date;
  start: Date;
  end: Date;
  summary: string;
  location: string;
}

export interface FeedEvent {
  uid: string;
  sequence: number;
  updatedAt: Date;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  rrule: string | null;
  /** Original starts (UTC) of cancelled occurrences. */
  exdates: Date[];
  overrides: FeedOverride[];
  cancelled: boolean;
  url?: string;
}

/** Escapes a TEXT value (§3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds one content line at 75 octets (§3.1), never inside a multi-byte character. */
export function foldLine(line: string): string {
  const enc = new TextEncoder();
  if (enc.encode(line).length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let curBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const b = enc.encode(ch).length;
    if (curBytes + b > limit) {
      out.push(cur);
      cur = '';
      curBytes = 0;
      limit = 74; // continuation lines start with one space
    }
    cur += ch;
    curBytes += b;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  'BEGIN:STANDARD',
  'DTSTART:19910915T020000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function tz(prop: string, d: Date): string {
  return `${prop};TZID=${TZID}:${localStamp(d)}`;
}

function vevent(e: FeedEvent, stamp: string, o?: FeedOverride): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
    `SEQUENCE:${e.sequence}`,
  ];
  if (o) {
    lines.push(tz('RECURRENCE-ID', o.recurrenceId), tz('DTSTART', o.start), tz('DTEND', o.end));
    lines.push(`SUMMARY:${escapeText(o.summary)}`, `LOCATION:${escapeText(o.location)}`);
  } else {
    lines.push(tz('DTSTART', e.start), tz('DTEND', e.end));
    if (e.rrule) lines.push(`RRULE:${e.rrule}`);
    if (e.rrule && e.exdates.length) lines.push(`EXDATE;TZID=${TZID}:${e.exdates.map(localStamp).join(',')}`);
    lines.push(`SUMMARY:${escapeText(e.summary)}`, `LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  }
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
  return lines;
}

/** A whole VCALENDAR as text with CRLF line ends. */
export function buildCalendar(name: string, events: FeedEvent[], now = new Date()): string {
  const stamp = utcStamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lianxin//连心桥 events//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${TZID}`,
    ...VTIMEZONE,
  ];
  for (const e of events) {
    lines.push(...vevent(e, stamp));
    if (e.rrule) for (const o of e.overrides) lines.push(...vevent(e, stamp, o));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
