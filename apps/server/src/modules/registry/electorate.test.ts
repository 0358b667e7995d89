import { parseTallyInput, tally } from '@lianxin/tally';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { seedVoteFixture } from '../votes/votes.fixture';
import { buildElectorate, type ElectorateOwnerRow, type ElectorateUnitRow, loadElectorate, unitNumber } from './electorate';

const unit = (id: string, area: number, developerHeld = false): ElectorateUnitRow => ({
  id,
  unit: `1-1-${id}`,
  areaHundredths: area,
  areaSource: 'registered',
  developerHeld,
});
const own = (unitId: string, personId: string, representative = false): ElectorateOwnerRow => ({
  unitId,
  personId,
  representative,
});

describe('buildElectorate', () => {
  it('counts one exclusive unit as one owner', () => {
    const e = buildElectorate([unit('101', 8950), unit('102', 7000)], [own('101', 'a'), own('102', 'b')]);
    expect(e.totalOwners).toBe(2);
    expect(e.totalAreaHundredths).toBe(15950);
    expect(e.units).toEqual([
      { unit: '1-1-101', owner: '101', area: '89.50', areaHundredths: 8950, areaSource: 'registered' },
      { unit: '1-1-102', owner: '102', area: '70.00', areaHundredths: 7000, areaSource: 'registered' },
    ]);
  });

  it('counts all developer-held units together as one owner, whoever is recorded on them', () => {
    const e = buildElectorate(
      [unit('101', 100), unit('102', 200, true), unit('103', 300, true), unit('104', 400, true)],
      [own('101', 'a')],
    );
    expect(e.totalOwners).toBe(2);
    const dev = e.subjects.find((s) => s.developer);
    expect(dev).toMatchObject({ subject: 'developer', units: ['1-1-102', '1-1-103', '1-1-104'], areaHundredths: 900 });
  });

  it('counts one buyer with several units as one owner, areas added up', () => {
    const e = buildElectorate(
      [unit('101', 100), unit('202', 250), unit('303', 50)],
      [own('101', 'a'), own('202', 'a'), own('303', 'b')],
    );
    expect(e.totalOwners).toBe(2);
    expect(e.subjects[0]).toMatchObject({ subject: '101', units: ['1-1-101', '1-1-202'], areaHundredths: 350, voters: ['a'] });
  });

  it('counts co-owners of one unit as one owner; only the representative casts when one is marked', () => {
    const e = buildElectorate([unit('101', 100)], [own('101', 'a'), own('101', 'b', true)]);
    expect(e.totalOwners).toBe(1);
    expect(e.subjects[0]?.voters).toEqual(['b']);
    const noRep = buildElectorate([unit('101', 100)], [own('101', 'a'), own('101', 'b')]);
    expect(noRep.subjects[0]?.voters).toEqual(['a', 'b']);
  });

  it('joins mixed cases by connected components: co-owned unit plus a co-owner’s own flat is one owner', () => {
    // a+b own 101, a owns 102, b+c own 103, d owns 104 → {101,102,103} and {104}
    const e = buildElectorate(
      [unit('101', 100), unit('102', 100), unit('103', 100), unit('104', 100)],
      [own('101', 'a'), own('101', 'b'), own('102', 'a'), own('103', 'b'), own('103', 'c'), own('104', 'd')],
    );
    expect(e.subjects.map((s) => [s.subject, s.units.length, s.voters])).toEqual([
      ['101', 3, ['a', 'b', 'c']],
      ['104', 1, ['d']],
    ]);
  });

  it('keeps a unit with no recorded owner as its own subject nobody can cast for online', () => {
    const e = buildElectorate([unit('101', 100), unit('102', 100)], [own('101', 'a')]);
    expect(e.totalOwners).toBe(2);
    expect(e.subjects[1]).toMatchObject({ subject: '102', voters: [] });
  });

  it('produces exactly the input packages/tally accepts', () => {
    const e = buildElectorate([unit('101', 8950), unit('102', 100, true)], [own('101', 'a')]);
    const input = parseTallyInput({
      matter: 4,
      units: e.units.map(({ unit: u, owner, area }) => ({ unit: u, owner, area })),
      ballots: [{ owner: '101', choice: 'yes' }],
    });
    expect(tally(input)).toMatchObject({ totals: { owners: 2, area: '90.50' }, quorumMet: false });
  });

  it('writes unit numbers as building-stairwell-door', () => {
    expect(unitNumber('1栋', '2单元', '301')).toBe('1-2-301');
    expect(unitNumber('12号楼', '1', '1502')).toBe('12-1-1502');
    expect(unitNumber('综合楼', 'A', '101')).toBe('综合楼-A-101');
  });
});

describeEachDialect('loadElectorate', (h) => {
  it('reads a compound’s units and owners from the registry tables', async () => {
    await seedVoteFixture(h().ctx);
    const e = await loadElectorate(h().ctx.db, 'vtest');
    expect(e.totalOwners).toBe(6);
    expect(e.totalAreaHundredths).toBe(56000);
    expect(e.subjects.map((s) => s.units)).toEqual([
      ['1-1-101'],
      ['1-1-102'],
      ['1-1-201'],
      ['1-1-202', '1-2-101'],
      ['1-2-102', '1-2-201'],
      ['1-2-202'],
    ]);
    expect(await loadElectorate(h().ctx.db, 'vempty')).toMatchObject({ totalOwners: 0, subjects: [] });
  });
});
