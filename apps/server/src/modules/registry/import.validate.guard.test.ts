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
