import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { PollAnswersTable, PollsTable, PollVotersTable } from './polls.tables';

/** All SQL of quick polls. */
export function createPollsRepository(db: Kysely<DB>) {
  const withCompound = () =>
    db
      .selectFrom('polls')
      .innerJoin('nodes', 'nodes.id', 'polls.compound_id')
      .selectAll('polls')
      .select(['nodes.path as compound_path']);
  return {
    transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },
    findNode(id: string) {
      return db.selectFrom('nodes').select(['id', 'kind', 'path', 'parent_id']).where('id', '=', id).executeTakeFirst();
    },
    findGroup(id: string) {
      return db
        .selectFrom('groups')
        .innerJoin('nodes', 'nodes.id', 'groups.node_id')
        .select(['groups.id', 'nodes.path'])
        .where('groups.id', '=', id)
        .executeTakeFirst();
    },
    async insertPoll(trx: Transaction<DB>, row: PollsTable): Promise<void> {
      await trx.insertInto('polls').values(row).execute();
    },
    /**
     * Everyone a new poll is addressed to (live people), by the same rules as `inAudience`:
     * registered in the compound (and its building, or a current member of its group), or, for
     * its volunteers, holding a volunteer grant that reaches the compound.
     */
    async audience(
      trx: Transaction<DB>,
      p: Pick<PollsTable, 'audience' | 'audience_id'> & { compound_path: string },
    ): Promise<string[]> {
      if (p.audience === 'volunteers') {
        const rows = await trx
          .selectFrom('role_grants')
          .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
          .innerJoin('people', 'people.id', 'accounts.person_id')
          .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
          .select(['people.id', 'nodes.path'])
          .where('role_grants.role', '=', 'volunteer')
          .where('role_grants.revoked_at', 'is', null)
          .where('people.erased_at', 'is', null)
          .execute();
        const reach = rows.filter((r) => p.compound_path.startsWith(r.path) || r.path.startsWith(p.compound_path));
        return [...new Set(reach.map((r) => r.id))].sort();
      }
      let q = trx
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select('people.id')
        .where('people.erased_at', 'is', null)
        .where('nodes.path', 'like', `${p.compound_path}%`);
      if (p.audience === 'building')
        q = q.where('people.unit_id', 'in', (eb) =>
          eb
            .selectFrom('units')
            .select('units.id')
            .where('units.building_id', '=', p.audience_id ?? ''),
        );
      if (p.audience === 'group')
        q = q.where('people.id', 'in', (eb) =>
          eb
            .selectFrom('group_members')
            .select('group_members.person_id')
            .where('group_members.group_id', '=', p.audience_id ?? '')
            .where('group_members.left_at', 'is', null),
        );
      return (await q.orderBy('people.id').execute()).map((r) => r.id);
    },
    findPoll(id: string) {
      return withCompound().where('polls.id', '=', id).executeTakeFirst();
    },
    /** Polls of compounds under (or equal to) any of these paths, newest first. */
    pollsUnder(paths: string[]) {
      if (!paths.length) return Promise.resolve([]);
      return withCompound()
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))))
        .orderBy('polls.created_at', 'desc')
        .limit(200)
        .execute();
    },
    /** True the first time a vendor's reply sequence id is seen; false for its retries. */
    async firstSighting(sequenceId: string, at: string): Promise<boolean> {
      const r = await db
        .insertInto('sms_replies_seen')
        .values({ sequence_id: sequenceId, received_at: at })
        .onConflict((oc) => oc.column('sequence_id').doNothing())
        .returning('sequence_id')
        .executeTakeFirst();
      return r?.sequence_id === sequenceId;
    },
    /** Live people with this phone number (an SMS reply names only its sender's number). */
    async peopleByPhone(phone: string): Promise<string[]> {
      const rows = await db
        .selectFrom('people')
        .select('id')
        .where('phone', '=', phone)
        .where('erased_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },
    /** Polls still open at `now` of compounds at these exact paths, newest first. */
    openPollsAt(paths: string[], now: string) {
      if (!paths.length) return Promise.resolve([]);
      return withCompound()
        .where('nodes.path', 'in', paths)
        .where('polls.closes_at', '>', now)
        .orderBy('polls.created_at', 'desc')
        .orderBy('polls.id', 'desc')
        .execute();
    },
    /** What the audience rules need to know of a person. */
    async personFacts(personId: string) {
      const p = await db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .select(['nodes.path', 'units.building_id', 'units.compound_id as unit_compound'])
        .where('people.id', '=', personId)
        .where('people.erased_at', 'is', null)
        .executeTakeFirst();
      if (!p) return null;
      const groups = await db
        .selectFrom('group_members')
        .select('group_id')
        .where('person_id', '=', personId)
        .where('left_at', 'is', null)
        .execute();
      const volunteerPaths = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select('nodes.path')
        .where('accounts.person_id', '=', personId)
        .where('role_grants.role', '=', 'volunteer')
        .where('role_grants.revoked_at', 'is', null)
        .execute();
      return {
        path: p.path,
        buildingId: p.building_id ?? null,
        groups: new Set(groups.map((g) => g.group_id)),
        volunteerPaths: volunteerPaths.map((v) => v.path),
      };
    },
    async hasAnswered(pollId: string, personId: string): Promise<boolean> {
      const r = await db
        .selectFrom('poll_voters')
        .select('person_id')
        .where('poll_id', '=', pollId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return !!r;
    },
    /** Records that the person answered; false when they already had. */
    async insertVoter(trx: Transaction<DB>, row: PollVotersTable): Promise<boolean> {
      const r = await trx
        .insertInto('poll_voters')
        .values(row)
        .onConflict((oc) => oc.columns(['poll_id', 'person_id']).doNothing())
        .returning('person_id')
        .executeTakeFirst();
      return r?.person_id === row.person_id;
    },
    async insertAnswer(trx: Transaction<DB>, row: PollAnswersTable): Promise<void> {
      await trx.insertInto('poll_answers').values(row).execute();
    },
    answers(pollId: string) {
      return db.selectFrom('poll_answers').select('answer').where('poll_id', '=', pollId).orderBy('id').execute();
    },
    /** Named polls only: who answered what, through which channel. */
    named(pollId: string) {
      return db
        .selectFrom('poll_answers')
        .innerJoin('people', 'people.id', 'poll_answers.person_id')
        .innerJoin('poll_voters', (j) =>
          j
            .onRef('poll_voters.poll_id', '=', 'poll_answers.poll_id')
            .onRef('poll_voters.person_id', '=', 'poll_answers.person_id'),
        )
        .select(['people.name', 'poll_answers.answer', 'poll_voters.channel'])
        .where('poll_answers.poll_id', '=', pollId)
        .orderBy('poll_voters.created_at')
        .execute();
    },
    /** Stores the final count once; false when another request already did. */
    async storeResult(trx: Transaction<DB>, pollId: string, result: string): Promise<boolean> {
      const r = await trx
        .updateTable('polls')
        .set({ result })
        .where('id', '=', pollId)
        .where('result', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type PollsRepository = ReturnType<typeof createPollsRepository>;
