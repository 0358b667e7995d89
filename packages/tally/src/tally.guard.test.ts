import { describe, expect, it } from 'vitest';
import { areaToHundredths, hundredthsToArea } from './area';
import { rememberCheckedInput, tally } from './tally';
import type { TallyInput } from './types';

// The tally's input guards (issue #21): every refusal with its exact path and message.

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('areaToHundredths', () => {
  it('reads digits with at most two decimals exactly', () => {
    expect(['0.01', '7', '89.5', '89.50', '1234567.89', '10'].map((a) => areaToHundredths(a))).toEqual([
      1n,
      700n,
      8950n,
      8950n,
      123456789n,
      1000n,
    ]);
  });
  it('refuses anything else, naming where it came from', () => {
    const cases: Array<[unknown, string]> = [
      [
        89.5,
        'TallyInputError: units[3].area: area must be a string such as "89.50", got number 89.5 (numbers are refused so the arithmetic stays exact)',
      ],
      [null, 'TallyInputError: units[3].area: area must be a string such as "89.50", got null'],
      ['-5', 'TallyInputError: units[3].area: negative area "-5"'],
      ['- 5', 'TallyInputError: units[3].area: negative area "- 5"'],
      ['-x5', 'TallyInputError: units[3].area: malformed area "-x5" (expected digits with at most two decimals, e.g. "89.50")'],
      ['x-5', 'TallyInputError: units[3].area: malformed area "x-5" (expected digits with at most two decimals, e.g. "89.50")'],
      [
        '89.505',
        'TallyInputError: units[3].area: malformed area "89.505" (expected digits with at most two decimals, e.g. "89.50")',
      ],
      [
        'a89.50',
        'TallyInputError: units[3].area: malformed area "a89.50" (expected digits with at most two decimals, e.g. "89.50")',
      ],
      [
        '89.50a',
        'TallyInputError: units[3].area: malformed area "89.50a" (expected digits with at most two decimals, e.g. "89.50")',
      ],
      ['89.', 'TallyInputError: units[3].area: malformed area "89." (expected digits with at most two decimals, e.g. "89.50")'],
      ['.5', 'TallyInputError: units[3].area: malformed area ".5" (expected digits with at most two decimals, e.g. "89.50")'],
      ['8,9', 'TallyInputError: units[3].area: malformed area "8,9" (expected digits with at most two decimals, e.g. "89.50")'],
    ];
    expect(cases.map(([v]) => thrown(() => areaToHundredths(v, 'units[3].area')))).toEqual(cases.map(([, m]) => m));
    expect(thrown(() => areaToHundredths(1))).toBe(
      'TallyInputError: area: area must be a string such as "89.50", got number 1 (numbers are refused so the arithmetic stays exact)',
    );
  });
  it('formats hundredths with exactly two decimals and refuses a negative amount', () => {
    expect([0n, 1n, 10n, 100n, 8950n, 123456789n].map(hundredthsToArea)).toEqual([
      '0.00',
      '0.01',
      '0.10',
      '1.00',
      '89.50',
      '1234567.89',
    ]);
    expect(thrown(() => hundredthsToArea(-1n))).toBe('RangeError: negative area: -1 hundredths');
  });
});

describe('tally input checks', () => {
  const units = [
    { unit: 'u1', owner: 'A', area: '100' },
    { unit: 'u2', owner: 'B', area: '80' },
    { unit: 'u3', owner: 'C', area: '60' },
  ];
  const input = (over: Partial<TallyInput>): TallyInput => ({ matter: 4, units, ballots: [], ...over });
  it('refuses a unit listed twice, naming the first', () => {
    const twice = [...units, { unit: 'u3', owner: 'D', area: '1' }];
    expect(thrown(() => tally(input({ units: twice })))).toBe(
      'TallyInputError: units[3].unit: unit "u3" is listed twice (first at units[2])',
    );
  });
  it('refuses a second ballot of one owner, naming the first, and an unknown choice', () => {
    const ballots = [
      { owner: 'B', choice: 'no' as const },
      { owner: 'A', choice: 'yes' as const },
      { owner: 'A', choice: 'yes' as const },
    ];
    expect(thrown(() => tally(input({ ballots })))).toBe(
      'TallyInputError: ballots[2].owner: second ballot from owner "A" (first at ballots[1])',
    );
    for (const choice of ['maybe', 'YES', '']) {
      expect(thrown(() => tally(input({ ballots: [{ owner: 'A', choice: choice as 'yes' }] })))).toBe(
        `TallyInputError: ballots[0].choice: unknown choice ${JSON.stringify(choice)} (expected "yes", "no" or "abstain")`,
      );
    }
  });
  it('counts each of the three choices', () => {
    const r = tally(
      input({
        ballots: [
          { owner: 'A', choice: 'yes' },
          { owner: 'B', choice: 'no' },
          { owner: 'C', choice: 'abstain' },
        ],
      }),
    );
    expect([r.yes, r.no, r.abstain, r.participated, r.totals]).toEqual([
      { owners: 1, area: '100.00' },
      { owners: 1, area: '80.00' },
      { owners: 1, area: '60.00' },
      { owners: 3, area: '240.00' },
      { owners: 3, area: '240.00' },
    ]);
  });
  it('remembers only the counts of a fully frozen input', () => {
    const checked = {} as Parameters<typeof rememberCheckedInput>[1];
    const msg = "TypeError: only a frozen input's counts can be remembered";
    const make = (freeze: [boolean, boolean, boolean]) => {
      const i = { matter: 4, units: [...units], ballots: [] } as TallyInput;
      if (freeze[1]) Object.freeze(i.units);
      if (freeze[2]) Object.freeze(i.ballots);
      if (freeze[0]) Object.freeze(i);
      return i;
    };
    expect(
      (
        [
          [false, true, true],
          [true, false, true],
          [true, true, false],
          [false, false, false],
        ] as const
      ).map((f) => thrown(() => rememberCheckedInput(make([...f]), checked))),
    ).toEqual([msg, msg, msg, msg]);
    expect(thrown(() => rememberCheckedInput(make([true, true, true]), checked))).toBe('no error');
  });
});
