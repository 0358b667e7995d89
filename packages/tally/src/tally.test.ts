import { describe, expect, it } from 'vitest';
import { type Choice, type TallyInput, type TallyResult, tally } from './index';

/** A unit row: [owner id, area, that owner's ballot or undefined]. One ballot per owner id. */
type Row = readonly [owner: string, area: string, choice?: Choice];

/** Builds an input with one unit per row; an owner's ballot is taken from its first row. */
function vote(matter: number, rows: readonly Row[]): TallyInput {
  const units = rows.map(([owner, area], i) => ({ unit: `u${i + 1}`, owner, area }));
  const voted = new Set<string>();
  const ballots: { owner: string; choice: Choice }[] = [];
  for (const [owner, , choice] of rows) {
    if (choice === undefined || voted.has(owner)) continue;
    voted.add(owner);
    ballots.push({ owner, choice });
  }
  return { matter, units, ballots };
}

type Expected = Partial<Pick<TallyResult, 'rule' | 'quorumMet' | 'passed'>> & {
  totals?: [number, string];
  participated?: [number, string];
  yes?: [number, string];
};

const cases: { name: string; matter: number; rows: Row[]; expect: Expected }[] = [
  {
    name: 'quorum exactly 2/3 of area and of owners is met (以上 includes the boundary)',
    matter: 1,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '100.00', 'yes'],
      ['C', '100.00'],
    ],
    expect: { quorumMet: true, passed: true, participated: [2, '200.00'], totals: [3, '300.00'] },
  },
  {
    name: 'quorum missed by area only: one hundredth short of 2/3, headcount exactly 2/3',
    matter: 1,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '100.00', 'yes'],
      ['C', '100.01'],
    ],
    expect: { quorumMet: false, passed: false },
  },
  {
    name: 'quorum missed by headcount only: 2 of 4 owners hold 310 of 330 m²; all-yes still fails',
    matter: 2,
    rows: [
      ['A', '300.00', 'yes'],
      ['B', '10.00', 'yes'],
      ['C', '10.00'],
      ['D', '10.00'],
    ],
    expect: { quorumMet: false, passed: false, yes: [2, '310.00'] },
  },
  {
    name: 'three-quarters: exactly 3/4 of area and of owners passes',
    matter: 6,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '100.00', 'yes'],
      ['C', '100.00', 'yes'],
      ['D', '100.00', 'no'],
    ],
    expect: { rule: 'three-quarters', quorumMet: true, passed: true, yes: [3, '300.00'] },
  },
  {
    name: 'three-quarters: area one hundredth short of 3/4 fails',
    matter: 7,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '100.00', 'yes'],
      ['C', '99.99', 'yes'],
      ['D', '100.00', 'no'],
    ],
    expect: { rule: 'three-quarters', quorumMet: true, passed: false },
  },
  {
    name: 'three-quarters: 3 of 5 owners with 97% of the area fails on headcount',
    matter: 8,
    rows: [
      ['A', '500.00', 'yes'],
      ['B', '500.00', 'yes'],
      ['C', '500.00', 'yes'],
      ['D', '20.00', 'no'],
      ['E', '20.00', 'no'],
    ],
    expect: { rule: 'three-quarters', passed: false },
  },
  {
    name: 'matter 5 (using the fund) is a majority matter: the same votes pass',
    matter: 5,
    rows: [
      ['A', '500.00', 'yes'],
      ['B', '500.00', 'yes'],
      ['C', '500.00', 'yes'],
      ['D', '20.00', 'no'],
      ['E', '20.00', 'no'],
    ],
    expect: { rule: 'majority', passed: true },
  },
  {
    name: 'majority: yes holding exactly 1/2 of the participating area fails (过半数 is strict)',
    matter: 3,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '50.00', 'yes'],
      ['C', '150.00', 'no'],
    ],
    expect: { rule: 'majority', quorumMet: true, passed: false },
  },
  {
    name: 'majority: one hundredth more than 1/2 of the area passes',
    matter: 3,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '50.01', 'yes'],
      ['C', '150.00', 'no'],
    ],
    expect: { passed: true, yes: [2, '150.01'], participated: [3, '300.01'] },
  },
  {
    name: 'majority: exactly half of the participating owners fails despite 99% of the area',
    matter: 9,
    rows: [
      ['A', '900.00', 'yes'],
      ['B', '900.00', 'yes'],
      ['C', '9.00', 'no'],
      ['D', '9.00', 'no'],
    ],
    expect: { passed: false },
  },
  {
    name: 'abstentions count as participation: 1 yes + 1 abstain is not a majority',
    matter: 4,
    rows: [
      ['A', '100.00', 'yes'],
      ['B', '100.00', 'abstain'],
    ],
    expect: { quorumMet: true, passed: false, participated: [2, '200.00'] },
  },
  {
    name: "developer's ten held units are one owner with their areas added",
    matter: 7,
    rows: [
      ...Array.from({ length: 10 }, (): Row => ['DEV', '100.00', 'yes']),
      ['P1', '100.00', 'yes'],
      ['P2', '100.00', 'yes'],
      ['P3', '100.00', 'no'],
      ['P4', '100.00'],
    ],
    // 4 of 5 owners, 1300 of 1400 m² took part; yes is 3 of 4 owners (exactly 3/4), 1200 m².
    expect: { totals: [5, '1400.00'], participated: [4, '1300.00'], yes: [3, '1200.00'], passed: true },
  },
  {
    name: 'developer abstaining from the vote: headcount 4/5 is met but area 400/1400 is not',
    matter: 1,
    rows: [
      ...Array.from({ length: 10 }, (): Row => ['DEV', '100.00']),
      ['P1', '100.00', 'yes'],
      ['P2', '100.00', 'yes'],
      ['P3', '100.00', 'yes'],
      ['P4', '100.00', 'yes'],
    ],
    expect: { quorumMet: false, passed: false },
  },
  {
    name: 'a buyer with a flat, a second flat and a parking space is one owner',
    matter: 2,
    rows: [
      ['B', '90.25', 'no'],
      ['B', '60.50'],
      ['B', '12.00'],
      ['C', '80.00', 'yes'],
      ['D', '85.00', 'yes'],
    ],
    expect: { totals: [3, '327.75'], participated: [3, '327.75'], yes: [2, '165.00'], passed: true },
  },
  {
    name: 'co-owners of one unit share one owner id and count once',
    matter: 1,
    rows: [
      ['3-201 Wang & Li', '120.00', 'yes'],
      ['E', '60.00', 'no'],
      ['F', '60.00'],
    ],
    expect: { totals: [3, '240.00'], participated: [2, '180.00'], passed: false },
  },
  {
    name: 'no ballots at all: no quorum',
    matter: 6,
    rows: [['A', '1.00']],
    expect: { quorumMet: false, passed: false, participated: [0, '0.00'] },
  },
];

