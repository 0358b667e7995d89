import { describe, expect, it } from 'vitest';
import {
  buildElectorate,
  compareUnitNumbers,
  type ElectorateOwnerRow,
  type ElectorateUnitRow,
  formatArea,
  unitNumber,
} from './electorate';

// The electorate a vote freezes when it opens (issue #21, module `votes-electorate`): the whole
// electorate for each counting rule, never a part of it, so that any change to a rule shows.

const unit = (id: string, label: string, area: number, developerHeld = false): ElectorateUnitRow => ({
  id,
  unit: label,
  areaHundredths: area,
  areaSource: developerHeld ? 'contract' : 'registered',
  developerHeld,
});
const own = (unitId: string, personId: string, representative = false): ElectorateOwnerRow => ({
  unitId,
  personId,
  representative,
});
const row = (label: string, owner: string, area: number, source = 'registered') => ({
  unit: label,
  owner,
  area: formatArea(area),
  areaHundredths: area,
  areaSource: source,
});

describe('the electorate, whole', () => {
  // u1 (2-1-101) a+b, b representative · u2 (10-1-101) a alone · u3 (2-1-102) c · u4 (2-1-201)
  // nobody · u5, u6 developer-held · u7 (3-1-101) d+e, nobody representative · an owner row of a
  // unit that is not in the compound (ignored).
  const units = [
    unit('u1', '2-1-101', 8950),
    unit('u2', '10-1-101', 12000),
    unit('u3', '2-1-102', 7005),
    unit('u4', '2-1-201', 6000),
    unit('u5', '2-2-101', 10000, true),
    unit('u6', '2-2-102', 5000, true),
    unit('u7', '3-1-101', 9999),
  ];
  const owners = [
    own('u1', 'a'),
    own('u1', 'b', true),
    own('u2', 'a'),
    own('u3', 'c'),
    own('u5', 'x'),
    own('u7', 'e'),
    own('u7', 'd'),
    own('elsewhere', 'c'),
  ];
  const expected = {
    units: [
      row('2-1-101', 'u1', 8950),
      row('2-1-102', 'u3', 7005),
      row('2-1-201', 'u4', 6000),
      row('2-2-101', 'developer', 10000, 'contract'),
      row('2-2-102', 'developer', 5000, 'contract'),
      row('3-1-101', 'u7', 9999),
      row('10-1-101', 'u1', 12000),
    ],
    subjects: [
      { subject: 'u1', units: ['2-1-101', '10-1-101'], areaHundredths: 20950, voters: ['b'], developer: false },
      { subject: 'u3', units: ['2-1-102'], areaHundredths: 7005, voters: ['c'], developer: false },
      { subject: 'u4', units: ['2-1-201'], areaHundredths: 6000, voters: [], developer: false },
      { subject: 'developer', units: ['2-2-101', '2-2-102'], areaHundredths: 15000, voters: ['x'], developer: true },
      { subject: 'u7', units: ['3-1-101'], areaHundredths: 9999, voters: ['d', 'e'], developer: false },
    ],
    totalOwners: 5,
    totalAreaHundredths: 58954,
  };

  it('groups a compound by every rule at once', () => {
    expect(buildElectorate(units, owners)).toEqual(expected);
  });

  it('gives the same electorate whatever order the registry returns its rows in', () => {
    expect(buildElectorate([...units].reverse(), [...owners].reverse())).toEqual(expected);
    const shuffled = [units[3], units[6], units[0], units[5], units[2], units[1], units[4]] as ElectorateUnitRow[];
    expect(
      buildElectorate(shuffled, [
        owners[4],
        owners[2],
        owners[7],
        owners[0],
        owners[6],
        owners[1],
        owners[3],
        owners[5],
      ] as ElectorateOwnerRow[]),
    ).toEqual(expected);
  });

  it('joins a chain of shared owners into one subject, named by its smallest unit id, however the chain is met', () => {
    // p owns u4+u3, q owns u2+u4, r owns u1+u2: one subject u1..u4; u5 alone.
    const chain = ['u1', 'u2', 'u3', 'u4', 'u5'].map((id, i) => unit(id, `1-1-${101 + i}`, 100 * (i + 1)));
    const links = [
      own('u4', 'p'),
      own('u3', 'p'),
      own('u2', 'q'),
      own('u4', 'q'),
      own('u1', 'r'),
      own('u2', 'r'),
      own('u5', 's'),
    ];
    for (const order of [links, [...links].reverse()]) {
      expect(buildElectorate(chain, order).subjects).toEqual([
        {
          subject: 'u1',
          units: ['1-1-101', '1-1-102', '1-1-103', '1-1-104'],
          areaHundredths: 1000,
          voters: ['p', 'q', 'r'],
          developer: false,
        },
        { subject: 'u5', units: ['1-1-105'], areaHundredths: 500, voters: ['s'], developer: false },
      ]);
    }
  });

  it('makes a developer subject of one developer-held unit, and none when there is none', () => {
    expect(buildElectorate([unit('u9', '1-1-101', 100, true)], []).subjects).toEqual([
      { subject: 'developer', units: ['1-1-101'], areaHundredths: 100, voters: [], developer: true },
    ]);
    expect(buildElectorate([unit('u9', '1-1-101', 100)], []).subjects).toEqual([
      { subject: 'u9', units: ['1-1-101'], areaHundredths: 100, voters: [], developer: false },
    ]);
    expect(buildElectorate([], [own('u1', 'a')])).toEqual({ units: [], subjects: [], totalOwners: 0, totalAreaHundredths: 0 });
  });

  it('lists subjects and each subject’s units in unit-number order, not in the order of their ids', () => {
    // Ids sort z < a the other way round from the numbers; one buyer owns 9-1-101 and 1-1-102.
    const e = buildElectorate(
      [unit('z1', '1-1-101', 100), unit('a9', '9-1-101', 100), unit('m5', '2-1-101', 100), unit('b2', '1-1-102', 100)],
      [own('z1', 'p'), own('a9', 'q'), own('m5', 'r'), own('b2', 'q')],
    );
    expect(e.subjects.map((x) => [x.subject, x.units])).toEqual([
      ['z1', ['1-1-101']],
      ['a9', ['1-1-102', '9-1-101']],
      ['m5', ['2-1-101']],
    ]);
  });

  it('counts a buyer recorded on a developer-held unit with the developer, own flat included', () => {
    // x is recorded on the developer's u5 and owns u8 outright: u8 joins the developer subject.
    const e = buildElectorate(
      [unit('u5', '1-1-101', 100, true), unit('u6', '1-1-102', 100, true), unit('u8', '1-1-103', 100)],
      [own('u5', 'x'), own('u8', 'x')],
    );
    expect(e.subjects).toEqual([
      { subject: 'developer', units: ['1-1-101', '1-1-102', '1-1-103'], areaHundredths: 300, voters: ['x'], developer: true },
    ]);
  });

  it('names each joined subject by its smallest id in a compound of hundreds of units, whatever their order', () => {
    // 300 units (a sort of more than a few dozen rows runs differently from a short one); buyers
    // own pairs far apart: n and n + 150 for every tenth n.
    const id = (n: number) => `u${String(n).padStart(3, '0')}`;
    const many = Array.from({ length: 300 }, (_, n) => unit(id(n), `1-1-${1000 + n}`, 100));
    const buyers = Array.from({ length: 15 }, (_, k) => [own(id(k * 10), `p${k}`), own(id(k * 10 + 150), `p${k}`)]).flat();
    const expectedNames = many
      .map((_, n) => n)
      .filter((n) => !(n >= 150 && (n - 150) % 10 === 0))
      .map(id);
    // A fixed shuffle (a linear congruential sequence), then the reverse.
    let seed = 7;
    const shuffled = [...many].sort(() => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed % 3) - 1;
    });
    for (const order of [shuffled, [...many].reverse()]) {
      const e = buildElectorate(order, buyers);
      expect(e.subjects.map((x) => x.subject)).toEqual(expectedNames);
      expect(e.subjects.filter((x) => x.units.length === 2).map((x) => x.units)).toEqual(
        Array.from({ length: 15 }, (_, k) => [`1-1-${1000 + k * 10}`, `1-1-${1150 + k * 10}`]),
      );
    }
  });

  it('lets every representative of a joined subject cast, and only them', () => {
    // u1: a (representative) + b; u2: b + c (representative): one subject; a and c cast.
    const e = buildElectorate(
      [unit('u1', '1-1-101', 100), unit('u2', '1-1-102', 100)],
      [own('u1', 'a', true), own('u1', 'b'), own('u2', 'b'), own('u2', 'c', true)],
    );
    expect(e.subjects.map((s) => [s.subject, s.voters])).toEqual([['u1', ['a', 'c']]]);
  });
});

