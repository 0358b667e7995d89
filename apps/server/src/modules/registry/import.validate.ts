import { type ImportColumn, type ImportRowError, PHONE_RE } from '@lianxin/shared';
import type { ParsedSheet } from './import.parse';

export interface PlannedPerson {
  rowNumber: number;
  name: string;
  phone: string | null;
  birthYear: number | null;
  tags: string[];
  /** The registry person this row is (matched by phone, else name and birth year in the household). */
  existingId: string | null;
  /** A matched person whose phone, birth year or tags the sheet changes. */
  changed: boolean;
}

export interface PlannedUnit {
  /** An existing building's id, or `new:<key>` for one the import creates (see ImportPlan.newBuildings). */
  buildingId: string;
  stairwell: string;
  door: string;
  areaHundredths: number;
  people: PlannedPerson[];
  /** Index into people of the household head (the unit's owner), or -1. */
  head: number;
  /** The registered unit at this address, when there is one. */
  existingId: string | null;
  /** An existing unit whose area the sheet changes. */
  changed: boolean;
  /** Person ids already owners of the existing unit. */
  ownerIds: string[];
}

export interface ImportPlan {
  units: PlannedUnit[];
  people: number;
  rows: number;
  /** Buildings the sheet names that the compound does not have yet, in sheet order. */
  newBuildings: Array<{ key: string; name: string }>;
  /** 单元 the sheet names that no registered unit has yet: "3栋2单元". */
  newStairwells: string[];
  /** Registered people of the units the sheet names whom it no longer lists (for staff to confirm; nothing is deleted). */
  absent: Array<{ id: string; name: string; address: string }>;
}

export interface ExistingPerson {
  id: string;
  name: string;
  phone: string | null;
  birthYear: number | null;
  tags: string[];
}

export interface ExistingUnit {
  id: string;
  areaHundredths: number;
  people: ExistingPerson[];
  ownerIds: string[];
}

