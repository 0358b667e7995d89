import { describe, expect, it } from 'vitest';
import { latestConsent } from './boards.repository';

/**
 * The promise of boards.repository.ts `latestConsent`: "the consent in force: the latest row per
 * person", whatever order the rows come in (the board publishes a name and phone only with it).
 */
describe('boards: the consent in force is the latest row per person', () => {
  const row = (id: string, person_id: string, given: number, recorded_at: string) => ({ id, person_id, given, recorded_at });
  const rows = [
    row('c1', 'p1', 1, '2030-01-01T00:00:00.000Z'),
    row('c2', 'p2', 0, '2030-01-02T00:00:00.000Z'),
    row('c3', 'p1', 0, '2030-02-01T00:00:00.000Z'),
    row('c4', 'p2', 1, '2030-03-01T00:00:00.000Z'),
    row('c5', 'p1', 1, '2030-01-15T00:00:00.000Z'),
  ];

  it('picks the latest row of each person from rows oldest first, newest first and mixed', () => {
    const expected = [
      ['p1', 'c3', 0],
      ['p2', 'c4', 1],
    ];
    const byTime = [...rows].sort((a, b) => a.recorded_at.localeCompare(b.recorded_at));
    for (const order of [rows, byTime, [...byTime].reverse()]) {
      const m = latestConsent(order);
      expect([...m.entries()].map(([p, r]) => [p, r.id, r.given]).sort()).toEqual(expected);
    }
  });

  it('answers nothing for a person without a row', () => {
    expect(latestConsent([]).size).toBe(0);
    expect(latestConsent(rows).get('p3')).toBeUndefined();
  });
});
