import { type ImportColumn, type ImportRowError, PHONE_RE } from '@lianxin/shared';
import type { ParsedSheet } from './import.parse';

export interface PlannedPerson {
  rowNumber: number;
  name: string;
  phone: string | null;
  birthYear: number | null;
  tags: string[];
}

export interface PlannedUnit {
  buildingId: string;
  stairwell: string;
  door: string;
  areaHundredths: number;
  people: PlannedPerson[];
  /** Index into people of the household head (the unit's owner), or -1. */
  head: number;
}

export interface ImportPlan {
  units: PlannedUnit[];
  people: number;
  rows: number;
}

/** What validation needs from the registry: the compound's buildings and taken addresses. */
export interface ImportContext {
  buildings: Map<string, string>;
  takenAddresses: Set<string>;
  currentYear: number;
}

/** "3栋" / "3幢" / "3号楼" / " 3 " → "3": the key buildings are matched by. */
export function buildingKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/(栋|幢|号楼|号)/g, '');
}
export const addressKey = (buildingId: string, stairwell: string, door: string) => `${buildingId}|${stairwell}|${door}`;

const YES = new Set(['是', 'y', 'yes', '1', 'true', '户主', '√']);
const TAG_SPLIT = /[、,，;；/|\s]+/;

/**
 * Checks every row and builds the plan. Every bad row is reported with its spreadsheet row
 * number, the column and a reason code; the plan is only used when there are no errors.
 */
export function validateSheet(sheet: ParsedSheet, ctx: ImportContext): { errors: ImportRowError[]; plan: ImportPlan } {
  const errors: ImportRowError[] = [...sheet.errors];
  const units = new Map<string, PlannedUnit & { areaRow: number; headNames: Array<{ name: string; row: number }> }>();
  const get = (cells: string[], key: ImportColumn) => {
    const i = sheet.columns[key];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  if (sheet.errors.length) return { errors, plan: { units: [], people: 0, rows: sheet.rows.length } };
  let people = 0;
  for (const { rowNumber: row, cells } of sheet.rows) {
    const bad = (column: ImportColumn, reason: string, value?: string) =>
      errors.push({ row, column, reason, ...(value ? { value: value.slice(0, 40) } : {}) });
    const before = errors.length;
    const buildingRaw = get(cells, 'building');
    const stairwell = get(cells, 'stairwell').replace(/单元$/, '');
    const door = get(cells, 'door').replace(/室$/, '');
    const areaRaw = get(cells, 'area');
    const name = get(cells, 'name');
    const phone = get(cells, 'phone').replace(/[\s-]/g, '');
    const yearRaw = get(cells, 'birthYear');
    const headRaw = get(cells, 'head');
    const tags = get(cells, 'tags').split(TAG_SPLIT).filter(Boolean);

    let buildingId: string | undefined;
    if (!buildingRaw) bad('building', 'required');
    else {
      buildingId = ctx.buildings.get(buildingKey(buildingRaw));
      if (!buildingId) bad('building', 'unknown_building', buildingRaw);
    }
    if (!stairwell) bad('stairwell', 'required');
    else if (!/^[0-9A-Za-z\u4e00-\u9fa5]{1,10}$/.test(stairwell)) bad('stairwell', 'stairwell', stairwell);
    if (!door) bad('door', 'required');
    else if (!/^[0-9A-Za-z\u4e00-\u9fa5-]{1,20}$/.test(door)) bad('door', 'door', door);
    let areaHundredths: number | null = null;
    if (areaRaw) {
      const m = /^(\d{1,7})(?:\.(\d+))?$/.exec(areaRaw);
      if (!m) bad('area', 'area', areaRaw);
      else if ((m[2] ?? '').length > 2) bad('area', 'area_decimals', areaRaw);
      else {
        areaHundredths = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
        if (areaHundredths <= 0) bad('area', 'area', areaRaw);
      }
    }
    if (name && [...name].length > 40) bad('name', 'too_long');
    if (phone && !PHONE_RE.test(phone)) bad('phone', 'phone', phone);
    let birthYear: number | null = null;
    if (yearRaw) {
      birthYear = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : Number.NaN;
      if (!(birthYear >= 1900 && birthYear <= ctx.currentYear)) bad('birthYear', 'birth_year', yearRaw);
    }
    if (tags.some((t) => [...t].length > 20) || tags.length > 20) bad('tags', 'tags');
    if (!name && (phone || yearRaw || tags.length)) bad('name', 'required');
    if (errors.length > before || !buildingId) continue;

    const key = addressKey(buildingId, stairwell, door);
    if (ctx.takenAddresses.has(key)) {
      bad('door', 'door_taken', `${buildingRaw}-${stairwell}-${door}`);
      continue;
    }
    let unit = units.get(key);
    if (!unit) {
      unit = {
        buildingId,
        stairwell,
        door,
        areaHundredths: areaHundredths ?? 0,
        people: [],
        head: -1,
        areaRow: areaHundredths === null ? 0 : row,
        headNames: [],
      };
      units.set(key, unit);
    } else if (areaHundredths !== null) {
      if (unit.areaRow && unit.areaHundredths !== areaHundredths) {
        bad('area', 'area_conflict', areaRaw);
        continue;
      }
      unit.areaHundredths = areaHundredths;
      unit.areaRow = row;
    }
    if (!name) continue;
    if (unit.people.some((p) => p.name === name)) {
      bad('name', 'duplicate_person', name);
      continue;
    }
    unit.people.push({ rowNumber: row, name, phone: phone || null, birthYear, tags: [...new Set(tags)] });
    people++;
    if (headRaw) {
      if (YES.has(headRaw.toLowerCase())) unit.headNames.push({ name, row });
      else unit.headNames.push({ name: headRaw, row });
    }
  }
  for (const u of units.values()) {
    if (!u.areaRow) {
      errors.push({ row: u.people[0]?.rowNumber ?? 0, column: 'area', reason: 'required' });
      continue;
    }
    const heads = [...new Set(u.headNames.map((h) => h.name))];
    if (heads.length > 1) {
      errors.push({ row: u.headNames[1]?.row ?? 0, column: 'head', reason: 'head_conflict', value: heads.join('/') });
      continue;
    }
    // The head named may live elsewhere (an owner of several flats): then no owner link here.
    u.head = heads[0] ? u.people.findIndex((p) => p.name === heads[0]) : -1;
  }
  errors.sort((a, b) => a.row - b.row);
  return {
    errors,
    plan: { units: [...units.values()].map(({ areaRow: _a, headNames: _h, ...u }) => u), people, rows: sheet.rows.length },
  };
}
