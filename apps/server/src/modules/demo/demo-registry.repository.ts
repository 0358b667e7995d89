import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import type { DemoRegistry } from './demo-registry';

type Db = Kysely<DB> | Transaction<DB>;

/** Rows per INSERT: well under SQLite's bound-parameter limit and PostgreSQL's, and fast on both. */
const CHUNK = 300;

/** Inserts rows in multi-row statements of CHUNK rows. */
export async function insertChunked<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: Array<Insertable<DB[T]>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // `never`: Kysely cannot relate a generic table name to its row type; callers are typed above.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

/** Local (UTC+8) date → ISO UTC of that day's hour. */
function chinaTime(day: Date, hour: number): string {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour - 8));
  return d.toISOString();
}

/** One table's rows, typed against that table where the batch is made. */
interface Batch {
  insert(db: Db): Promise<void>;
}
function batch<T extends keyof DB & string>(table: T, rows: Array<Insertable<DB[T]>>): Batch {
  return { insert: (db) => insertChunked(db, table, rows) };
}

const flag = (b: boolean) => (b ? 1 : 0);

/** Two sessions a day for the coming week (China time), so booking works out of the box. */
function demoSlots(stations: DemoRegistry['stations'], now: Date, at: string): Array<Insertable<DB['station_slots']>> {
  const slots: Array<Insertable<DB['station_slots']>> = [];
  for (const s of stations) {
    const capacity = s.type === 'elderly_care' ? 10 : s.type === 'public_health' ? 8 : 5;
    for (let d = 0; d < 7; d++) {
      const day = new Date(now.getTime() + 8 * 3600_000 + d * 86_400_000);
      for (const [from, to] of [
        [9, 11],
        [15, 17],
      ] as const) {
        slots.push({
          id: `sl-${s.id.slice(3)}-${d}-${from}`,
          station_id: s.id,
          starts_at: chinaTime(day, from),
          ends_at: chinaTime(day, to),
          capacity,
          booked: 0,
          created_at: at,
        });
      }
    }
  }
  return slots;
}

/** Writes the whole registry demo in one transaction (all or nothing, and fast on SQLite). */
export async function insertRegistryDemo(
  db: Kysely<DB>,
  data: DemoRegistry,
  pathOf: (id: string) => string,
  now = new Date(),
): Promise<void> {
  const created_at = nowIso(() => now);
  // In foreign-key order: a row's parents are written before it.
  const batches = [
    batch(
      'nodes',
      data.buildings.map((b) => ({
        id: b.id,
        parent_id: b.compoundId,
        kind: 'building',
        name: b.name,
        path: `${pathOf(b.compoundId)}${b.id}/`,
        created_at,
      })),
    ),
    batch(
      'units',
      data.units.map((u) => ({
        id: u.id,
        compound_id: u.compoundId,
        building_id: u.buildingId,
        stairwell: u.stairwell,
        door: u.door,
        area_hundredths: u.areaHundredths,
        area_source: u.areaSource,
        developer_held: flag(u.developerHeld),
        created_at,
      })),
    ),
    batch(
      'people',
      data.people.map((p) => ({
        id: p.id,
        node_id: p.compoundId,
        name: p.name,
        phone: p.phone,
        birth_year: p.birthYear,
        tags: JSON.stringify(p.tags),
        id_number: null,
        unit_id: p.unitId,
        created_at,
        erased_at: null,
      })),
    ),
    batch(
      'unit_owners',
      data.owners.map((o) => ({ unit_id: o.unitId, person_id: o.personId, representative: flag(o.representative) })),
    ),
    batch(
      'branches',
      data.branches.map((b) => ({
        id: b.id,
        compound_id: b.compoundId,
        name: b.name,
        founded_on: b.foundedOn,
        demonstration: flag(b.demonstration),
        created_at,
      })),
    ),
    batch(
      'branch_members',
      data.branchMembers.map((m) => ({ branch_id: m.branchId, person_id: m.personId, joined_on: m.joinedOn })),
    ),
    batch(
      'committees',
      data.committees.map((c) => ({
        id: c.id,
        compound_id: c.compoundId,
        name: c.name,
        chair_person_id: c.chairId,
        founded_on: c.foundedOn,
        term_start: c.termStart,
        term_end: c.termEnd,
        created_at,
      })),
    ),
    batch(
      'committee_members',
      data.committeeMembers.map((m) => ({ committee_id: m.committeeId, person_id: m.personId, position: m.position })),
    ),
    batch(
      'board_consents',
      data.consents.map((c, i) => ({
        id: `bc-demo-${String(i).padStart(4, '0')}`,
        person_id: c.personId,
        given: flag(c.given),
        recorded_at: c.recordedAt,
        recorded_by: null,
        note: c.note,
      })),
    ),
    batch(
      'stations',
      data.stations.map((s) => ({
        id: s.id,
        compound_id: s.compoundId,
        type: s.type,
        name: s.name,
        place: s.place,
        hours: s.hours,
        services: JSON.stringify(s.services),
        contacts: JSON.stringify(s.contacts),
        created_at,
      })),
    ),
    batch('station_slots', demoSlots(data.stations, now, created_at)),
  ];
  await db.transaction().execute(async (trx) => {
    for (const b of batches) await b.insert(trx);
  });
}

/** True once the registry demo is in (seedDemo then skips it). */
export async function registryDemoPresent(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').where('compound_id', '=', 'zhoucheng').limit(1).executeTakeFirst();
  return !!row;
}
