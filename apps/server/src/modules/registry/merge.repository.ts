import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Every column that names a person, grouped under the label the merge preview counts it by.
 * `key` lists the other columns of a unique key the person column is part of: where the survivor
 * already holds a row with the same key (both supported one issue, both read one notice), the
 * merged record's row is dropped instead of moved, so no constraint breaks and nothing counts twice.
 * A column added to the schema that names a person belongs here (the test lists them all).
 */
export const PERSON_REFERENCES = [
  { group: 'orders', table: 'orders', column: 'resident_person_id' },
  { group: 'orders', table: 'orders', column: 'volunteer_person_id' },
  { group: 'orders', table: 'orders', column: 'dispatched_to_person_id' },
  { group: 'orders', table: 'order_events', column: 'actor_person_id' },
  { group: 'orders', table: 'order_series', column: 'resident_person_id' },
  { group: 'hours', table: 'volunteer_hours', column: 'person_id', key: ['source_type', 'source_id'] },
  { group: 'hours', table: 'certificates', column: 'person_id' },
  { group: 'hours', table: 'volunteer_profiles', column: 'person_id', key: [] },
  { group: 'council', table: 'council_issues', column: 'raised_by_person_id' },
  { group: 'council', table: 'council_supports', column: 'person_id', key: ['issue_id'] },
  { group: 'council', table: 'council_comments', column: 'person_id' },
  { group: 'council', table: 'discussion_topics', column: 'person_id' },
  { group: 'council', table: 'discussion_replies', column: 'person_id' },
  { group: 'tickets', table: 'event_signups', column: 'person_id', key: ['occurrence_id'] },
  { group: 'tickets', table: 'group_members', column: 'person_id', key: ['group_id'] },
  { group: 'tickets', table: 'events', column: 'organiser_person_id' },
  { group: 'tickets', table: 'calendar_tokens', column: 'person_id' },
  { group: 'tickets', table: 'station_bookings', column: 'person_id' },
  { group: 'tickets', table: 'daycare_attendance', column: 'person_id', key: ['node_id', 'day'] },
  { group: 'health', table: 'health_visits', column: 'person_id' },
  { group: 'health', table: 'health_results', column: 'person_id' },
  { group: 'ballots', table: 'vote_ballots', column: 'cast_by_person_id' },
  { group: 'ballots', table: 'vote_voters', column: 'person_id', key: ['vote_id'] },
  { group: 'ballots', table: 'budget_ballots', column: 'cast_by_person_id' },
  { group: 'ballots', table: 'poll_voters', column: 'person_id', key: ['poll_id'] },
  { group: 'ballots', table: 'poll_answers', column: 'person_id' },
  { group: 'council', table: 'budget_proposals', column: 'submitted_by_person_id' },
  { group: 'units', table: 'unit_owners', column: 'person_id', key: ['unit_id'] },
  { group: 'pairings', table: 'pairings', column: 'volunteer_id' },
  { group: 'pairings', table: 'pairings', column: 'resident_id' },
  { group: 'zones', table: 'zone_claims', column: 'person_id' },
  { group: 'zones', table: 'zone_duties', column: 'person_id' },
  { group: 'zones', table: 'cleanup_attendance', column: 'person_id', key: ['cleanup_id'] },
  { group: 'roles', table: 'branches', column: 'secretary_person_id' },
  { group: 'roles', table: 'branch_members', column: 'person_id', key: ['branch_id'] },
  { group: 'roles', table: 'committees', column: 'chair_person_id' },
  { group: 'roles', table: 'committee_members', column: 'person_id', key: ['committee_id'] },
  { group: 'roles', table: 'board_consents', column: 'person_id' },
  { group: 'roles', table: 'board_pledges', column: 'person_id', key: [] },
  { group: 'notices', table: 'notice_reads', column: 'person_id', key: ['notice_id'] },
  { group: 'notices', table: 'convention_acks', column: 'person_id', key: ['version_id'] },
  { group: 'notices', table: 'project_follows', column: 'person_id', key: ['project_id'] },
  { group: 'channels', table: 'notifications', column: 'person_id' },
  { group: 'channels', table: 'notification_prefs', column: 'person_id', key: [] },
  { group: 'channels', table: 'notification_channel_prefs', column: 'person_id', key: ['category'] },
  { group: 'channels', table: 'push_subscriptions', column: 'person_id' },
  { group: 'channels', table: 'notification_outbox', column: 'person_id' },
  { group: 'channels', table: 'email_outbox', column: 'person_id' },
  { group: 'channels', table: 'wechat_bindings', column: 'person_id', key: [] },
  { group: 'channels', table: 'wechat_oauth_states', column: 'person_id' },
  { group: 'accounts', table: 'sessions', column: 'acting_for_person_id' },
  { group: 'accounts', table: 'join_requests', column: 'person_id' },
] as const satisfies ReadonlyArray<{ group: string; table: string; column: string; key?: readonly string[] }>;

