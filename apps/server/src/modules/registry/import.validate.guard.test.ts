import { describe, expect, it } from 'vitest';
import type { ParsedSheet } from './import.parse';
import { buildingKey, type ImportContext, validateSheet } from './import.validate';

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
const person = (id: string, name: string, phone: string | null, birthYear: number | null, tags: string[] = []) => ({
  id,
  name,
  phone,
  birthYear,
  tags,
});

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

// Each case below killed a mutant that survived the tests above (bench/results/mutation.md).
describe('registry import: what mutation testing found untested', () => {
  const household = (...people: ReturnType<typeof person>[]) =>
    new Map([['b1|1|101', { id: 'u-101', areaHundredths: 8000, ownerIds: [], people }]]);
  const matched = (rows: Row[], units: ImportContext['units']) => {
    const r = validateSheet(sheet(rows.map(row)), context(units));
    expect(r.errors).toEqual([]);
    return { people: r.plan.units[0]?.people.map((p) => [p.name, p.existingId, p.changed]), absent: r.plan.absent };
  };

  it('matches a building by its number however the sheet spaces and suffixes it', () => {
    expect(['3', ' 3 ', '3 栋', '3幢', '3号楼', '3号'].map(buildingKey)).toEqual(['3', '3', '3', '3', '3', '3']);
    const r = validateSheet(sheet([row({ building: '1 栋', area: '50', name: '甲' })]), context());
    expect([r.errors, r.plan.units.map((u) => u.buildingId), r.plan.newBuildings]).toEqual([[], ['b1'], []]);
  });

  it('takes each way of saying "head of household", in any case', () => {
    const heads = ['是', 'Y', 'yes', '1', 'TRUE', '户主', '√'];
    const r = validateSheet(
      sheet(heads.map((head, i) => row({ door: String(i + 1), area: '50', name: `甲${i}`, head }))),
      context(),
    );
    expect(r.errors).toEqual([]);
    expect(r.plan.units.map((u) => u.head)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const no = validateSheet(sheet([row({ area: '50', name: '甲', head: '否' })]), context());
    expect(no.plan.units.map((u) => u.head)).toEqual([-1]);
  });

  it('knows a registered 单元 by its building and number, whatever the door', () => {
    const r = validateSheet(sheet([row({ door: '102', area: '50', name: '甲' })]), context(household()));
    expect([r.errors, r.plan.newStairwells]).toEqual([[], []]);
  });

  it('reads a sheet that lacks optional columns, and trims every cell', () => {
    const s = sheet([row({ area: ' 50 ', name: ' 甲 ', phone: ' 13800001111 ', birthYear: ' 1950 ' })]);
    s.columns = { building: 0, stairwell: 1, door: 2, area: 3, name: 5, phone: 6, birthYear: 7 };
    const r = validateSheet(s, context());
    expect(r.errors).toEqual([]);
    expect(r.plan.units.map((u) => [u.areaHundredths, u.head, u.people])).toEqual([
      [
        5000,
        -1,
        [{ rowNumber: 2, name: '甲', phone: '13800001111', birthYear: 1950, tags: [], existingId: null, changed: false }],
      ],
    ]);
  });

  it('reads a row that stops before its last columns as blank there', () => {
    const s = sheet([row({ area: '50', name: '甲', tags: '独居' })]);
    s.rows = s.rows.map((r) => ({ ...r, cells: r.cells.slice(0, 6) }));
    const r = validateSheet(s, context());
    expect(r.errors).toEqual([]);
    expect(r.plan.units.map((u) => u.people.map((p) => [p.name, p.phone, p.birthYear, p.tags]))).toEqual([
      [['甲', null, null, []]],
    ]);
  });

  it('quotes at most 40 characters of a bad value', () => {
    const long = '1'.repeat(45);
    expect(validateSheet(sheet([row({ building: long, area: '50', name: '甲' })]), context()).errors).toEqual([
      { row: 2, column: 'building', reason: 'too_long', value: '1'.repeat(40) },
    ]);
  });

  it('strips 单元 and 室 only at the end', () => {
    const r = validateSheet(sheet([row({ stairwell: '单元2', door: '室3', area: '50', name: '甲' })]), context());
    expect(r.plan.units.map((u) => [u.stairwell, u.door])).toEqual([['单元2', '室3']]);
  });

  it('names a new building as the sheet first wrote it, with 栋 added only to a bare number', () => {
    const r = validateSheet(
      sheet([
        row({ building: '5号楼', door: '1', area: '50', name: '甲' }),
        row({ building: '5栋', door: '2', area: '50', name: '乙' }),
        row({ building: '12', door: '3', area: '50', name: '丙' }),
        row({ building: 'A5', door: '4', area: '50', name: '丁' }),
      ]),
      context(),
    );
    expect(r.plan.newBuildings).toEqual([
      { key: '5', name: '5号楼' },
      { key: '12', name: '12栋' },
      { key: 'A5', name: 'A5' },
    ]);
  });

  it('takes a birth year only as exactly four digits', () => {
    expect(
      validateSheet(
        sheet([
          row({ door: '1', area: '50', name: '甲', birthYear: '01950' }),
          row({ door: '2', area: '50', name: '乙', birthYear: '1950.0' }),
        ]),
        context(),
      ).errors,
    ).toEqual([
      { row: 2, column: 'birthYear', reason: 'birth_year', value: '01950' },
      { row: 3, column: 'birthYear', reason: 'birth_year', value: '1950.0' },
    ]);
  });

  it('lets a later row give the area of a registered unit the first row left blank', () => {
    const r = validateSheet(sheet([row({ name: '甲' }), row({ name: '乙', area: '61' })]), context(household()));
    expect([r.errors, r.plan.units.map((u) => [u.areaHundredths, u.changed])]).toEqual([[], [[6100, true]]]);
  });

  it('reports a new unit without an area on its first row, even when no row names a person', () => {
    const r = validateSheet(
      sheet([row({ door: '101', area: '50', name: '甲' }), row({ door: '102' }), row({ door: '102' })]),
      context(),
    );
    expect(r.errors).toEqual([{ row: 3, column: 'area', reason: 'required' }]);
  });

  it('reports a second head on the row that names them, after rows repeating the first', () => {
    const r = validateSheet(
      sheet([
        row({ area: '80', name: '张三', head: '是' }),
        row({ name: '李四', head: '张三' }),
        row({ name: '王五', head: '王五' }),
      ]),
      context(),
    );
    expect(r.errors).toEqual([{ row: 4, column: 'head', reason: 'head_conflict', value: '张三/王五' }]);
  });

  it('sorts the errors of whole units in among the errors of rows', () => {
    const r = validateSheet(
      sheet([row({ door: '102', name: '甲' }), row({ door: '103', area: '50', name: '乙', phone: '123' })]),
      context(),
    );
    expect(r.errors).toEqual([
      { row: 2, column: 'area', reason: 'required' },
      { row: 3, column: 'phone', reason: 'phone', value: '123' },
    ]);
  });

  it('compares tags as sets: the same in any order is unchanged, one more, one other or split otherwise is changed', () => {
    const units = household(person('p-1', '张三', null, null, ['独居', '高龄']), person('p-2', '李四', null, null, ['ab', 'c']));
    const of = (a: string, b: string) =>
      matched(
        [
          { name: '张三', tags: a },
          { name: '李四', tags: b },
        ],
        units,
      ).people;
    expect(of('高龄、独居', 'c、ab')).toEqual([
      ['张三', 'p-1', false],
      ['李四', 'p-2', false],
    ]);
    expect(of('独居', 'a、bc')).toEqual([
      ['张三', 'p-1', true],
      ['李四', 'p-2', true],
    ]);
    expect(of('独居、低保', 'ab、c、d')).toEqual([
      ['张三', 'p-1', true],
      ['李四', 'p-2', true],
    ]);
  });

  it('counts a blank phone or year on the sheet as no change, a different one as a change', () => {
    const units = household(person('p-1', '张三', '13800001111', 1950), person('p-2', '李四', '13800002222', 1952));
    expect(matched([{ name: '张三' }, { name: '李四', birthYear: '1952' }], units).people).toEqual([
      ['张三', 'p-1', false],
      ['李四', 'p-2', false],
    ]);
    expect(
      matched(
        [
          { name: '张三', phone: '13900001111' },
          { name: '李四', birthYear: '1953' },
        ],
        units,
      ),
    ).toEqual({
      people: [
        ['张三', 'p-1', true],
        ['李四', null, false],
      ],
      absent: [{ id: 'p-2', name: '李四', address: '1栋-1-101' }],
    });
  });

  it('matches a person by phone once, and never again by name; an unknown phone falls back to the name', () => {
    const units = household(person('p-1', '张三', '13800001111', 1950), person('p-2', '张三', null, null));
    expect(matched([{ name: '张三', phone: '13800001111', birthYear: '1950' }], units)).toEqual({
      people: [['张三', 'p-1', false]],
      absent: [{ id: 'p-2', name: '张三', address: '1栋-1-101' }],
    });
    const other = household(person('p-1', '李四', '13800001111', 1950), person('p-3', '王五', null, 1960));
    expect(matched([{ name: '王五', phone: '13900009999', birthYear: '1960' }], other)).toEqual({
      people: [['王五', 'p-3', true]],
      absent: [{ id: 'p-1', name: '李四', address: '1栋-1-101' }],
    });
  });

  it('matches each sheet person to the registered person of the same name, whatever the order', () => {
    const units = household(person('p-1', '张三', null, 1950), person('p-2', '李四', null, null, ['c', 'ab']));
    expect(matched([{ name: '李四', tags: 'ab、c' }, { name: '张三' }], units).people).toEqual([
      ['李四', 'p-2', false],
      ['张三', 'p-1', false],
    ]);
  });

  it('matches by name only with the same year or a blank year on either side', () => {
    const units = household(
      person('p-1', '张三', null, 1950),
      person('p-2', '李四', null, null),
      person('p-3', '王五', null, 1960),
    );
    expect(matched([{ name: '张三' }, { name: '李四', birthYear: '1952' }, { name: '王五', birthYear: '1961' }], units)).toEqual({
      people: [
        ['张三', 'p-1', false],
        ['李四', 'p-2', true],
        ['王五', null, false],
      ],
      absent: [{ id: 'p-3', name: '王五', address: '1栋-1-101' }],
    });
  });
});
