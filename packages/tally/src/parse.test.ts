import { describe, expect, it } from 'vitest';
import { areaToHundredths, hundredthsToArea, parseTallyInput, type TallyInput, TallyInputError, tally } from './index';

describe('area strings', () => {
  it.each([
    ['89.5', 8950n],
    ['89.50', 8950n],
    ['0.01', 1n],
    ['7', 700n],
    ['1000000000', 100000000000n],
  ])('%s → %s hundredths', (text, hundredths) => {
    expect(areaToHundredths(text)).toBe(hundredths);
  });

  it.each(['89.501', '-1', '1e3', '', ' 1', '1.', '.5', '+1', '1,5', '0x10', 'Infinity'])('rejects %j', (text) => {
    expect(() => areaToHundredths(text, 'units[0].area')).toThrow(TallyInputError);
    expect(() => areaToHundredths(text, 'units[0].area')).toThrow(/units\[0\]\.area/);
  });

  it('says negative for a negative area', () => {
    expect(() => areaToHundredths('-1')).toThrow(/negative area "-1"/);
  });

  it('formats hundredths with two decimals', () => {
    expect([0n, 1n, 50n, 8950n, 771025n].map(hundredthsToArea)).toEqual(['0.00', '0.01', '0.50', '89.50', '7710.25']);
    expect(hundredthsToArea(9_999_999_999_999_999_999n)).toBe('99999999999999999.99');
  });
});

describe('validation names the culprit', () => {
  const good = {
    matter: 6,
    units: [
      { unit: '1-101', owner: 'A', area: '89.50' },
      { unit: '1-102', owner: 'B', area: '70.00' },
    ],
    ballots: [{ owner: 'A', choice: 'yes' }],
  };
  const bad: [string, unknown, RegExp][] = [
    ['unknown owner', { ...good, ballots: [{ owner: 'Z', choice: 'yes' }] }, /^ballots\[0\]\.owner: unknown owner "Z"/],
    [
      'second ballot',
      {
        ...good,
        ballots: [
          { owner: 'A', choice: 'yes' },
          { owner: 'A', choice: 'no' },
        ],
      },
      /^ballots\[1\]\.owner: second ballot from owner "A" \(first at ballots\[0\]\)/,
    ],
    ['unknown choice', { ...good, ballots: [{ owner: 'A', choice: 'maybe' }] }, /^ballots\[0\]\.choice: unknown choice "maybe"/],
    [
      'malformed area',
      { ...good, units: [{ unit: '1-101', owner: 'A', area: '89.501' }] },
      /^units\[0\]\.area: malformed area "89\.501"/,
    ],
    ['negative area', { ...good, units: [{ unit: '1-101', owner: 'A', area: '-1' }] }, /^units\[0\]\.area: negative area "-1"/],
    [
      'exponent area',
      { ...good, units: [{ unit: '1-101', owner: 'A', area: '1e3' }] },
      /^units\[0\]\.area: malformed area "1e3"/,
    ],
    [
      'numeric area',
      { ...good, units: [{ unit: '1-101', owner: 'A', area: 89.5 }] },
      /^units\[0\]\.area: area must be a string.*number 89\.5/,
    ],
    [
      'zero area',
      { ...good, units: [{ unit: '1-101', owner: 'A', area: '0.00' }] },
      /^units\[0\]\.area: area of unit "1-101" is zero/,
    ],
    ['matter 10', { ...good, matter: 10 }, /^matter: must be an integer from 1 to 9.*10/],
    ['matter 0', { ...good, matter: 0 }, /^matter: must be an integer from 1 to 9/],
    ['matter 6.5', { ...good, matter: 6.5 }, /^matter: .*6\.5/],
    ['matter as string', { ...good, matter: '6' }, /^matter: .*string "6"/],
    ['missing matter', { units: good.units, ballots: good.ballots }, /^matter: missing/],
    ['missing units', { matter: 1, ballots: [] }, /^units: missing/],
    ['missing ballots', { matter: 1, units: good.units }, /^ballots: missing/],
    ['missing owner', { ...good, units: [{ unit: '1-101', area: '1.00' }] }, /^units\[0\]\.owner: missing/],
    ['missing choice', { ...good, ballots: [{ owner: 'A' }] }, /^ballots\[0\]\.choice: missing/],
    [
      'duplicate unit',
      { ...good, units: [...good.units, { unit: '1-101', owner: 'C', area: '1.00' }] },
      /^units\[2\]\.unit: unit "1-101" is listed twice \(first at units\[0\]\)/,
    ],
    ['empty electorate', { ...good, units: [], ballots: [] }, /^units: the electorate is empty/],
    ['not an object', [1, 2], /^input: expected a JSON object/],
    ['unit not an object', { ...good, units: ['1-101'] }, /^units\[0\]: expected an object/],
  ];

  it.each(bad)('%s', (_label, json, message) => {
    let caught: unknown;
    try {
      parseTallyInput(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TallyInputError);
    expect((caught as Error).message).toMatch(message);
  });

  it('tally() itself rejects the same cross-reference errors', () => {
    const input = { matter: 1, units: [{ unit: 'u', owner: 'A', area: '1' }], ballots: [{ owner: 'B', choice: 'yes' as const }] };
    expect(() => tally(input)).toThrow(/^ballots\[0\]\.owner: unknown owner "B"/);
  });

  it('returns a frozen copy that tallies exactly like the plain input', () => {
    const parsed = parseTallyInput(good);
    expect(Object.isFrozen(parsed) && Object.isFrozen(parsed.units[0])).toBe(true);
    expect(tally(parsed)).toEqual(tally(good as TallyInput));
  });

  it('accepts the good input and drops unknown fields', () => {
    const input = parseTallyInput({ ...good, note: 'x', units: [{ ...good.units[0], floor: 1 }, good.units[1]] });
    expect(input.units[0]).toEqual({ unit: '1-101', owner: 'A', area: '89.50' });
    expect(tally(input).totals).toEqual({ owners: 2, area: '159.50' });
  });
});
