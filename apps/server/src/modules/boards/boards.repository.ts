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

    /** A member's own pledge, if they (or staff for them) wrote one. */
    pledgeOf(personId: string) {
      return db.selectFrom('board_pledges').selectAll().where('person_id', '=', personId).executeTakeFirst();
    },

    /** Writes (or overwrites) a member's pledge. */
    async savePledge(
      v: { personId: string; lines: string[]; photoId: string | null; updatedBy: string },
      trx: Kysely<DB> | Transaction<DB> = db,
    ) {
      const row = { lines: JSON.stringify(v.lines), photo_id: v.photoId, updated_at: nowIso(), updated_by: v.updatedBy };
      await trx
        .insertInto('board_pledges')
        .values({ person_id: v.personId, ...row })
        .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
        .execute();
      return row.updated_at;
    },

    /** Erasure: the member's pledge and its photo's upload row go; returns the photo ids whose files to remove. */
    async erasePledge(trx: Transaction<DB>, personId: string): Promise<string[]> {
      const photos = await trx
        .deleteFrom('uploads')
        .where('owner_type', '=', 'board_pledge')
        .where('owner_id', '=', personId)
        .returning('id')
        .execute();
      await trx.deleteFrom('board_pledges').where('person_id', '=', personId).execute();
      return photos.map((p) => p.id);
    },

    /**
     * Party members living in the buildings of a compound, in building and door order, with their
     * branch (their own branch membership, else the compound's branch) and their pledge.
     */
    async pledgesOfCompound(compoundId: string) {
      const rows = await db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .innerJoin('nodes', 'nodes.id', 'units.building_id')
        .leftJoin('board_pledges', 'board_pledges.person_id', 'people.id')
        .select([
          'people.id',
          'people.name',
          'nodes.name as building',
          'nodes.id as building_id',
          'units.stairwell',
          'units.door',
          'board_pledges.lines',
          'board_pledges.photo_id',
          'board_pledges.updated_at',
          (eb) =>
            eb
              .selectFrom('branch_members')
              .innerJoin('branches', 'branches.id', 'branch_members.branch_id')
              .select(sql<string>`min(branches.name)`.as('n'))
              .whereRef('branch_members.person_id', '=', 'people.id')
              .as('branch'),
        ])
        .where('nodes.parent_id', '=', compoundId)
        .where('people.erased_at', 'is', null)
        .where('people.tags', 'like', '%"党员"%')
        .orderBy(sql`length(nodes.name)`)
        .orderBy('nodes.name')
        .orderBy('units.stairwell')
        .orderBy(sql`length(units.door)`)
        .orderBy('units.door')
        .orderBy('people.id')
        .execute();
      const own = await db.selectFrom('branches').select('name').where('compound_id', '=', compoundId).executeTakeFirst();
      return rows.map((r) => ({ ...r, branch: r.branch ?? own?.name ?? null }));
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