describe('tally: the law as a table', () => {
  it.each(cases)('$name', ({ matter, rows, expect: want }) => {
    const result = tally(vote(matter, rows));
    for (const key of ['rule', 'quorumMet', 'passed'] as const) {
      if (want[key] !== undefined) expect(result[key]).toBe(want[key]);
    }
    for (const key of ['totals', 'participated', 'yes'] as const) {
      const pair = want[key];
      if (pair !== undefined) expect(result[key]).toEqual({ owners: pair[0], area: pair[1] });
    }
  });

  it('names the rule per matter: three-quarters for 6-8 only', () => {
    const rules = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => tally(vote(m, [['A', '1.00']])).rule);
    expect(rules).toEqual([...Array(5).fill('majority'), ...Array(3).fill('three-quarters'), 'majority']);
  });

  it('keeps the documented key order, with no/abstain after yes', () => {
    const result = tally(
      vote(1, [
        ['A', '1.00', 'no'],
        ['B', '2.00', 'abstain'],
      ]),
    );
    expect(Object.keys(result)).toEqual([
      'matter',
      'rule',
      'totals',
      'participated',
      'yes',
      'no',
      'abstain',
      'quorumMet',
      'passed',
    ]);
    expect(result.no).toEqual({ owners: 1, area: '1.00' });
    expect(result.abstain).toEqual({ owners: 1, area: '2.00' });
  });
});

describe('exact boundaries that floating point gets wrong (each float result checked in node 20)', () => {
  it('majority: yes holds exactly half the area, yet float says passed', () => {
    // Float: 89.51 + 60.13 = 149.64000000000001 and (89.51 + 60.13 + 149.64) / 2 = 149.64,
    // so `yes > participated / 2` is true and a float tally would pass the matter.
    // Exact: 14964 × 2 = 29928 = participated, not more than half: fails.
    const r = tally(
      vote(3, [
        ['A', '89.51', 'yes'],
        ['B', '60.13', 'yes'],
        ['C', '149.64', 'no'],
      ]),
    );
    expect(r.yes.area).toBe('149.64');
    expect(r.participated.area).toBe('299.28');
    expect(r.passed).toBe(false);
  });

  it('quorum: participants hold exactly 2/3 of the area, yet float says no quorum', () => {
    // Float: participated = 89.50 + 60.08 = 149.57999999999998, total × 2 / 3 = 149.58,
    // so `participated >= total * 2 / 3` is false. Exact: 3 × 14958 = 44874 = 2 × 22437: met.
    const r = tally(
      vote(1, [
        ['A', '89.50', 'yes'],
        ['B', '60.08', 'yes'],
        ['C', '74.79'],
      ]),
    );
    expect(r.participated.area).toBe('149.58');
    expect(r.totals.area).toBe('224.37');
    expect(r.quorumMet).toBe(true);
    expect(r.passed).toBe(true);
  });

  it('three-quarters: yes holds exactly 3/4 of the area, yet float says failed', () => {
    // Float: yes = 89.50 + 60.04 + 89.50 = 239.04, participated × 3 / 4 = 239.04000000000002
    // and yes / participated = 0.7499999999999999, so both float forms fail the matter.
    // Exact: 4 × 23904 = 95616 = 3 × 31872: passes.
    const r = tally(
      vote(6, [
        ['A', '89.50', 'yes'],
        ['B', '60.04', 'yes'],
        ['C', '89.50', 'yes'],
        ['D', '79.68', 'no'],
      ]),
    );
    expect(r.yes.area).toBe('239.04');
    expect(r.participated.area).toBe('318.72');
    expect(r.passed).toBe(true);
  });

  it('stays exact beyond 2^53 hundredths: 99,999 owners of 999,999,999.99 m²', () => {
    const rows = Array.from({ length: 99_999 }, (_, i): Row => [`o${i}`, '999999999.99', i < 66_666 ? 'yes' : undefined]);
    const r = tally(vote(1, rows));
    // 99,999 × 99,999,999,999 = 9,999,899,999,900,001 hundredths > 2^53. Summing the same
    // areas as doubles in a loop gives 99998999998883.66, i.e. 116.35 m² lost.
    expect(r.totals).toEqual({ owners: 99_999, area: '99998999999000.01' });
    expect(r.participated).toEqual({ owners: 66_666, area: '66665999999333.34' });
    expect(r.quorumMet).toBe(true); // exactly 2/3 of both
    expect(r.passed).toBe(true);
  });
});