describe('areas and unit numbers', () => {
  it('formats hundredths with two decimals', () => {
    expect([0, 5, 10, 99, 100, 8950, 100000, 1234567].map(formatArea)).toEqual([
      '0.00',
      '0.05',
      '0.10',
      '0.99',
      '1.00',
      '89.50',
      '1000.00',
      '12345.67',
    ]);
  });

  it('writes building-stairwell-door from the leading number of each, else the name trimmed', () => {
    expect([
      unitNumber('1栋', '2单元', '301'),
      unitNumber(' 12号楼', ' 3 ', ' 1502 '),
      unitNumber('综合楼', 'A', '101'),
      unitNumber(' 东楼 ', '二单元', '2'),
      unitNumber('A1栋', '01', '0101'),
    ]).toEqual(['1-2-301', '12-3-1502', '综合楼-A-101', '东楼-二单元-2', 'A1栋-01-0101']);
  });

  it('orders unit numbers as numbers: 2 before 10, 101 before 1001', () => {
    const labels = ['10-1-101', '2-1-1001', '2-1-101', '2-10-101', '2-2-101', '1-1-101'];
    expect([...labels].sort(compareUnitNumbers)).toEqual(['1-1-101', '2-1-101', '2-1-1001', '2-2-101', '2-10-101', '10-1-101']);
    expect([compareUnitNumbers('2-1-101', '2-1-101'), Math.sign(compareUnitNumbers('9', '10'))]).toEqual([0, -1]);
  });
});
