import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * The electorate of an owners' decision, computed from the registry (units, unit_owners).
 *
 * Counting rules (SPC interpretation on 建筑物区分所有权, arts. 8–9), applied by grouping units
 * into voting subjects:
 * - one exclusive unit = one owner;
 * - all developer-held units (unsold or undelivered) together = one owner;
 * - one buyer with several units = one owner, their areas add up;
 * - co-owners of one unit = one owner.
 *
 * The last two rules can meet: A and B co-own unit 1 while A alone owns unit 2. We take the
 * connected components of the graph "two units are joined when they share an owner" (plus: every
 * developer-held unit is joined to every other), so such mixed cases have one well-defined answer:
 * units 1 and 2 form one subject. A unit with no recorded owner is its own subject with nobody
 * able to cast online for it (a paper ballot can still be entered for it), so the totals that the
 * 2/3 quorum is measured against stay right.
 *
 * Area (art. 8) is the unit's registered area; `area_source` records which area the registry
 * holds (registered, else surveyed, else contract), and is carried along so staff can see it.
 *
 * Who may cast a subject's one ballot: the owners marked `representative` in the subject's units,
 * or, when none is marked, any of its owners (still one ballot per subject, enforced by the
 * ballots table's unique constraint).
 */

/** A unit as the electorate needs it. */
export interface ElectorateUnitRow {
  id: string;
  /** Unit number, e.g. "1-2-301" (building-stairwell-door). */
  unit: string;
  areaHundredths: number;
  areaSource: string;
  developerHeld: boolean;
}

/** An ownership row: person owns unit (representative of its co-owners or not). */
export interface ElectorateOwnerRow {
  unitId: string;
  personId: string;
  representative: boolean;
}

/** One voting subject. */
export interface ElectorateSubject {
  /** Stable id: "developer", or the smallest unit id of the subject's units. */
  subject: string;
  units: string[];
  areaHundredths: number;
  /** Persons who may cast this subject's ballot online. */
  voters: string[];
  developer: boolean;
}

export interface Electorate {
  /** What packages/tally takes: one row per unit with its subject id and area string. */
  units: Array<{ unit: string; owner: string; area: string; areaHundredths: number; areaSource: string }>;
  subjects: ElectorateSubject[];
  totalOwners: number;
  totalAreaHundredths: number;
}

/** Formats integer hundredths as "89.50". */
export function formatArea(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/**
 * "1栋", "2单元", "301" → "1-2-301": the number part of each, since that is how residents write
 * an address; a name without a number is kept whole.
 */
export function unitNumber(building: string, stairwell: string, door: string): string {
  const num = (s: string) => /^\s*(\d+)/.exec(s)?.[1] ?? s.trim();
  return `${num(building)}-${num(stairwell)}-${door.trim()}`;
}

/** Union-find with path halving: components of units joined by shared owners. */
function components(n: number, edges: Iterable<[number, number]>): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let i = x;
    while (parent[i] !== i) {
      const p = parent[i] as number;
      parent[i] = parent[p] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (const [a, b] of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  return parent.map((_, i) => find(i));
}

/** Groups units into voting subjects by the rules above. Pure, so it is tested without a database. */
export function buildElectorate(units: readonly ElectorateUnitRow[], owners: readonly ElectorateOwnerRow[]): Electorate {
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(sorted.map((u, i) => [u.id, i]));
  const edges: Array<[number, number]> = [];
  const firstUnitOf = new Map<string, number>();
  for (const o of owners) {
    const i = index.get(o.unitId);
    if (i === undefined) continue;
    const first = firstUnitOf.get(o.personId);
    if (first === undefined) firstUnitOf.set(o.personId, i);
    else edges.push([first, i]);
  }
  let firstDeveloper = -1;
  sorted.forEach((u, i) => {
    if (!u.developerHeld) return;
    if (firstDeveloper === -1) firstDeveloper = i;
    else edges.push([firstDeveloper, i]);
  });
  const root = components(sorted.length, edges);

  const ownersOfUnit = new Map<number, ElectorateOwnerRow[]>();
  for (const o of owners) {
    const i = index.get(o.unitId);
    if (i === undefined) continue;
    const list = ownersOfUnit.get(i) ?? [];
    list.push(o);
    ownersOfUnit.set(i, list);
  }

  const byRoot = new Map<number, number[]>();
  root.forEach((r, i) => {
    const list = byRoot.get(r) ?? [];
    list.push(i);
    byRoot.set(r, list);
  });

  const subjects: ElectorateSubject[] = [];
  const unitRows: Electorate['units'] = [];
  let totalArea = 0;
  for (const [r, members] of byRoot) {
    const developer = members.some((i) => sorted[i]?.developerHeld);
    const subject = developer ? 'developer' : (sorted[r] as ElectorateUnitRow).id;
    const all = new Set<string>();
    const reps = new Set<string>();
    let area = 0;
    const labels: string[] = [];
    for (const i of members) {
      const u = sorted[i] as ElectorateUnitRow;
      area += u.areaHundredths;
      labels.push(u.unit);
      unitRows.push({
        unit: u.unit,
        owner: subject,
        area: formatArea(u.areaHundredths),
        areaHundredths: u.areaHundredths,
        areaSource: u.areaSource,
      });
      for (const o of ownersOfUnit.get(i) ?? []) {
        all.add(o.personId);
        if (o.representative) reps.add(o.personId);
      }
    }
    totalArea += area;
    labels.sort(compareUnitNumbers);
    subjects.push({ subject, units: labels, areaHundredths: area, voters: [...(reps.size ? reps : all)].sort(), developer });
  }
  subjects.sort((a, b) => compareUnitNumbers(a.units[0] ?? '', b.units[0] ?? ''));
  unitRows.sort((a, b) => compareUnitNumbers(a.unit, b.unit));
  return { units: unitRows, subjects, totalOwners: subjects.length, totalAreaHundredths: totalArea };
}

/** "2-1-101" before "10-1-101": numbers compare as numbers. */
export function compareUnitNumbers(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Reads a compound's units and owners from the registry and builds its electorate. */
export async function loadElectorate(db: Kysely<DB>, compoundId: string): Promise<Electorate> {
  const units = await db
    .selectFrom('units')
    .innerJoin('nodes as b', 'b.id', 'units.building_id')
    .select([
      'units.id',
      'b.name as building',
      'units.stairwell',
      'units.door',
      'units.area_hundredths',
      'units.area_source',
      'units.developer_held',
    ])
    .where('units.compound_id', '=', compoundId)
    .execute();
  const owners = await db
    .selectFrom('unit_owners')
    .innerJoin('units', 'units.id', 'unit_owners.unit_id')
    .select(['unit_owners.unit_id', 'unit_owners.person_id', 'unit_owners.representative'])
    .where('units.compound_id', '=', compoundId)
    .execute();
  return buildElectorate(
    units.map((u) => ({
      id: u.id,
      unit: unitNumber(u.building, u.stairwell, u.door),
      areaHundredths: Number(u.area_hundredths),
      areaSource: u.area_source,
      developerHeld: Number(u.developer_held) === 1,
    })),
    owners.map((o) => ({ unitId: o.unit_id, personId: o.person_id, representative: Number(o.representative) === 1 })),
  );
}
