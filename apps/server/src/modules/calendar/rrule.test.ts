import { describe, expect, it } from 'vitest';
import { expand, firstOccurrence, formatRrule, localStamp, occKeyOf, parseOccKey, parseRrule, RruleError } from './rrule';

const at = (s: string) => new Date(s);

describe('rrule.parse', () => {
  it('reads the subset and writes it back canonically', () => {
    expect(formatRrule(parseRrule('FREQ=MONTHLY;BYDAY=2SA;COUNT=12'))).toBe('FREQ=MONTHLY;BYDAY=2SA;COUNT=12');
    expect(formatRrule(parseRrule('freq=weekly;byday=mo,we;interval=2'))).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE');
  });
  it.each([
    ['FREQ=YEARLY', /FREQ/],
    ['FREQ=DAILY;BYHOUR=9', /BYHOUR/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z', /COUNT and UNTIL/],
    ['FREQ=WEEKLY;BYDAY=2MO', /numbered/],
    ['FREQ=MONTHLY;BYDAY=SA', /number/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL/],
    ['FREQ=DAILY;FREQ=DAILY', /bad part/],
    ['<script>', /bad part/],
  ])('refuses %s', (text, msg) => {
    expect(() => parseRrule(text)).toThrowError(RruleError);
    expect(() => parseRrule(text)).toThrowError(msg);
  });
});

describe('rrule.expand', () => {
  it('repeats every evening at 19:30 Shanghai time', () => {
    const start = at('2026-11-27T11:30:00Z'); // 19:30 in Shanghai
    const got = expand(start, parseRrule('FREQ=DAILY'), at('2026-11-28T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect(got.map(localStamp)).toEqual(['20261128T193000', '20261129T193000', '20261130T193000']);
  });

  it('finds the second Saturday of each month, and the last Friday', () => {
    const start = at('2026-12-12T01:00:00Z'); // Sat 12 Dec 2026, 09:00 local
    const got = expand(start, parseRrule('FREQ=MONTHLY;BYDAY=2SA'), start, at('2027-04-01T00:00:00Z'));
    expect(got.map(localStamp)).toEqual(['20261212T090000', '20270109T090000', '20270213T090000', '20270313T090000']);
    const last = expand(
      at('2026-11-27T01:00:00Z'),
      parseRrule('FREQ=MONTHLY;BYDAY=-1FR'),
      at('2026-11-01T00:00:00Z'),
      at('2027-03-01T00:00:00Z'),
    );
    expect(last.map(localStamp)).toEqual(['20261127T090000', '20261225T090000', '20270129T090000', '20270226T090000']);
  });

  it('uses the Shanghai date, not the UTC date, for weekdays', () => {
    // 07:00 Monday in Shanghai is 23:00 Sunday UTC.
    const start = at('2026-11-29T23:00:00Z');
    const got = expand(start, parseRrule('FREQ=WEEKLY;BYDAY=MO,TH'), start, at('2026-12-08T00:00:00Z'));
    expect(got.map(localStamp)).toEqual(['20261130T070000', '20261203T070000', '20261207T070000']);
  });

  it('stops at COUNT counted from the first instance, and at UNTIL', () => {
    const start = at('2026-11-27T11:30:00Z');
    expect(expand(start, parseRrule('FREQ=DAILY;COUNT=3'), at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toHaveLength(
      3,
    );
    expect(expand(start, parseRrule('FREQ=DAILY;COUNT=3'), at('2026-11-29T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toHaveLength(
      1,
    );
    expect(expand(start, parseRrule('FREQ=DAILY;UNTIL=20261129T113000Z'), start, at('2027-01-01T00:00:00Z'))).toHaveLength(3);
  });

  it('skips months without the day and snaps a start to the rule', () => {
    const got = expand(
      at('2027-01-31T02:00:00Z'),
      parseRrule('FREQ=MONTHLY;BYMONTHDAY=31'),
      at('2027-01-01T00:00:00Z'),
      at('2027-06-01T00:00:00Z'),
    );
    expect(got.map((d) => localStamp(d).slice(0, 8))).toEqual(['20270131', '20270331', '20270531']);
    const first = firstOccurrence(at('2026-12-01T01:00:00Z'), parseRrule('FREQ=MONTHLY;BYDAY=2SA'));
    expect(first && localStamp(first)).toBe('20261212T090000');
  });

  it('keys occurrences by their original UTC start, and refuses malformed keys', () => {
    const d = at('2026-11-27T11:30:00Z');
    expect(occKeyOf(d)).toBe('20261127T113000Z');
    expect(parseOccKey('20261127T113000Z')?.toISOString()).toBe(d.toISOString());
    expect(parseOccKey('20261332T113000Z')).toBeNull();
    expect(parseOccKey('x')).toBeNull();
  });
});
