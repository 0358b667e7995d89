import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

/** Day-care centre (日间照料中心) attendance: one check-in per elder per day. */
export function createDaycareRepository(db: Kysely<DB>) {
  return {
    /** Elders (born in or before the year) under the node path, with their check-in that day. */
    eldersWithAttendance(nodePath: string, nodeId: string, maxBirthYear: number, day: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .leftJoin('daycare_attendance as a', (j) =>
          j.onRef('a.person_id', '=', 'people.id').on('a.node_id', '=', nodeId).on('a.day', '=', day),
        )
        .select(['people.id', 'people.name', 'people.birth_year', 'a.checked_in_at'])
        .where('nodes.path', 'like', `${nodePath}%`)
        .where('people.erased_at', 'is', null)
        .where('people.birth_year', '<=', maxBirthYear)
        .orderBy('people.name')
        .limit(1000)
        .execute();
    },

    /** Checks in once a day: returns null when already checked in (the existing time is then read). */
    async checkIn(
      row: { node_id: string; person_id: string; day: string; checked_in_by: string },
      after: (trx: Transaction<DB>) => Promise<void>,
    ) {
      return db.transaction().execute(async (trx) => {
        const at = nowIso();
        const r = await trx
          .insertInto('daycare_attendance')
          .values({ ...row, id: newId(), checked_in_at: at })
          .onConflict((oc) => oc.columns(['node_id', 'person_id', 'day']).doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
        await after(trx);
        return at;
      });
    },

    findCheckIn(nodeId: string, personId: string, day: string) {
      return db
        .selectFrom('daycare_attendance')
        .select('checked_in_at')
        .where('node_id', '=', nodeId)
        .where('person_id', '=', personId)
        .where('day', '=', day)
        .executeTakeFirst();
    },

    /** Attendance per day since a day (for the centre's daily figures). */
    perDay(nodeId: string, sinceDay: string) {
      return db
        .selectFrom('daycare_attendance')
        .select((eb) => ['day', eb.fn.countAll<number>().as('count')])
        .where('node_id', '=', nodeId)
        .where('day', '>=', sinceDay)
        .groupBy('day')
        .orderBy('day', 'desc')
        .execute();
    },
  };
}

export type DaycareRepository = ReturnType<typeof createDaycareRepository>;
