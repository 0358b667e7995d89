import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoryOf, DEFAULT_CHANNELS } from './matrix';
import { DIGEST_TIME, deliverAt, inQuietHours, nextBeijingTime } from './quiet-hours';

// The notification matrix of docs/notifications.md in code (matrix.ts) and quiet hours in Beijing
// time (quiet-hours.ts), each at its exact edges. Every instant is a literal: no test reads the
// machine's clock. 2026-12-06T16:00Z is midnight in Beijing: the UTC date is still the 6th while
// the Beijing date is the 7th.

/** An instant given as Beijing wall time (UTC+8). */
const bj = (local: string) => new Date(`${local}+08:00`);

describe('the notification matrix', () => {
  it('puts every kind in the category of its prefix, and an unknown prefix in "other"', () => {
    const kinds = [
      'order.taken',
      'order.escalated',
      'order',
      'pairing.due',
      'council.issue.stale',
      'vote.opened',
      'event.reminder',
      'health.results',
      'station.reminder',
      'project.milestone',
      'poll.opened',
      'orders.taken',
      'live',
      '',
      '.order',
      'test',
    ];
    expect(kinds.map((k) => [k, categoryOf(k)])).toEqual([
      ['order.taken', 'orders'],
      ['order.escalated', 'orders'],
      ['order', 'orders'],
      ['pairing.due', 'pairing'],
      ['council.issue.stale', 'council'],
      ['vote.opened', 'votes'],
      ['event.reminder', 'events'],
      ['health.results', 'health'],
      ['station.reminder', 'stations'],
      ['project.milestone', 'projects'],
      ['poll.opened', 'polls'],
      ['orders.taken', 'other'],
      ['live', 'other'],
      ['', 'other'],
      ['.order', 'other'],
      ['test', 'other'],
    ]);
  });

  it('defaults to the table of docs/notifications.md: SMS for orders, pairing and polls; never WeChat', () => {
    expect(DEFAULT_CHANNELS).toEqual({
      orders: ['push', 'sms', 'email'],
      pairing: ['push', 'sms', 'email'],
      council: ['push', 'email'],
      votes: ['push', 'email'],
      events: ['push', 'email'],
      health: ['push', 'email'],
      stations: ['push', 'email'],
      projects: ['push', 'email'],
      polls: ['push', 'sms', 'email'],
      other: ['push', 'email'],
    });
    expect(Object.keys(DEFAULT_CHANNELS).sort()).toEqual([...CATEGORIES].sort());
  });
});

