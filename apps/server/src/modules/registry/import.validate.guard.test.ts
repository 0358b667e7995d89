import { describe, expect, it } from 'vitest';
import type { ParsedSheet } from './import.parse';
import { type ImportContext, validateSheet } from './import.validate';

// Guards of the registry import (issue #21): rows of one unit must agree on its area and on its
// head of household, and one household lists a person once. Each rule is checked with the exact
// errors it must give, and with the agreeing sheet it must accept.

const COLUMNS = ['building', 'stairwell', 'door', 'area', 'head', 'name', 'phone', 'birthYear', 'tags'] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

function sheet(rows: Row[]): ParsedSheet {
  return {
    columns: Object.fromEntries(COLUMNS.map((c, i) => [c, i])),
    rows: rows.map((r, i) => ({ rowNumber: i + 2, cells: COLUMNS.map((c) => r[c] ?? '') })),
    errors: [],
  };
}

function context(units: ImportContext['units'] = new Map()): ImportContext {
  return { buildings: new Map([['1', 'b1']]), buildingNames: new Map([['b1', '1栋']]), units, currentYear: 2026 };
}

const row = (r: Row): Row => ({ building: '1栋', stairwell: '1', door: '101', ...r });

describe('registry import: conflicting rows of one unit', () => {
  it('refuses two different areas for one unit, on the second row, and keeps the first', () => {
    const r = validateSheet(
      sheet([row({ area: '89.50', name: '张三' }), row({ area: '90.00', name: '李四' }), row({ area: '89.5', name: '王五' })]),
      context(),
    );
    expect(r.errors).toEqual([{ row: 3, column: 'area', reason: 'area_conflict', value: '90.00' }]);
    expect(r.plan.units.map((u) => [u.door, u.areaHundredths, u.people.map((p) => p.name)])).toEqual([
      ['101', 8950, ['张三', '王五']],
    ]);
  });

  it('accepts the area given on any one row of the unit, and the same area repeated', () => {
    const r = validateSheet(
      sheet([row({ name: '张三' }), row({ area: '75.25', name: '李四' }), row({ area: '75.25' })]),
      context(),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan.units.map((u) => u.areaHundredths)).toEqual([7525]);
    expect(r.plan.people).toBe(2);
  });

  it('requires an area for a new unit, reported on its first person’s row', () => {
    const r = validateSheet(sheet([row({ door: '102', name: '赵六' }), row({ door: '102', name: '钱七' })]), context());
    expect(r.errors).toEqual([{ row: 2, column: 'area', reason: 'required' }]);
  });

  it('keeps a registered unit’s area when the sheet gives none, and marks a changed one', () => {
    const units = new Map([['b1|1|101', { id: 'u-101', areaHundredths: 6000, people: [], ownerIds: ['p-old'] }]]);
    const same = validateSheet(sheet([row({ name: '张三' })]), context(units));
    expect(same.errors).toEqual([]);
    expect(same.plan.units.map((u) => [u.existingId, u.areaHundredths, u.changed, u.ownerIds])).toEqual([
      ['u-101', 6000, false, ['p-old']],
    ]);
    const changed = validateSheet(sheet([row({ name: '张三', area: '61' })]), context(units));
    expect(changed.plan.units.map((u) => [u.areaHundredths, u.changed])).toEqual([[6100, true]]);
  });

  it('refuses two different heads of household for one unit, on the row naming the second', () => {
    const r = validateSheet(
      sheet([row({ area: '80', name: '张三', head: '是' }), row({ name: '李四' }), row({ name: '王五', head: '是' })]),
      context(),
    );
    expect(r.errors).toEqual([{ row: 4, column: 'head', reason: 'head_conflict', value: '张三/王五' }]);
  });

  it('accepts one head named on several rows (by "是" or by name) and points at that person', () => {
    const r = validateSheet(
      sheet([row({ area: '80', name: '张三', head: '是' }), row({ name: '李四', head: '张三' }), row({ name: '王五' })]),
      context(),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan.units.map((u) => [u.head, u.people[u.head]?.name])).toEqual([[0, '张三']]);
    const none = validateSheet(sheet([row({ area: '80', name: '张三' })]), context());
    expect(none.plan.units.map((u) => u.head)).toEqual([-1]);
    const elsewhere = validateSheet(sheet([row({ area: '80', name: '张三', head: '孙八' })]), context());
    expect(elsewhere.errors).toEqual([]);
    expect(elsewhere.plan.units.map((u) => u.head)).toEqual([-1]);
  });

  it('refuses the same person twice in one household, and one phone for two different people', () => {
    const r = validateSheet(
      sheet([
        row({ area: '80', name: '张三', phone: '13800001111' }),
        row({ name: '张三' }),
        row({ door: '102', area: '70', name: '李四', phone: '13800001111' }),
        row({ door: '103', area: '70', name: '张三', phone: '138-0000-1111' }),
      ]),
      context(),
    );
    expect(r.errors).toEqual([
      { row: 3, column: 'name', reason: 'duplicate_person', value: '张三' },
      { row: 4, column: 'phone', reason: 'phone_duplicate', value: '13800001111' },
    ]);
    expect(r.plan.units.map((u) => [u.door, u.people.map((p) => p.name)])).toEqual([
      ['101', ['张三']],
      ['103', ['张三']],
    ]);
  });

  it('reports each malformed cell with its row, column and reason, sorted by row', () => {
    const r = validateSheet(
      sheet([
        { stairwell: '1', door: '101', area: '80', name: '甲' },
        row({ area: '80.555', name: '乙' }),
        row({ door: '10 1', area: '0', name: '丙' }),
        row({ area: 'abc', name: '丁', phone: '12345', birthYear: '1899' }),
        row({ area: '80', phone: '13800002222' }),
      ]),
      context(),
    );
    expect(r.errors).toEqual([
      { row: 2, column: 'building', reason: 'required' },
      { row: 3, column: 'area', reason: 'area_decimals', value: '80.555' },
      { row: 4, column: 'door', reason: 'door', value: '10 1' },
      { row: 4, column: 'area', reason: 'area', value: '0' },
      { row: 5, column: 'area', reason: 'area', value: 'abc' },
      { row: 5, column: 'phone', reason: 'phone', value: '12345' },
      { row: 5, column: 'birthYear', reason: 'birth_year', value: '1899' },
      { row: 6, column: 'name', reason: 'required' },
    ]);
  });
});

