import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from '../../db/database';
import type { DB } from '../../db/schema';
import { type Param, prepared } from '../../lib/prepared';
import type { VoteBallotsTable, VotesTable } from './votes.tables';

type Executor = Kysely<DB> | Transaction<DB>;

/** A frozen electorate, as written when a vote opens. */
export interface FrozenElectorate {
  subjects: Array<{ subject: string; units: string[]; areaHundredths: number; voters: string[]; developer: boolean }>;
  units: Array<{ unit: string; subject: string; areaHundredths: number; areaSource: string }>;
}

/** All SQL of the votes module. Every write that depends on the vote being open locks the vote row first. */
export function createVotesRepository(db: Kysely<DB>, dialect: DialectName) {
  /**
   * Reads the vote row and, on PostgreSQL, holds a share lock on it until the transaction ends:
   * closing takes the row's exclusive lock, so a ballot is either committed before the close reads
   * the ballots, or sees the vote closed. SQLite runs one write transaction at a time anyway.
   */
  const lockVoteRow = prepared(db, (p: Param<'id'>) => {
    const q = db.selectFrom('votes').selectAll().where('id', '=', p('id'));
    return dialect === 'postgres' ? q.forShare() : q;
  });
  async function lockVote(trx: Transaction<DB>, voteId: string): Promise<VotesTable | undefined> {
    return (await lockVoteRow.run(trx, { id: voteId })).rows[0];
  }
  // Casting a ballot runs these on every request: compiled once (lib/prepared.ts).
  const voteById = prepared(db, (p: Param<'id'>) =>
    db
      .selectFrom('votes')
      .innerJoin('nodes', 'nodes.id', 'votes.compound_id')
      .selectAll('votes')
      .select(['nodes.path as compound_path', 'nodes.name as compound_name'])
      .where('votes.id', '=', p('id')),
  );
  const subjectOfVoter = prepared(db, (p: Param<'vote' | 'person'>) =>
    db.selectFrom('vote_voters').select('subject').where('vote_id', '=', p('vote')).where('person_id', '=', p('person')),
  );
  const BALLOT_COLUMNS: ReadonlyArray<keyof VoteBallotsTable> = [
    'id',
    'vote_id',
    'subject',
    'choice',
    'channel',
    'status',
    'cast_by_person_id',
    'entered_by',
    'confirmed_by',
    'confirmed_at',
    'receipt_hash',
    'created_at',
  ];
  const ballotOnce = prepared(db, (p: Param<keyof VoteBallotsTable>) =>
    db
      .insertInto('vote_ballots')
      .values(Object.fromEntries(BALLOT_COLUMNS.map((c) => [c, p(c)])) as unknown as VoteBallotsTable)
      .onConflict((oc) => oc.columns(['vote_id', 'subject']).doNothing())
      .returning('id'),
  );

  return {
    transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },

    lockVote,

    async insertVote(trx: Transaction<DB>, vote: VotesTable, electorate: FrozenElectorate): Promise<void> {
      await trx.insertInto('votes').values(vote).execute();
      // Chunks keep each statement under SQLite's bound-parameter limit.
      const chunk = <T>(rows: T[], n: number) =>
        Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, i * n + n));
      for (const part of chunk(electorate.subjects, 500)) {
        await trx
          .insertInto('vote_electorate')
          .values(
            part.map((s) => ({
              vote_id: vote.id,
              subject: s.subject,
              units: JSON.stringify(s.units),
              area_hundredths: s.areaHundredths,
              voters: JSON.stringify(s.voters),
              developer: s.developer ? 1 : 0,
            })),
          )
          .execute();
      }
      for (const part of chunk(electorate.units, 500)) {
        await trx
          .insertInto('vote_units')
          .values(
            part.map((u) => ({
              vote_id: vote.id,
              unit: u.unit,
              subject: u.subject,
              area_hundredths: u.areaHundredths,
              area_source: u.areaSource,
            })),
          )
          .execute();
      }
      const voters = electorate.subjects.flatMap((s) =>
        s.voters.map((p) => ({ vote_id: vote.id, person_id: p, subject: s.subject })),
      );
      for (const part of chunk(voters, 500)) await trx.insertInto('vote_voters').values(part).execute();
    },

    async findVote(voteId: string, ex: Executor = db) {
      return (await voteById.run(ex, { id: voteId })).rows[0];
    },

    /** Votes in any of the subtrees, or that the person may cast in, newest first. */
    listVotes(filter: { paths: string[]; personId: string; limit: number }) {
      return db
        .selectFrom('votes')
        .innerJoin('nodes', 'nodes.id', 'votes.compound_id')
        .selectAll('votes')
        .select(['nodes.name as compound_name', 'nodes.path as compound_path'])
        .where((eb) =>
          eb.or([
            ...filter.paths.map((p) => eb('nodes.path', 'like', `${p}%`)),
            eb(
              'votes.id',
              'in',
              eb.selectFrom('vote_voters').select('vote_voters.vote_id').where('vote_voters.person_id', '=', filter.personId),
            ),
          ]),
        )
        .orderBy('votes.created_at', 'desc')
        .limit(filter.limit)
        .execute();
    },

    /** Compounds under any of the subtrees: where the caller may open a vote. */
    compoundsUnder(paths: string[]) {
      if (!paths.length) return Promise.resolve([]);
      return db
        .selectFrom('nodes')
        .select(['id', 'name'])
        .where('kind', '=', 'compound')
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .orderBy('name')
        .limit(500)
        .execute();
    },

    /** The subject a person may cast for in a vote, if any. */
    async subjectOf(voteId: string, personId: string, ex: Executor = db): Promise<string | undefined> {
      return (await subjectOfVoter.run(ex, { vote: voteId, person: personId })).rows[0]?.subject;
    },

    /** Whether the person owns (or co-owns) a unit of the compound now. */
    async ownsUnitIn(compoundId: string, personId: string): Promise<boolean> {
      const r = await db
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .select('unit_owners.unit_id')
        .where('units.compound_id', '=', compoundId)
        .where('unit_owners.person_id', '=', personId)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },

    findUnit(voteId: string, unit: string, ex: Executor = db) {
      return ex.selectFrom('vote_units').selectAll().where('vote_id', '=', voteId).where('unit', '=', unit).executeTakeFirst();
    },

    listUnits(voteId: string, ex: Executor = db) {
      return ex.selectFrom('vote_units').selectAll().where('vote_id', '=', voteId).execute();
    },

    listElectorate(voteId: string) {
      return db.selectFrom('vote_electorate').selectAll().where('vote_id', '=', voteId).execute();
    },

    /** Names of the given people (for staff screens only; never phones). */
    async namesOf(personIds: string[]): Promise<Map<string, string>> {
      if (!personIds.length) return new Map();
      const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** Inserts the ballot unless the subject already has one; true when this call's row went in. */
    async insertBallot(trx: Transaction<DB>, ballot: VoteBallotsTable): Promise<boolean> {
      const r = (await ballotOnce.run(trx, ballot)).rows[0];
      return r?.id === ballot.id;
    },

    findBallotOfSubject(voteId: string, subject: string, ex: Executor = db) {
      return ex
        .selectFrom('vote_ballots')
        .select(['id', 'status', 'channel', 'created_at'])
        .where('vote_id', '=', voteId)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },

    /** Counted ballots with their subject's area: the tally's input and the published receipts. */
    countedBallots(voteId: string, ex: Executor = db) {
      return ex
        .selectFrom('vote_ballots')
        .innerJoin('vote_electorate as e', (j) =>
          j.onRef('e.vote_id', '=', 'vote_ballots.vote_id').onRef('e.subject', '=', 'vote_ballots.subject'),
        )
        .select([
          'vote_ballots.subject',
          'vote_ballots.choice',
          'vote_ballots.receipt_hash',
          'vote_ballots.channel',
          'e.units',
          'e.area_hundredths',
        ])
        .where('vote_ballots.vote_id', '=', voteId)
        .where('vote_ballots.status', '=', 'counted')
        .orderBy('vote_ballots.receipt_hash')
        .execute();
    },

    /** Live turnout: counted subjects and their area; pending paper ballots apart. */
    async turnout(voteId: string) {
      const rows = await db
        .selectFrom('vote_ballots')
        .innerJoin('vote_electorate as e', (j) =>
          j.onRef('e.vote_id', '=', 'vote_ballots.vote_id').onRef('e.subject', '=', 'vote_ballots.subject'),
        )
        .select((eb) => [
          'vote_ballots.status',
          'vote_ballots.channel',
          eb.fn.countAll<number>().as('owners'),
          eb.fn.sum<number>('e.area_hundredths').as('area'),
        ])
        .where('vote_ballots.vote_id', '=', voteId)
        .groupBy(['vote_ballots.status', 'vote_ballots.channel'])
        .execute();
      return rows.map((r) => ({ status: r.status, channel: r.channel, owners: Number(r.owners), area: Number(r.area ?? 0) }));
    },

    /** The leaf index of the vote's closing entry in the public log (null until sequenced). */
    async closingLeaf(voteId: string): Promise<number | null> {
      const r = await db
        .selectFrom('audit_log')
        .select('leaf_index')
        .where('target_type', '=', 'vote')
        .where('target_id', '=', voteId)
        .where('action', '=', 'vote.closed')
        .executeTakeFirst();
      return r?.leaf_index ?? null;
    },

    /** Open votes whose window has ended. */
    async dueVotes(now: string): Promise<string[]> {
      const rows = await db.selectFrom('votes').select('id').where('status', '=', 'open').where('closes_at', '<=', now).execute();
      return rows.map((r) => r.id);
    },

    /** open → closed, once: false when another caller (or instance) closed it first, or it is not due. */
    async markClosed(trx: Transaction<DB>, voteId: string, now: string): Promise<boolean> {
      const r = await trx
        .updateTable('votes')
        .set({ status: 'closed', closed_at: now })
        .where('id', '=', voteId)
        .where('status', '=', 'open')
        .where('closes_at', '<=', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async storeResult(trx: Transaction<DB>, voteId: string, result: unknown): Promise<void> {
      await trx
        .updateTable('votes')
        .set({ result: JSON.stringify(result) })
        .where('id', '=', voteId)
        .execute();
    },
  };
}

export type VotesRepository = ReturnType<typeof createVotesRepository>;
