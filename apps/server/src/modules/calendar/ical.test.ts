import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, type FeedEvent, foldLine } from './ical';

const start = new Date('2026-11-27T11:30:00Z'); // 19:30 Shanghai, every evening
const cancelled = new Date('2026-11-29T11:30:00Z');
const moved = new Date('2026-11-30T11:30:00Z');

const series: FeedEvent = {
  uid: 'evt-dance@lianxin',
  sequence: 2,
  updatedAt: new Date('2026-11-26T08:00:00Z'),
  start,
  end: new Date(start.getTime() + 90 * 60_000),
  summary: '广场舞表演队，每晚练习; 欢迎参加',
  location: '党建文化广场',
  description: '第一行\n第二行，带逗号',
  rrule: 'FREQ=DAILY;COUNT=10',
  exdates: [cancelled],
  overrides: [
    {
      recurrenceId: moved,
      start: new Date('2026-11-30T12:00:00Z'),
      end: new Date('2026-11-30T13:30:00Z'),
      summary: '广场舞（改到 20:00）',
      location: '五星社区活动室',
    },
  ],
  cancelled: false,
};

function occurrencesOf(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = comp.getAllSubcomponents('vevent');
  const master = new ICAL.Event(vevents.find((v) => !v.hasProperty('recurrence-id')));
  for (const v of vevents.filter((x) => x.hasProperty('recurrence-id'))) master.relateException(new ICAL.Event(v));
  const it = master.iterator();
  const out: Array<{ start: string; summary: string }> = [];
  for (let next = it.next(); next; next = it.next()) {
    const d = master.getOccurrenceDetails(next);
    out.push({ start: d.startDate.toJSDate().toISOString(), summary: d.item.summary });
  }
  return { comp, master, out };
}

describe('ical.buildCalendar', () => {
  const text = buildCalendar('五星社区安置小区', [series], new Date('2026-11-27T00:00:00Z'));

  it('uses CRLF line ends and folds every line at 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(
      foldLine(`DESCRIPTION:${'连心桥'.repeat(30)}`)
        .split('\r\n ')
        .join(''),
    ).toBe(`DESCRIPTION:${'连心桥'.repeat(30)}`);
  });

  it('parses with ical.js: the series expands in Asia/Shanghai without the cancelled evening and with the moved one', () => {
    const { master, out } = occurrencesOf(text);
    expect(master.uid).toBe('evt-dance@lianxin');
    expect(master.startDate.zone?.tzid).toBe('Asia/Shanghai');
    expect(master.startDate.toString()).toBe('2026-11-27T19:30:00');
    expect(master.summary).toBe('广场舞表演队，每晚练习; 欢迎参加');
    expect(master.description).toBe('第一行\n第二行，带逗号');
    const starts = out.map((o) => o.start);
    expect(starts).toHaveLength(9); // COUNT=10 minus the cancelled one
    expect(starts).not.toContain(cancelled.toISOString());
    expect(starts[0]).toBe(start.toISOString());
    expect(out.find((o) => o.start === '2026-11-30T12:00:00.000Z')?.summary).toBe('广场舞（改到 20:00）');
    expect(starts).not.toContain(moved.toISOString());
  });

  it('round-trips: ical.js writes it back and it reads the same', () => {
    const { comp, out } = occurrencesOf(text);
    const again = occurrencesOf(comp.toString());
    expect(again.out).toEqual(out);
    expect(again.master.uid).toBe('evt-dance@lianxin');
  });

  it('escapes TEXT values so user input cannot add properties', () => {
    expect(escapeText('a;b,c\\d\nEND:VEVENT')).toBe('a\\;b\\,c\\\\d\\nEND:VEVENT');
    const evil = buildCalendar('x', [
      { ...series, rrule: null, exdates: [], overrides: [], summary: 'x\r\nATTENDEE:mailto:a@b' },
    ]);
    const { master } = occurrencesOf(evil);
    expect(master.summary).toBe('x\nATTENDEE:mailto:a@b');
    expect(master.attendees).toHaveLength(0);
  });
});