describe('registry import: matching the registered household', () => {
  const person = (id: string, name: string, phone: string | null, birthYear: number | null, tags: string[] = []) => ({
    id,
    name,
    phone,
    birthYear,
    tags,
  });
  const units = new Map([
    [
      'b1|1|101',
      {
        id: 'u-101',
        areaHundredths: 8000,
        ownerIds: ['p-1'],
        people: [
          person('p-1', '张三', '13800001111', 1950, ['党员']),
          person('p-2', '李四', null, 1952),
          person('p-3', '王五', null, null),
          person('p-4', '赵六', '13800004444', 1980),
          person('p-5', '钱七', null, 1990),
        ],
      },
    ],
  ]);

  it('matches by phone first, then by name and birth year, each registered person once; lists the rest as absent', () => {
    const r = validateSheet(
      sheet([
        // renamed but same phone: the same person, changed
        row({ name: '张叁', phone: '13800001111', birthYear: '1950', tags: '党员' }),
        // name and year match; a blank year on the sheet matches any
        row({ name: '李四', birthYear: '1952' }),
        row({ name: '王五', birthYear: '1960' }),
        // same name, other year: not the registered 钱七 (born 1990)
        row({ name: '钱七', birthYear: '1991' }),
        // same phone, a tag added: changed
        row({ name: '赵六', phone: '13800004444', birthYear: '1980', tags: '志愿者' }),
      ]),
      context(units),
    );
    expect(r.errors).toEqual([]);
    const [u] = r.plan.units;
    expect(u?.people.map((p) => [p.name, p.existingId, p.changed])).toEqual([
      ['张叁', 'p-1', true],
      ['李四', 'p-2', false],
      ['王五', 'p-3', true],
      ['钱七', null, false],
      ['赵六', 'p-4', true],
    ]);
    expect(r.plan.absent).toEqual([{ id: 'p-5', name: '钱七', address: '1栋-1-101' }]);
    expect([u?.existingId, u?.changed, u?.areaHundredths]).toEqual(['u-101', false, 8000]);
  });

  it('marks an unchanged person unchanged, tags compared as sets', () => {
    const r = validateSheet(
      sheet([row({ name: '张三', phone: '13800001111', birthYear: '1950', tags: '党员、党员' })]),
      context(units),
    );
    expect(r.plan.units[0]?.people.map((p) => [p.existingId, p.changed, p.tags])).toEqual([['p-1', false, ['党员']]]);
  });

  it('lists buildings and 单元 the compound does not have yet, in sheet order', () => {
    const r = validateSheet(
      sheet([
        row({ building: '7', stairwell: '2', door: '301', area: '60', name: '甲' }),
        row({ building: '8号楼', stairwell: '1', door: '101', area: '60', name: '乙' }),
        row({ building: '7栋', stairwell: '2', door: '302', area: '60', name: '丙' }),
        row({ building: '1', stairwell: '3', door: '101', area: '60', name: '丁' }),
        row({ building: '1', stairwell: '1', door: '101', name: '戊' }),
      ]),
      context(units),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan.newBuildings).toEqual([
      { key: '7', name: '7栋' },
      { key: '8', name: '8号楼' },
    ]);
    expect(r.plan.newStairwells).toEqual(['7栋2单元', '8号楼1单元', '1栋3单元']);
    expect(r.plan.units.map((u) => [u.buildingId, u.stairwell, u.door])).toEqual([
      ['new:7', '2', '301'],
      ['new:8', '1', '101'],
      ['new:7', '2', '302'],
      ['b1', '3', '101'],
      ['b1', '1', '101'],
    ]);
  });
});

