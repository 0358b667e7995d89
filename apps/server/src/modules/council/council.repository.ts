import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { CouncilCommentsTable, CouncilEventsTable, CouncilIssuesTable } from './council.tables';

export type Db = Kysely<DB> | Transaction<DB>;
export type IssueRow = Selectable<CouncilIssuesTable>;
export type EventRow = Selectable<CouncilEventsTable>;
export type CommentRow = Selectable<CouncilCommentsTable>;
type PhotoConsentColumn =
  | 'photo_consent'
  | 'photo_consent_at'
  | 'photo_consent_by'
  | 'photo_consent_channel'
  | 'photo_withdrawn_reason';

export interface IssueFilter {
  /** Always one compound: a list never mixes compounds. */
  compoundId: string;
  status?: string[];
  category?: string;
  ids?: string[];
  from?: string;
  to?: string;
  /** Include hidden issues (staff); else only those raised by this person besides visible ones. */
  includeHidden?: boolean;
  hiddenVisibleTo?: string | null;
  limit?: number;
}

/** SQL for council issues, their supports, comments and public timeline. */
export function createCouncilRepository(db: Kysely<DB>) {
  return {
    db,

    async insertIssue(
      trx: Db,
      row: Omit<
        IssueRow,
        | 'support_count'
        | 'hidden'
        | 'hidden_reason'
        | 'merged_into_id'
        | 'closed_at'
        | 'reminded_at'
        | 'answer'
        | PhotoConsentColumn
      > &
        Partial<Pick<IssueRow, PhotoConsentColumn>>,
    ) {
      await trx
        .insertInto('council_issues')
        .values({ photo_consent: 0, ...row, support_count: 0, hidden: 0 })
        .execute();
    },

    /**
     * Records a change of the photo-publication consent. Giving it only succeeds while staff have
     * not withdrawn publication (false otherwise, also when a withdrawal won a race). Leaves
     * updated_at alone: it is not progress on the issue, so it must not put off the reminder.
     */
    async setPhotoConsent(
      trx: Db,
      id: string,
      c: { given: boolean; by: string; channel: string | null; withdrawnReason?: string },
    ) {
      const now = nowIso();
      let q = trx
        .updateTable('council_issues')
        .set({
          photo_consent: c.given ? 1 : 0,
          photo_consent_at: now,
          photo_consent_by: c.by,
          photo_consent_channel: c.channel,
          ...(c.withdrawnReason !== undefined ? { photo_withdrawn_reason: c.withdrawnReason } : {}),
        })
        .where('id', '=', id);
      if (c.given) q = q.where('photo_withdrawn_reason', 'is', null);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    findIssue(id: string, trx: Db = db) {
      return trx
        .selectFrom('council_issues')
        .innerJoin('nodes', 'nodes.id', 'council_issues.compound_id')
        .selectAll('council_issues')
        .select(['nodes.path as compound_path', 'nodes.name as compound_name'])
        .where('council_issues.id', '=', id)
        .executeTakeFirst();
    },

    async listIssues(f: IssueFilter) {
      let q = db
        .selectFrom('council_issues')
        .innerJoin('nodes', 'nodes.id', 'council_issues.compound_id')
        .selectAll('council_issues')
        .select(['nodes.name as compound_name']);
      q = q.where('council_issues.compound_id', '=', f.compoundId);
      if (f.status?.length) q = q.where('council_issues.status', 'in', f.status);
      if (f.category) q = q.where('council_issues.category', '=', f.category);
      if (f.ids?.length) q = q.where('council_issues.id', 'in', f.ids);
      if (f.from) q = q.where('council_issues.created_at', '>=', f.from);
      if (f.to) q = q.where('council_issues.created_at', '<=', f.to);
      if (!f.includeHidden) {
        const viewer = f.hiddenVisibleTo;
        q = viewer
          ? q.where((eb) => eb.or([eb('council_issues.hidden', '=', 0), eb('council_issues.raised_by_person_id', '=', viewer)]))
          : q.where('council_issues.hidden', '=', 0);
      }
      return q
        .orderBy('council_issues.created_at', 'desc')
        .orderBy('council_issues.id', 'desc')
        .limit(f.limit ?? 200)
        .execute();
    },

    /** Moves an issue from one status to another; false when someone else moved it first. */
    async transition(
      trx: Db,
      id: string,
      from: readonly string[],
      to: string,
      set: Partial<Pick<IssueRow, 'answer' | 'closed_at' | 'merged_into_id'>> = {},
    ) {
      const now = nowIso();
      const res = await trx
        .updateTable('council_issues')
        .set({ status: to, updated_at: now, ...set })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async touch(trx: Db, id: string) {
      await trx.updateTable('council_issues').set({ updated_at: nowIso() }).where('id', '=', id).execute();
    },

    async setHidden(trx: Db, id: string, hidden: boolean, reason: string | null) {
      await trx
        .updateTable('council_issues')
        .set({ hidden: hidden ? 1 : 0, hidden_reason: reason, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    async addEvent(
      trx: Db,
      e: Omit<EventRow, 'id' | 'at' | 'meeting_id' | 'decision_id'> &
        Partial<Pick<EventRow, 'meeting_id' | 'decision_id' | 'at'>>,
    ) {
      await trx
        .insertInto('council_events')
        .values({ id: newId(), at: e.at ?? nowIso(), meeting_id: null, decision_id: null, ...e })
        .execute();
    },

    events(issueId: string) {
      return db.selectFrom('council_events').selectAll().where('issue_id', '=', issueId).orderBy('at').orderBy('id').execute();
    },

    /** +1 once per person: the primary key decides races; true when this call added it. */
    async support(trx: Db, issueId: string, personId: string) {
      const res = await trx
        .insertInto('council_supports')
        .values({ issue_id: issueId, person_id: personId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['issue_id', 'person_id']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await trx
        .updateTable('council_issues')
        .set((eb) => ({ support_count: eb('support_count', '+', 1) }))
        .where('id', '=', issueId)
        .execute();
      return true;
    },

    async hasSupported(issueId: string, personId: string) {
      const r = await db
        .selectFrom('council_supports')
        .select('person_id')
        .where('issue_id', '=', issueId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return !!r;
    },

    /** Carries a duplicate's supporters over to the issue it is merged into (each person once). */
    async moveSupports(trx: Db, fromId: string, intoId: string) {
      const rows = await trx
        .selectFrom('council_supports')
        .select(['person_id', 'created_at'])
        .where('issue_id', '=', fromId)
        .execute();
      for (const r of rows) {
        await trx
          .insertInto('council_supports')
          .values({ issue_id: intoId, person_id: r.person_id, created_at: r.created_at })
          .onConflict((oc) => oc.columns(['issue_id', 'person_id']).doNothing())
          .execute();
      }
      const n = await trx
        .selectFrom('council_supports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('issue_id', '=', intoId)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('council_issues')
        .set({ support_count: Number(n.n) })
        .where('id', '=', intoId)
        .execute();
    },

    async addComment(trx: Db, row: Omit<CommentRow, 'id' | 'hidden' | 'hidden_reason' | 'created_at'>) {
      const id = newId();
      await trx
        .insertInto('council_comments')
        .values({ id, ...row, hidden: 0, hidden_reason: null, created_at: nowIso() })
        .execute();
      return id;
    },

    comments(issueId: string) {
      return db
        .selectFrom('council_comments')
        .selectAll()
        .where('issue_id', '=', issueId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    findComment(id: string) {
      return db.selectFrom('council_comments').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async hideComment(trx: Db, id: string, reason: string) {
      await trx.updateTable('council_comments').set({ hidden: 1, hidden_reason: reason }).where('id', '=', id).execute();
    },

    /** Buildings of a compound (registry nodes of kind building). */
    buildings(compoundId: string) {
      return db
        .selectFrom('nodes')
        .select(['id', 'name'])
        .where('parent_id', '=', compoundId)
        .where('kind', '=', 'building')
        .orderBy('name')
        .execute();
    },

    findNode(id: string) {
      return db.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
    },

    nodeNames(ids: string[]) {
      if (!ids.length) return Promise.resolve([] as Array<{ id: string; name: string }>);
      return db.selectFrom('nodes').select(['id', 'name']).where('id', 'in', ids).execute();
    },

    /**
     * Issues still `raised`, untouched for longer than their compound's limit (default
     * `defaultDays`), and not reminded since: the reminder job's work.
     */
    async staleIssues(now: Date, defaultDays: number) {
      const rows = await db
        .selectFrom('council_issues')
        .leftJoin('council_settings', 'council_settings.compound_id', 'council_issues.compound_id')
        .select([
          'council_issues.id',
          'council_issues.compound_id',
          'council_issues.title',
          'council_issues.updated_at',
          'council_issues.reminded_at',
          'council_settings.remind_after_days',
        ])
        .where('council_issues.status', '=', 'raised')
        .where('council_issues.hidden', '=', 0)
        .where('council_issues.updated_at', '<', new Date(now.getTime() - 86_400_000).toISOString())
        .limit(2000)
        .execute();
      return rows
        .map((r) => ({ ...r, before: new Date(now.getTime() - (r.remind_after_days ?? defaultDays) * 86_400_000).toISOString() }))
        .filter((r) => r.updated_at < r.before && (r.reminded_at === null || r.reminded_at < r.before));
    },

    async settings(compoundId: string) {
      const r = await db
        .selectFrom('council_settings')
        .select(['remind_after_days', 'quorum', 'support_threshold_percent'])
        .where('compound_id', '=', compoundId)
        .executeTakeFirst();
      return r
        ? {
            remindAfterDays: r.remind_after_days,
            quorum: r.quorum === null ? null : Number(r.quorum),
            supportThresholdPercent: r.support_threshold_percent ?? null,
          }
        : null;
    },

    /** Saves the settings; a threshold left undefined keeps the stored one. */
    async saveSettings(
      compoundId: string,
      remindAfterDays: number,
      quorum: number | null,
      supportThresholdPercent?: number | null,
    ) {
      const now = nowIso();
      const threshold = supportThresholdPercent === undefined ? {} : { support_threshold_percent: supportThresholdPercent };
      await db
        .insertInto('council_settings')
        .values({ compound_id: compoundId, remind_after_days: remindAfterDays, quorum, updated_at: now, ...threshold })
        .onConflict((oc) =>
          oc.column('compound_id').doUpdateSet({ remind_after_days: remindAfterDays, quorum, updated_at: now, ...threshold }),
        )
        .execute();
    },

    /** Compounds under any of these subtree paths (the caller's reach). */
    compoundsUnder(paths: string[]) {
      if (!paths.length) return Promise.resolve([] as Array<{ id: string; name: string; path: string }>);
      return db
        .selectFrom('nodes')
        .select(['id', 'name', 'path'])
        .where('kind', '=', 'compound')
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .orderBy('path')
        .limit(500)
        .execute();
    },

    /** Claims the reminder for one issue; false when another run (or instance) already did. */
    async markReminded(id: string, at: string, before: string) {
      const res = await db
        .updateTable('council_issues')
        .set({ reminded_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', before)]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** People holding one of the roles at a node that is the compound or one of its ancestors. */
    async peopleWithRoleOver(compoundPath: string, roles: string[]) {
      const ancestors = compoundPath.split('/').filter(Boolean);
      if (!ancestors.length) return [];
      const rows = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select('accounts.person_id')
        .where('role_grants.role', 'in', roles)
        .where('role_grants.node_id', 'in', ancestors)
        .where('role_grants.revoked_at', 'is', null)
        .execute();
      return [...new Set(rows.map((r) => r.person_id))];
    },
  };
}

export type CouncilRepository = ReturnType<typeof createCouncilRepository>;