/** What validation needs from the registry: the compound's buildings and its registered units with their people. */
export interface ImportContext {
  buildings: Map<string, string>;
  /** Building names by id, for the addresses of absent people. */
  buildingNames: Map<string, string>;
  units: Map<string, ExistingUnit>;
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
  const units = new Map<
    string,
    PlannedUnit & { firstRow: number; areaRow: number; headNames: Array<{ name: string; row: number }>; label: string }
  >();
  const newBuildings = new Map<string, string>();
  const knownStairwells = new Set<string>();
  for (const k of ctx.units.keys()) knownStairwells.add(k.split('|').slice(0, 2).join('|'));
  const newStairwells: string[] = [];
  const absent: ImportPlan['absent'] = [];
  const phones = new Map<string, string>();
  const get = (cells: string[], key: ImportColumn) => {
    const i = sheet.columns[key];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  if (sheet.errors.length)
    return {
      errors,
      plan: { units: [], people: 0, rows: sheet.rows.length, newBuildings: [], newStairwells: [], absent: [] },
    };
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
    else if ([...buildingRaw].length > 20) bad('building', 'too_long', buildingRaw);
    else {
      const bkey = buildingKey(buildingRaw);
      buildingId = ctx.buildings.get(bkey);
      if (!buildingId && bkey) {
        // A building the compound does not have yet: the import creates it (the dry run lists it).
        buildingId = `new:${bkey}`;
        if (!newBuildings.has(bkey)) newBuildings.set(bkey, /^\d+$/.test(buildingRaw.trim()) ? `${bkey}栋` : buildingRaw.trim());
      } else if (!bkey) bad('building', 'required');
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
    else if (phone) {
      const holder = phones.get(phone);
      if (holder !== undefined && holder !== name) bad('phone', 'phone_duplicate', phone);
      else phones.set(phone, name);
    }
    let birthYear: number | null = null;
    if (yearRaw) {
      birthYear = /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : Number.NaN;
      if (!(birthYear >= 1900 && birthYear <= ctx.currentYear)) bad('birthYear', 'birth_year', yearRaw);
    }
    if (tags.some((t) => [...t].length > 20) || tags.length > 20) bad('tags', 'tags');
    if (!name && (phone || yearRaw || tags.length)) bad('name', 'required');
    if (errors.length > before || !buildingId) continue;

    const key = addressKey(buildingId, stairwell, door);
    let unit = units.get(key);
    if (!unit) {
      const existing = ctx.units.get(key);
      unit = {
        buildingId,
        stairwell,
        door,
        // An existing unit keeps its registered area unless the sheet gives one.
        areaHundredths: areaHundredths ?? existing?.areaHundredths ?? 0,
        people: [],
        head: -1,
        firstRow: row,
        areaRow: areaHundredths === null ? (existing ? -1 : 0) : row,
        headNames: [],
        existingId: existing?.id ?? null,
        changed: false,
        ownerIds: existing?.ownerIds ?? [],
        label: `${buildingRaw}-${stairwell}-${door}`,
      };
      units.set(key, unit);
      if (!existing) {
        const sw = `${buildingId}|${stairwell}`;
        if (!knownStairwells.has(sw)) {
          knownStairwells.add(sw);
          const bname = newBuildings.get(buildingId.slice(4)) ?? ctx.buildingNames.get(buildingId) ?? buildingRaw;
          newStairwells.push(`${bname}${stairwell}单元`);
        }
      }
    } else if (areaHundredths !== null) {
      if (unit.areaRow > 0 && unit.areaHundredths !== areaHundredths) {
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
    unit.people.push({
      rowNumber: row,
      name,
      phone: phone || null,
      birthYear,
      tags: [...new Set(tags)],
      existingId: null,
      changed: false,
    });
    people++;
    if (headRaw) {
      if (YES.has(headRaw.toLowerCase())) unit.headNames.push({ name, row });
      else unit.headNames.push({ name: headRaw, row });
    }
  }
  for (const u of units.values()) {
    if (u.areaRow === 0) {
      errors.push({ row: u.firstRow, column: 'area', reason: 'required' });
      continue;
    }
    const heads = [...new Set(u.headNames.map((h) => h.name))];
    if (heads.length > 1) {
      // Reported on the first row that names another head than the first one named.
      const second = u.headNames.find((h) => h.name !== heads[0]) as { row: number };
      errors.push({ row: second.row, column: 'head', reason: 'head_conflict', value: heads.join('/') });
      continue;
    }
    // The head named may live elsewhere (an owner of several flats): then no owner link here.
    u.head = heads[0] ? u.people.findIndex((p) => p.name === heads[0]) : -1;
    const existing = u.existingId ? ctx.units.get(addressKey(u.buildingId, u.stairwell, u.door)) : undefined;
    if (existing) {
      u.changed = existing.areaHundredths !== u.areaHundredths;
      matchPeople(u.people, existing.people);
      const kept = new Set(u.people.map((p) => p.existingId));
      for (const p of existing.people) if (!kept.has(p.id)) absent.push({ id: p.id, name: p.name, address: u.label });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return {
    errors,
    plan: {
      units: [...units.values()].map(({ firstRow: _f, areaRow: _a, headNames: _h, label: _l, ...u }) => u),
      people,
      rows: sheet.rows.length,
      newBuildings: [...newBuildings].map(([key, name]) => ({ key, name })),
      newStairwells,
      absent,
    },
  };
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('、') === [...b].sort().join('、');

/**
 * Matches the sheet's people of one household to its registered people: by phone first, then by
 * name and birth year (a blank year on either side matches any), each registered person once.
 */
function matchPeople(planned: PlannedPerson[], existing: ExistingPerson[]): void {
  const free = new Map(existing.map((p) => [p.id, p]));
  const take = (p: PlannedPerson, e: ExistingPerson) => {
    free.delete(e.id);
    p.existingId = e.id;
    p.changed =
      e.name !== p.name ||
      (p.phone !== null && e.phone !== p.phone) ||
      (p.birthYear !== null && e.birthYear !== p.birthYear) ||
      !sameTags(e.tags, p.tags);
  };
  for (const p of planned) {
    if (!p.phone) continue;
    const e = [...free.values()].find((x) => x.phone === p.phone);
    if (e) take(p, e);
  }
  for (const p of planned) {
    if (p.existingId) continue;
    const e = [...free.values()].find(
      (x) => x.name === p.name && (x.birthYear === null || p.birthYear === null || x.birthYear === p.birthYear),
    );
    if (e) take(p, e);
  }
}
