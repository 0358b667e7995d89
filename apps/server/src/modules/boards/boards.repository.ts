import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

/** SQL of the 党员承诺牌: party members per building and their publication consents. */
export function createBoardsRepository(db: Kysely<DB>) {
  return {
    /** Party members (tag 党员) living in a building, with their door. */
    membersOfBuilding(buildingId: string) {
      return db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .select(['people.id', 'people.name', 'people.phone', 'units.stairwell', 'units.door'])
        .where('units.building_id', '=', buildingId)
        .where('people.erased_at', 'is', null)
        .where('people.tags', 'like', '%"党员"%')
        .orderBy('units.stairwell')
        .orderBy(sql`length(units.door)`)
        .orderBy('units.door')
        .orderBy('people.id')
        .execute();
    },

    /** Every consent change of these people, newest first. */
    history(personIds: string[]) {
      if (!personIds.length) return Promise.resolve([]);
      return db
        .selectFrom('board_consents')
        .selectAll()
        .where('person_id', 'in', personIds)
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    async record(
      v: { personId: string; given: boolean; recordedBy: string | null; note: string },
      trx: Kysely<DB> | Transaction<DB> = db,
    ) {
      const id = newId();
      const at = nowIso();
      await trx
        .insertInto('board_consents')
        .values({ id, person_id: v.personId, given: v.given ? 1 : 0, recorded_at: at, recorded_by: v.recordedBy, note: v.note })
        .execute();
      return { id, recordedAt: at };
    },

    /** Buildings of a compound with their party-member counts (for the boards index). */
    buildingsWithMembers(compoundId: string) {
      return db
        .selectFrom('nodes')
        .leftJoin('units', 'units.building_id', 'nodes.id')
        .leftJoin('people', (j) =>
          j.onRef('people.unit_id', '=', 'units.id').on('people.tags', 'like', '%"党员"%').on('people.erased_at', 'is', null),
        )
        .select(['nodes.id', 'nodes.name', sql<number>`count(people.id)`.as('members')])
        .where('nodes.parent_id', '=', compoundId)
        .where('nodes.kind', '=', 'building')
        .groupBy(['nodes.id', 'nodes.name'])
        .orderBy(sql`length(nodes.name)`)
        .orderBy('nodes.name')
        .execute();
    },
  };
}

export type BoardsRepository = ReturnType<typeof createBoardsRepository>;

/** The consent in force: the latest row per person. */
export function latestConsent<T extends { person_id: string; given: number; recorded_at: string }>(rows: T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) {
    const cur = m.get(r.person_id);
    if (!cur || r.recorded_at > cur.recorded_at) m.set(r.person_id, r);
  }
  return m;
}