export type MergeGroup = (typeof PERSON_REFERENCES)[number]['group'] | 'council_members' | 'accounts';

/** A vote in which each of the two records holds a different ballot. */
export interface BallotClash {
  voteId: string;
  title: string;
}

/** The SQL of the merge: counts for the preview, then the moves inside one transaction. */
export function createMergeRepository(db: Kysely<DB>) {
  /** Rows (alias t) of a reference that the survivor already holds under the same key. */
  function clashing(ref: (typeof PERSON_REFERENCES)[number], into: string) {
    const key = 'key' in ref ? ref.key : undefined;
    if (!key) return sql<boolean>`false`;
    const same = key.map((k) => sql`s.${sql.ref(k)} = t.${sql.ref(k)}`);
    return sql<boolean>`exists (select 1 from ${sql.table(ref.table)} s where s.${sql.ref(ref.column)} = ${into}${
      same.length ? sql` and ${sql.join(same, sql` and `)}` : sql``
    })`;
  }

  return {
    /** How many rows of each group name `from` (what would move), with council memberships and accounts. */
    async counts(from: string, q: Q = db): Promise<Record<MergeGroup, number>> {
      const out = {} as Record<MergeGroup, number>;
      for (const ref of PERSON_REFERENCES) {
        const r = await sql<{
          n: number | string;
        }>`select count(*) as n from ${sql.table(ref.table)} where ${sql.ref(ref.column)} = ${from}`.execute(q);
        out[ref.group] = (out[ref.group] ?? 0) + Number(r.rows[0]?.n ?? 0);
      }
      const members = await q.selectFrom('council_members').select('id').where('person_id', '=', from).execute();
      out.council_members = members.length;
      const accounts = await q.selectFrom('accounts').select('id').where('person_id', '=', from).execute();
      out.accounts = accounts.length;
      return out;
    },

    /**
     * Votes in which the two records hold different ballots (as caster, or as a voter of the
     * ballot's subject in the frozen electorate), and open votes in which they are voters of
     * different subjects: merged, one person would have two votes.
     */
    async ballotClashes(a: string, b: string, q: Q = db): Promise<BallotClash[]> {
      const ballotsOf = async (person: string) => {
        const rows = await q
          .selectFrom('vote_ballots')
          .leftJoin('vote_electorate', (j) =>
            j
              .onRef('vote_electorate.vote_id', '=', 'vote_ballots.vote_id')
              .onRef('vote_electorate.subject', '=', 'vote_ballots.subject'),
          )
          .select(['vote_ballots.id', 'vote_ballots.vote_id'])
          .where((eb) =>
            eb.or([eb('vote_ballots.cast_by_person_id', '=', person), eb('vote_electorate.voters', 'like', `%"${person}"%`)]),
          )
          .execute();
        return new Map(rows.map((r) => [r.vote_id, r.id]));
      };
      const openSubjectsOf = async (person: string) => {
        const rows = await q
          .selectFrom('vote_electorate')
          .innerJoin('votes', 'votes.id', 'vote_electorate.vote_id')
          .select(['vote_electorate.vote_id', 'vote_electorate.subject'])
          .where('votes.status', '=', 'open')
          .where('vote_electorate.voters', 'like', `%"${person}"%`)
          .execute();
        const out = new Map<string, Set<string>>();
        for (const r of rows) out.set(r.vote_id, (out.get(r.vote_id) ?? new Set()).add(r.subject));
        return out;
      };
      const [ofA, ofB, openA, openB] = await Promise.all([ballotsOf(a), ballotsOf(b), openSubjectsOf(a), openSubjectsOf(b)]);
      const clash = new Set([...ofA].filter(([vote, ballot]) => ofB.has(vote) && ofB.get(vote) !== ballot).map(([vote]) => vote));
      for (const [vote, subjects] of openA) {
        const other = openB.get(vote);
        if (other && [...new Set([...subjects, ...other])].length > 1) clash.add(vote);
      }
      if (clash.size === 0) return [];
      const votes = await q
        .selectFrom('votes')
        .select(['id', 'title'])
        .where('id', 'in', [...clash])
        .orderBy('id')
        .execute();
      return votes.map((v) => ({ voteId: v.id, title: v.title }));
    },

    /** Moves every reference from `from` to `into`; returns what moved and what was dropped as a duplicate, per group. */
    async moveReferences(trx: Transaction<DB>, from: string, into: string) {
      const moved: Record<string, number> = {};
      const dropped: Record<string, number> = {};
      for (const ref of PERSON_REFERENCES) {
        const del =
          await sql`delete from ${sql.table(ref.table)} as t where t.${sql.ref(ref.column)} = ${from} and ${clashing(ref, into)}`.execute(
            trx,
          );
        const upd =
          await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${into} where ${sql.ref(ref.column)} = ${from}`.execute(
            trx,
          );
        const d = Number(del.numAffectedRows ?? 0);
        const u = Number(upd.numAffectedRows ?? 0);
        if (d) dropped[ref.group] = (dropped[ref.group] ?? 0) + d;
        if (u) moved[ref.group] = (moved[ref.group] ?? 0) + u;
      }
      return { moved, dropped };
    },

    /**
     * Council memberships: a seat of the merged record moves; where both sat on one compound's
     * council, its attendance and decisions follow the survivor's seat and the seat is removed.
     */
    async moveCouncilSeats(trx: Transaction<DB>, from: string, into: string): Promise<number> {
      const seats = await trx.selectFrom('council_members').select(['id', 'compound_id']).where('person_id', '=', from).execute();
      for (const seat of seats) {
        const kept = await trx
          .selectFrom('council_members')
          .select('id')
          .where('person_id', '=', into)
          .where('compound_id', '=', seat.compound_id)
          .executeTakeFirst();
        if (!kept) {
          await trx.updateTable('council_members').set({ person_id: into }).where('id', '=', seat.id).execute();
          continue;
        }
        await sql`delete from council_attendance as t where t.member_id = ${seat.id}
          and exists (select 1 from council_attendance s where s.member_id = ${kept.id} and s.meeting_id = t.meeting_id)`.execute(
          trx,
        );
        await trx.updateTable('council_attendance').set({ member_id: kept.id }).where('member_id', '=', seat.id).execute();
        await trx
          .updateTable('council_decisions')
          .set({ responsible_member_id: kept.id })
          .where('responsible_member_id', '=', seat.id)
          .execute();
        await trx.deleteFrom('council_members').where('id', '=', seat.id).execute();
      }
      return seats.length;
    },

    /** The frozen electorates of open votes name the survivor where they named the merged record. */
    async moveElectorate(trx: Transaction<DB>, from: string, into: string): Promise<number> {
      const r = await sql`update vote_electorate set voters = replace(voters, ${`"${from}"`}, ${`"${into}"`})
        where voters like ${`%"${from}"%`} and vote_id in (select id from votes where status = 'open')`.execute(trx);
      return Number(r.numAffectedRows ?? 0);
    },

    accountOf(personId: string, q: Q = db) {
      return q.selectFrom('accounts').select(['id', 'phone', 'disabled']).where('person_id', '=', personId).executeTakeFirst();
    },

    async moveAccount(trx: Transaction<DB>, accountId: string, into: string) {
      await trx.updateTable('accounts').set({ person_id: into }).where('id', '=', accountId).execute();
    },

    /**
     * Both records had an account: the survivor's stays, the other's live role grants move to it
     * (a role already held at that node is not doubled) and the other is disabled, its sessions ended.
     */
    async foldAccount(trx: Transaction<DB>, fromAccount: string, intoAccount: string, now: string): Promise<number> {
      const grants = await trx
        .selectFrom('role_grants')
        .select(['id', 'role', 'node_id'])
        .where('account_id', '=', fromAccount)
        .where('revoked_at', 'is', null)
        .execute();
      let movedGrants = 0;
      for (const g of grants) {
        const held = await trx
          .selectFrom('role_grants')
          .select('id')
          .where('account_id', '=', intoAccount)
          .where('role', '=', g.role)
          .where('node_id', '=', g.node_id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (held) await trx.updateTable('role_grants').set({ revoked_at: now }).where('id', '=', g.id).execute();
        else {
          await trx.updateTable('role_grants').set({ account_id: intoAccount }).where('id', '=', g.id).execute();
          movedGrants++;
        }
      }
      await trx.updateTable('accounts').set({ disabled: 1 }).where('id', '=', fromAccount).execute();
      await trx.deleteFrom('sessions').where('account_id', '=', fromAccount).execute();
      return movedGrants;
    },
  };
}

export type MergeRepository = ReturnType<typeof createMergeRepository>;