describe('registry import: each cell’s rule, at its boundary', () => {
  const errorsOf = (rows: Row[]) => validateSheet(sheet(rows), context()).errors;
  it('bounds the building, 单元 and door, and strips the 单元 and 室 suffixes', () => {
    expect(
      errorsOf([
        row({ building: `${'1'.repeat(19)}栋`, area: '50', name: '甲' }),
        row({ building: `${'1'.repeat(20)}栋`, area: '50', name: '乙' }),
        row({ building: '栋', area: '50', name: '丙' }),
        row({ stairwell: '', area: '50', name: '丁' }),
        row({ stairwell: '1-2', area: '50', name: '戊' }),
        row({ stairwell: '12345678901', area: '50', name: '己' }),
        row({ door: '', area: '50', name: '庚' }),
        row({ door: '1/2', area: '50', name: '辛' }),
      ]),
    ).toEqual([
      { row: 3, column: 'building', reason: 'too_long', value: `${'1'.repeat(20)}栋` },
      { row: 4, column: 'building', reason: 'required' },
      { row: 5, column: 'stairwell', reason: 'required' },
      { row: 6, column: 'stairwell', reason: 'stairwell', value: '1-2' },
      { row: 7, column: 'stairwell', reason: 'stairwell', value: '12345678901' },
      { row: 8, column: 'door', reason: 'required' },
      { row: 9, column: 'door', reason: 'door', value: '1/2' },
    ]);
    const r = validateSheet(sheet([row({ stairwell: '2单元', door: '301室', area: '50', name: '甲' })]), context());
    expect(r.plan.units.map((u) => [u.stairwell, u.door])).toEqual([['2', '301']]);
    // 单元 and 室 only at the end
    expect(errorsOf([row({ stairwell: '单元2', door: '室3', area: '50', name: '甲' })])).toEqual([]);
  });

  it('bounds the area, the name, the birth year and the tags', () => {
    expect(
      errorsOf([
        row({ door: '1', area: 'x80', name: '甲' }),
        row({ door: '2', area: '80x', name: '乙' }),
        row({ door: '3', area: '12345678', name: '丙' }),
        row({ door: '4', area: '1234567.5', name: '丁'.repeat(41) }),
        row({ door: '5', area: '50', name: '戊'.repeat(40), birthYear: '2027' }),
        row({ door: '6', area: '50', name: '己', birthYear: '19500' }),
        row({ door: '7', area: '50', name: '庚', birthYear: 'x1950' }),
        row({ door: '8', area: '50', name: '辛', birthYear: '1950x' }),
        row({ door: '9', area: '50', name: '壬', birthYear: '1899' }),
        row({ door: '10', area: '50', name: '癸', tags: '标'.repeat(21) }),
        row({ door: '11', area: '50', name: '子', tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join('、') }),
      ]),
    ).toEqual([
      { row: 2, column: 'area', reason: 'area', value: 'x80' },
      { row: 3, column: 'area', reason: 'area', value: '80x' },
      { row: 4, column: 'area', reason: 'area', value: '12345678' },
      { row: 5, column: 'name', reason: 'too_long' },
      { row: 6, column: 'birthYear', reason: 'birth_year', value: '2027' },
      { row: 7, column: 'birthYear', reason: 'birth_year', value: '19500' },
      { row: 8, column: 'birthYear', reason: 'birth_year', value: 'x1950' },
      { row: 9, column: 'birthYear', reason: 'birth_year', value: '1950x' },
      { row: 10, column: 'birthYear', reason: 'birth_year', value: '1899' },
      { row: 11, column: 'tags', reason: 'tags' },
      { row: 12, column: 'tags', reason: 'tags' },
    ]);
    const ok = validateSheet(
      sheet([
        row({ door: '1', area: '50', name: '甲', birthYear: '1900', tags: `${'标'.repeat(20)}, 党员；独居/ 党员` }),
        row({
          door: '2',
          area: '50',
          name: '乙',
          birthYear: '2026',
          tags: Array.from({ length: 20 }, (_, i) => `t${i}`).join(' '),
        }),
        row({ door: '3', area: '50', name: '丙', head: 'YES', phone: '' }),
      ]),
      context(),
    );
    expect(ok.errors).toEqual([]);
    expect(
      ok.plan.units.map((u) => [u.head, u.people.map((p) => [p.birthYear, p.phone, p.tags.length, p.existingId, p.changed])]),
    ).toEqual([
      [-1, [[1900, null, 3, null, false]]],
      [-1, [[2026, null, 20, null, false]]],
      [0, [[null, null, 0, null, false]]],
    ]);
    expect(ok.plan.units[0]?.people[0]?.tags).toEqual(['标'.repeat(20), '党员', '独居']);
    expect([ok.plan.people, ok.plan.rows, ok.plan.absent]).toEqual([3, 3, []]);
  });

  it('passes the parser’s errors through and plans nothing', () => {
    const parsed = sheet([row({ area: '50', name: '甲' })]);
    parsed.errors.push({ row: 1, column: 'name', reason: 'missing_column' });
    expect(validateSheet(parsed, context())).toEqual({
      errors: [{ row: 1, column: 'name', reason: 'missing_column' }],
      plan: { units: [], people: 0, rows: 1, newBuildings: [], newStairwells: [], absent: [] },
    });
  });

  it('keeps a one-person unit with a phone and a blank column out of the plan’s people when the name is blank', () => {
    const r = validateSheet(sheet([row({ area: '50' })]), context());
    expect(r.errors).toEqual([]);
    expect([r.plan.people, r.plan.units.map((u) => [u.areaHundredths, u.people.length, u.head, u.changed, u.ownerIds])]).toEqual([
      0,
      [[5000, 0, -1, false, []]],
    ]);
  });
});
