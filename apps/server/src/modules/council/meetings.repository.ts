import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { Db } from './council.repository';
import type { CouncilActionsTable, CouncilDecisionsTable, CouncilMeetingsTable, CouncilMembersTable } from './council.tables';

export type MeetingRow = Selectable<CouncilMeetingsTable>;
export type MemberRow = Selectable<CouncilMembersTable>;
/** A decision with its responsible member's name and role, read live (an erased name stays erased). */
export type DecisionRow = Selectable<CouncilDecisionsTable> & {
  responsible_name: string | null;
  responsible_title: string | null;
  responsible_kind: string | null;
};
export type ActionRow = Selectable<CouncilActionsTable>;

/** SQL for council members, meetings, agendas, attendance, decisions and action items. */
export function createMeetingsRepository(db: Kysely<DB>) {
  return {
    members(compoundId: string) {
      return db
        .selectFrom('council_members')
        .selectAll()
        .where('compound_id', '=', compoundId)
        .where('removed_at', 'is', null)
        .orderBy('kind')
        .orderBy('created_at')
        .execute();
    },

    findMember(id: string) {
      return db.selectFrom('council_members').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Adds a member (or brings a removed one back); false when already a member. */
    async addMember(row: Omit<MemberRow, 'id' | 'created_at' | 'removed_at'>) {
      const res = await db
        .insertInto('council_members')
        .values({ id: newId(), ...row, created_at: nowIso(), removed_at: null })
        .onConflict((oc) =>
          oc
            .columns(['compound_id', 'person_id'])
            .doUpdateSet({ kind: row.kind, title: row.title, removed_at: null })
            .where('council_members.removed_at', 'is not', null),
        )
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async removeMember(id: string) {
      await db.updateTable('council_members').set({ removed_at: nowIso() }).where('id', '=', id).execute();
    },

    /** People registered in the compound (names only), to pick members from. */
    /** People of the compound by name, with what tells namesakes apart: their door and (raw) phone. */
    async peopleOf(compoundPath: string, q: string) {
      let query = db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select('people.id')
        .where('nodes.path', 'like', `${compoundPath}%`)
        .where('people.erased_at', 'is', null);
      if (q) query = query.where('people.name', 'like', `%${q.replace(/[%_]/g, '')}%`);
      const ids = (await query.orderBy('people.name').orderBy('people.id').limit(30).execute()).map((r) => r.id);
      const found = await this.whoIs(ids);
      return ids.flatMap((id) => found.get(id) ?? []);
    },

    /** Name, door (楼栋-单元-门牌) and raw phone of people, by id: callers mask the phone. */
    async whoIs(personIds: string[]) {
      const out = new Map<string, { id: string; name: string; door: string; phone: string | null }>();
      if (!personIds.length) return out;
      const rows = await db
        .selectFrom('people')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select(['people.id', 'people.name', 'people.phone', 'b.name as building', 'units.stairwell', 'units.door'])
        .where('people.id', 'in', personIds)
        .execute();
      for (const r of rows) {
        const door = r.building && r.door ? `${r.building}${r.stairwell ? `${r.stairwell}单元` : ''}${r.door}` : '';
        out.set(r.id, { id: r.id, name: r.name, door, phone: r.phone });
      }
      return out;
    },

    findPerson(id: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'nodes.path'])
        .where('people.id', '=', id)
        .executeTakeFirst();
    },

    async createMeeting(
      row: Omit<MeetingRow, 'id' | 'created_at' | 'opened_at' | 'closed_at' | 'minutes' | 'status' | 'version'>,
    ) {
      const id = newId();
      await db
        .insertInto('council_meetings')
        .values({ id, ...row, status: 'planned', minutes: '', created_at: nowIso(), opened_at: null, closed_at: null })
        .execute();
      return id;
    },

    findMeeting(id: string, trx: Db = db) {
      return trx
        .selectFrom('council_meetings')
        .innerJoin('nodes', 'nodes.id', 'council_meetings.compound_id')
        .selectAll('council_meetings')
        .select(['nodes.path as compound_path', 'nodes.name as compound_name'])
        .where('council_meetings.id', '=', id)
        .executeTakeFirst();
    },

    meetings(compoundId: string) {
      return db
        .selectFrom('council_meetings')
        .selectAll()
        .where('compound_id', '=', compoundId)
        .orderBy('scheduled_at', 'desc')
        .limit(100)
        .execute();
    },

    async setMeetingStatus(trx: Db, id: string, from: string, to: string) {
      const now = nowIso();
      const res = await trx
        .updateTable('council_meetings')
        .set({ status: to, ...(to === 'in_session' ? { opened_at: now } : { closed_at: now }) })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Writes the minutes if the meeting is still at `version` and not closed (ADR 0002). */
    async setMinutes(trx: Db, id: string, version: number, minutes: string) {
      const res = await trx
        .updateTable('council_meetings')
        .set((eb) => ({ minutes, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '!=', 'closed')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    agenda(meetingId: string) {
      return db
        .selectFrom('council_agenda_items')
        .leftJoin('council_issues', 'council_issues.id', 'council_agenda_items.issue_id')
        .selectAll('council_agenda_items')
        .select([
          'council_issues.status as issue_status',
          'council_issues.category as issue_category',
          'council_issues.support_count',
        ])
        .where('meeting_id', '=', meetingId)
        .orderBy('position')
        .execute();
    },

    findAgendaItem(id: string) {
      return db.selectFrom('council_agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async addAgendaItem(trx: Db, meetingId: string, issueId: string | null, title: string) {
      const max = await trx
        .selectFrom('council_agenda_items')
        .select((eb) => eb.fn.max<number>('position').as('m'))
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst();
      const id = newId();
      await trx
        .insertInto('council_agenda_items')
        .values({ id, meeting_id: meetingId, issue_id: issueId, title, position: Number(max?.m ?? 0) + 1, created_at: nowIso() })
        .execute();
      return id;
    },

    async removeAgendaItem(trx: Db, id: string) {
      await trx.deleteFrom('council_agenda_items').where('id', '=', id).execute();
    },

    attendance(meetingId: string) {
      return db.selectFrom('council_attendance').selectAll().where('meeting_id', '=', meetingId).execute();
    },

    async setAttendance(meetingId: string, memberId: string, present: boolean) {
      await db
        .insertInto('council_attendance')
        .values({ meeting_id: meetingId, member_id: memberId, present: present ? 1 : 0 })
        .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doUpdateSet({ present: present ? 1 : 0 }))
        .execute();
    },

    async insertDecision(trx: Db, row: Omit<Selectable<CouncilDecisionsTable>, 'id' | 'created_at'>) {
      const id = newId();
      await trx
        .insertInto('council_decisions')
        .values({ id, ...row, created_at: nowIso() })
        .execute();
      return id;
    },

    decisionsOfMeeting(meetingId: string) {
      return db
        .selectFrom('council_decisions')
        .selectAll('council_decisions')
        .leftJoin('council_members as rm', 'rm.id', 'council_decisions.responsible_member_id')
        .select(['rm.name as responsible_name', 'rm.title as responsible_title', 'rm.kind as responsible_kind'])
        .where('council_decisions.meeting_id', '=', meetingId)
        .orderBy('council_decisions.created_at')
        .execute();
    },

    decisionsOfCompound(compoundId: string) {
      return db
        .selectFrom('council_decisions')
        .leftJoin('council_issues', 'council_issues.id', 'council_decisions.issue_id')
        .selectAll('council_decisions')
        .select(['council_issues.title as issue_title', 'council_issues.hidden as issue_hidden'])
        .leftJoin('council_members as rm', 'rm.id', 'council_decisions.responsible_member_id')
        .select(['rm.name as responsible_name', 'rm.title as responsible_title', 'rm.kind as responsible_kind'])
        .where('council_decisions.compound_id', '=', compoundId)
        .orderBy('council_decisions.created_at', 'desc')
        .limit(100)
        .execute();
    },

    decisionsOfIssue(issueId: string) {
      return db
        .selectFrom('council_decisions')
        .selectAll('council_decisions')
        .leftJoin('council_members as rm', 'rm.id', 'council_decisions.responsible_member_id')
        .select(['rm.name as responsible_name', 'rm.title as responsible_title', 'rm.kind as responsible_kind'])
        .where('council_decisions.issue_id', '=', issueId)
        .orderBy('council_decisions.created_at')
        .execute();
    },

    findDecision(id: string) {
      return db
        .selectFrom('council_decisions')
        .innerJoin('nodes', 'nodes.id', 'council_decisions.compound_id')
        .innerJoin('council_meetings', 'council_meetings.id', 'council_decisions.meeting_id')
        .selectAll('council_decisions')
        .select([
          'nodes.path as compound_path',
          'nodes.name as compound_name',
          'council_meetings.title as meeting_title',
          'council_meetings.scheduled_at as meeting_at',
        ])
        .leftJoin('council_members as rm', 'rm.id', 'council_decisions.responsible_member_id')
        .select(['rm.name as responsible_name', 'rm.title as responsible_title', 'rm.kind as responsible_kind'])
        .where('council_decisions.id', '=', id)
        .executeTakeFirst();
    },

    actions(decisionIds: string[]) {
      if (!decisionIds.length) return Promise.resolve([] as ActionRow[]);
      return db
        .selectFrom('council_actions')
        .selectAll()
        .where('decision_id', 'in', decisionIds)
        .orderBy('due_on')
        .orderBy('id')
        .execute();
    },

    findAction(id: string) {
      return db.selectFrom('council_actions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async addAction(trx: Db, row: Omit<ActionRow, 'id' | 'created_at' | 'status' | 'done_note' | 'done_at'>) {
      const id = newId();
      await trx
        .insertInto('council_actions')
        .values({ id, ...row, status: 'open', done_note: null, done_at: null, created_at: nowIso() })
        .execute();
      return id;
    },

    async completeAction(trx: Db, id: string, note: string | null) {
      const res = await trx
        .updateTable('council_actions')
        .set({ status: 'done', done_note: note, done_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async openActionsOfIssue(trx: Db, issueId: string) {
      const r = await trx
        .selectFrom('council_actions')
        .innerJoin('council_decisions', 'council_decisions.id', 'council_actions.decision_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('council_decisions.issue_id', '=', issueId)
        .where('council_actions.status', '=', 'open')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>;