describe('quiet hours (Beijing time, UTC+8)', () => {
  it('holds 22:00–07:00 from the first minute up to, not including, 07:00, across Beijing midnight', () => {
    const q = (local: string) => inQuietHours(bj(local), '22:00', '07:00');
    expect(
      [
        '2026-12-06T21:59:59.999',
        '2026-12-06T22:00',
        '2026-12-06T23:59',
        '2026-12-07T00:00',
        '2026-12-07T06:59:59.999',
        '2026-12-07T07:00',
      ].map(q),
    ).toEqual([false, true, true, true, true, false]);
    // 00:30 in Beijing is 16:30 UTC of the day before: quiet, although 16:30 is not in 22:00–07:00
    expect(inQuietHours(new Date('2026-12-06T16:30:00Z'), '22:00', '07:00')).toBe(true);
    // 14:00 UTC is 22:00 in Beijing; 23:00 UTC is 07:00 in Beijing
    expect(inQuietHours(new Date('2026-12-06T13:59:00Z'), '22:00', '07:00')).toBe(false);
    expect(inQuietHours(new Date('2026-12-06T14:00:00Z'), '22:00', '07:00')).toBe(true);
    expect(inQuietHours(new Date('2026-12-06T22:59:00Z'), '22:00', '07:00')).toBe(true);
    expect(inQuietHours(new Date('2026-12-06T23:00:00Z'), '22:00', '07:00')).toBe(false);
  });

  it('holds a window within one day [start, end) and one with minutes (22:30–06:45)', () => {
    const day = (local: string) => inQuietHours(bj(local), '12:00', '13:00');
    expect(['2026-12-07T11:59', '2026-12-07T12:00', '2026-12-07T12:59', '2026-12-07T13:00', '2026-12-07T00:00'].map(day)).toEqual(
      [false, true, true, false, false],
    );
    const odd = (local: string) => inQuietHours(bj(local), '22:30', '06:45');
    expect(['2026-12-06T22:29', '2026-12-06T22:30', '2026-12-07T06:44', '2026-12-07T06:45', '2026-12-07T12:00'].map(odd)).toEqual(
      [false, true, true, false, false],
    );
    // a window that ends at midnight, and one that starts at it
    expect(inQuietHours(bj('2026-12-06T23:59'), '20:00', '00:00')).toBe(true);
    expect(inQuietHours(bj('2026-12-07T00:00'), '20:00', '00:00')).toBe(false);
    expect(inQuietHours(bj('2026-12-07T00:00'), '00:00', '08:00')).toBe(true);
    expect(inQuietHours(bj('2026-12-07T08:00'), '00:00', '08:00')).toBe(false);
  });

  it('has no quiet hours without a start, without an end, or with start equal to end', () => {
    const late = bj('2026-12-06T23:00');
    expect(inQuietHours(late, null, '07:00')).toBe(false);
    expect(inQuietHours(late, '22:00', null)).toBe(false);
    expect(inQuietHours(late, null, null)).toBe(false);
    expect(inQuietHours(late, '23:00', '23:00')).toBe(false);
    expect(inQuietHours(late, '', '07:00')).toBe(false);
    expect(deliverAt(late, '22:00', null)).toEqual(late);
    expect(deliverAt(late, null, '07:00')).toEqual(late);
    expect(deliverAt(late, '23:00', '23:00')).toEqual(late);
  });

  it('holds a message until the exact end of the quiet hours, on the right Beijing day', () => {
    const at = (utc: string, start = '22:00', end = '07:00') => deliverAt(new Date(utc), start, end).toISOString();
    // 21:59 Beijing: out at once; 22:00 Beijing (14:00 UTC, still the 6th in both): at 07:00 on the 7th
    expect(at('2026-12-06T13:59:00.000Z')).toBe('2026-12-06T13:59:00.000Z');
    expect(at('2026-12-06T14:00:00.000Z')).toBe('2026-12-06T23:00:00.000Z');
    // 00:30 Beijing on the 7th (16:30 UTC on the 6th) and 06:59:59.999: 07:00 Beijing on the 7th
    expect(at('2026-12-06T16:30:00.000Z')).toBe('2026-12-06T23:00:00.000Z');
    expect(at('2026-12-06T22:59:59.999Z')).toBe('2026-12-06T23:00:00.000Z');
    // 07:00 Beijing itself: out at once
    expect(at('2026-12-06T23:00:00.000Z')).toBe('2026-12-06T23:00:00.000Z');
    // a window with minutes: 06:44 Beijing waits one minute
    expect(at('2026-12-06T22:44:00.000Z', '22:30', '06:45')).toBe('2026-12-06T22:45:00.000Z');
    // a window within the day: 12:30 Beijing waits until 13:00 the same day
    expect(at('2026-12-07T04:30:00.000Z', '12:00', '13:00')).toBe('2026-12-07T05:00:00.000Z');
    // a window ending at Beijing midnight, which is 16:00 UTC of the day before
    expect(at('2026-12-06T15:00:00.000Z', '20:00', '00:00')).toBe('2026-12-06T16:00:00.000Z');
  });

  it('finds the next Beijing 18:00 for the digest: later today, else tomorrow, never the instant itself', () => {
    expect(DIGEST_TIME).toBe('18:00');
    const next = (utc: string, hhmm = DIGEST_TIME) => nextBeijingTime(new Date(utc), hhmm).toISOString();
    expect(next('2026-12-06T09:59:59.999Z')).toBe('2026-12-06T10:00:00.000Z');
    expect(next('2026-12-06T10:00:00.000Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(next('2026-12-06T10:00:00.001Z')).toBe('2026-12-07T10:00:00.000Z');
    // 00:30 and 07:59 Beijing on the 7th: 18:00 of the 7th, not of the UTC date (the 6th)
    expect(next('2026-12-06T16:30:00.000Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(next('2026-12-06T23:59:00.000Z')).toBe('2026-12-07T10:00:00.000Z');
    // 08:00 Beijing: 01:30 and 23:45 Beijing come next
    expect(next('2026-12-07T00:00:00.000Z', '01:30')).toBe('2026-12-07T17:30:00.000Z');
    expect(next('2026-12-07T00:00:00.000Z', '23:45')).toBe('2026-12-07T15:45:00.000Z');
    // across a month and a year in Beijing while UTC is still in the old one
    expect(next('2026-12-31T17:00:00.000Z', '07:00')).toBe('2026-12-31T23:00:00.000Z');
    expect(next('2026-11-30T16:00:00.000Z', '00:00')).toBe('2026-12-01T16:00:00.000Z');
  });
});
