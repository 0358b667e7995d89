import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import type { Team, VolunteerProfilesTable } from './volunteers.tables';

export interface ProfileInput {
  skills?: string[];
  availability?: string;
  sharePhone?: boolean;
}

/** Volunteer profiles and the 党团妇 teams. All SQL of the volunteers module lives here. */
export function createVolunteersRepository(db: Kysely<DB>) {
  return {
    find(personId: string, trx?: Transaction<DB>) {
      return (trx ?? db)
        .selectFrom('volunteer_profiles')
        .innerJoin('people', 'people.id', 'volunteer_profiles.person_id')
        .selectAll('volunteer_profiles')
        .select(['people.name', 'people.phone'])
        .where('volunteer_profiles.person_id', '=', personId)
        .executeTakeFirst();
    },

    /** Creates the profile, or re-activates one that had left (joining again keeps the history of hours). */
    async upsert(personId: string, compoundId: string, input: ProfileInput & { team?: Team | null }, trx?: Transaction<DB>) {
      const now = nowIso();
      const row: VolunteerProfilesTable = {
        person_id: personId,
        compound_id: compoundId,
        skills: JSON.stringify(input.skills ?? []),
        availability: input.availability ?? '',
        team: input.team ?? null,
        team_leader: 0,
        team_joined_at: input.team ? now : null,
        status: 'active',
        joined_at: now,
        left_at: null,
        updated_at: now,
        share_phone: input.sharePhone ? 1 : 0,
      };
      const set: Partial<VolunteerProfilesTable> = { status: 'active', left_at: null, updated_at: now };
      if (input.skills) set.skills = row.skills;
      if (input.availability !== undefined) set.availability = row.availability;
      if (input.sharePhone !== undefined) set.share_phone = row.share_phone;
      await (trx ?? db)
        .insertInto('volunteer_profiles')
        .values(row)
        .onConflict((oc) => oc.column('person_id').doUpdateSet(set))
        .execute();
    },

    async update(
      personId: string,
      set: Partial<Omit<VolunteerProfilesTable, 'person_id' | 'compound_id'>>,
      trx?: Transaction<DB>,
    ) {
      const r = await (trx ?? db)
        .updateTable('volunteer_profiles')
        .set({ ...set, updated_at: nowIso() })
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Leaves volunteering; only an active profile can leave (a second leave is a no-op answer). */
    async leave(personId: string, trx?: Transaction<DB>) {
      const now = nowIso();
      const r = await (trx ?? db)
        .updateTable('volunteer_profiles')
        .set({ status: 'left', left_at: now, team_leader: 0, updated_at: now })
        .where('person_id', '=', personId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** A compound's volunteers with their total minutes, optionally one team. */
    listByCompound(compoundId: string, filter: { team?: Team; status?: 'active' | 'left' } = {}) {
      let q = db
        .selectFrom('volunteer_profiles')
        .innerJoin('people', 'people.id', 'volunteer_profiles.person_id')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('volunteer_hours')
              .select(['person_id', (e) => e.fn.sum<number>('minutes').as('minutes')])
              .groupBy('person_id')
              .as('h'),
          (j) => j.onRef('h.person_id', '=', 'volunteer_profiles.person_id'),
        )
        .selectAll('volunteer_profiles')
        .select(['people.name', 'people.phone', 'h.minutes'])
        .where('volunteer_profiles.compound_id', '=', compoundId)
        .where('volunteer_profiles.status', '=', filter.status ?? 'active')
        .orderBy('volunteer_profiles.team')
        .orderBy('volunteer_profiles.team_leader', 'desc')
        .orderBy('people.name');
      if (filter.team) q = q.where('volunteer_profiles.team', '=', filter.team);
      return q.execute();
    },

    /** Team sizes and leaders in a compound. */
    async teams(compoundId: string) {
      const rows = await db
        .selectFrom('volunteer_profiles')
        .innerJoin('people', 'people.id', 'volunteer_profiles.person_id')
        .select(['volunteer_profiles.team', 'volunteer_profiles.team_leader', 'people.name', 'people.id'])
        .where('volunteer_profiles.compound_id', '=', compoundId)
        .where('volunteer_profiles.status', '=', 'active')
        .where('volunteer_profiles.team', 'is not', null)
        .execute();
      return rows;
    },

    /** A person of the compound's subtree (the one staff enrol or pair), or undefined. */
    personInSubtree(personId: string, compoundPath: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.tags', 'people.phone', 'people.birth_year'])
        .where('people.id', '=', personId)
        .where('people.erased_at', 'is', null)
        .where('nodes.path', 'like', `${compoundPath}%`)
        .executeTakeFirst();
    },

    /** People of a compound with a tag (e.g. 志愿者), for the demo and the enrol picker. */
    peopleTagged(compoundPath: string, tag: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.tags'])
        .where('nodes.path', 'like', `${compoundPath}%`)
        .where('people.erased_at', 'is', null)
        .where('people.tags', 'like', `%"${tag}"%`)
        .orderBy('people.id')
        .execute();
    },
  };
}

export type VolunteersRepository = ReturnType<typeof createVolunteersRepository>;
