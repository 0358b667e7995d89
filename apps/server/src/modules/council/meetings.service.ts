import type {
  councilActionItemSchema,
  councilAddMemberSchema,
  councilCreateMeetingSchema,
  councilDecisionSchema,
} from '@lianxin/shared';
import { quorumFor } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { checkVersion, refusal } from '../../db/versioned';
import { AppError, fieldError, notFound } from '../../lib/errors';
import type { AuthContext } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { CouncilNotifier } from './council.notify';
import { actorRole, auditActor, requireStaff } from './council.policy';
import type { CouncilRepository } from './council.repository';
import type { MeetingsRepository } from './meetings.repository';
import type { SupportThreshold } from './support-threshold';

export interface MeetingsDeps {
  db: Kysely<DB>;
  council: CouncilRepository;
  meetings: MeetingsRepository;
  audit: Pick<AuditRepository, 'append'>;
  /** Tells the raiser, supporters and the responsible member of each step (absent: nobody). */
  notifier?: Pick<CouncilNotifier, 'step'>;
  /** Issues that reached the support threshold join the next meeting as soon as one is planned. */
  threshold?: Pick<SupportThreshold, 'sweep'>;
  clock?: () => Date;
}

/** The calendar date in China (UTC+8, no daylight saving): notice periods are counted in local days. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Council members, meetings, agenda, attendance, decisions and their action items. */
export function createMeetingsService(deps: MeetingsDeps) {
  const { db, council, meetings } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function loadMeeting(auth: AuthContext | null, id: string) {
    const m = await meetings.findMeeting(id);
    if (!m) throw notFound('meeting');
    const a = requireStaff(auth, m.compound_path);
    return { m, a };
  }

  function open(m: { status: string }, action: string) {
    if (m.status === 'closed') throw new AppError('INVALID_TRANSITION', { from: m.status, action });
  }

  async function compoundOf(auth: AuthContext | null, compoundId: string) {
    const c = await council.findNode(compoundId);
    if (c?.kind !== 'compound') throw notFound('compound');
    return { c, a: requireStaff(auth, c.path) };
  }

  return {
    loadMeeting,
    compoundOf,

    async addMember(auth: AuthContext | null, input: z.infer<typeof councilAddMemberSchema>) {
      const { c, a } = await compoundOf(auth, input.compoundId);
      const p = await meetings.findPerson(input.personId);
      if (!p?.path.startsWith(c.path)) throw fieldError('personId', 'not_in_compound');
      const added = await meetings.addMember({
        compound_id: c.id,
        person_id: p.id,
        name: p.name,
        kind: input.kind,
        title: input.title ?? null,
      });
      if (!added) throw new AppError('DUPLICATE');
      await deps.audit.append({
        ...auditActor(a),
        action: 'council.member.added',
        targetType: 'person',
        targetId: p.id,
        nodeId: c.id,
        details: { kind: input.kind },
      });
    },

    async removeMember(auth: AuthContext | null, memberId: string) {
      const m = await meetings.findMember(memberId);
      if (!m) throw notFound('member');
      const { a } = await compoundOf(auth, m.compound_id);
      await meetings.removeMember(memberId);
      await deps.audit.append({
        ...auditActor(a),
        action: 'council.member.removed',
        targetType: 'council_member',
        targetId: memberId,
        nodeId: m.compound_id,
      });
    },

    async create(auth: AuthContext | null, input: z.infer<typeof councilCreateMeetingSchema>) {
      const { c, a } = await compoundOf(auth, input.compoundId);
      const id = await meetings.createMeeting({
        compound_id: c.id,
        kind: input.kind,
        title: input.title,
        scheduled_at: new Date(input.scheduledAt).toISOString(),
        place: input.place,
      });
      await deps.audit.append({
        ...auditActor(a),
        action: 'council.meeting.created',
        targetType: 'council_meeting',
        targetId: id,
        nodeId: c.id,
      });
      await deps.threshold?.sweep(c.id);
      return id;
    },

    /** Puts a raised issue on the agenda (raised → on_agenda), or adds a free agenda item. */
    async addAgendaItem(auth: AuthContext | null, meetingId: string, input: { issueId: string } | { title: string }) {
      const { m, a } = await loadMeeting(auth, meetingId);
      open(m, 'agenda');
      if ('title' in input) return db.transaction().execute((trx) => meetings.addAgendaItem(trx, m.id, null, input.title));
      const issue = await council.findIssue(input.issueId);
      if (!issue || issue.compound_id !== m.compound_id) throw fieldError('issueId', 'not_in_compound');
      if (issue.status !== 'raised') throw new AppError('INVALID_TRANSITION', { from: issue.status, action: 'on_agenda' });
      const itemId = await db.transaction().execute(async (trx) => {
        if (!(await council.transition(trx, issue.id, ['raised'], 'on_agenda')))
          throw new AppError('INVALID_TRANSITION', { from: issue.status, action: 'on_agenda' });
        const itemId = await meetings.addAgendaItem(trx, m.id, issue.id, issue.title);
        await council.addEvent(trx, {
          issue_id: issue.id,
          kind: 'on_agenda',
          actor_role: actorRole(a, m.compound_path),
          note: m.title,
          meeting_id: m.id,
        });
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.issue.on_agenda',
            targetType: 'council_issue',
            targetId: issue.id,
            nodeId: m.compound_id,
            details: { meetingId: m.id },
          },
          trx,
        );
        return itemId;
      });
      await deps.notifier?.step(issue.id, 'on_agenda', { actorPersonId: a.personId, note: m.title });
      return itemId;
    },

    /** Takes an item off the agenda before it was discussed (the issue goes back to raised). */
    async removeAgendaItem(auth: AuthContext | null, itemId: string) {
      const item = await meetings.findAgendaItem(itemId);
      if (!item) throw notFound('agenda_item');
      const { m, a } = await loadMeeting(auth, item.meeting_id);
      open(m, 'agenda');
      await db.transaction().execute(async (trx) => {
        if (item.issue_id) {
          if (!(await council.transition(trx, item.issue_id, ['on_agenda'], 'raised')))
            throw new AppError('INVALID_TRANSITION', { action: 'off_agenda' });
          await council.addEvent(trx, {
            issue_id: item.issue_id,
            kind: 'off_agenda',
            actor_role: actorRole(a, m.compound_path),
            note: m.title,
            meeting_id: m.id,
          });
        }
        await meetings.removeAgendaItem(trx, itemId);
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.agenda.removed',
            targetType: 'council_meeting',
            targetId: m.id,
            nodeId: m.compound_id,
          },
          trx,
        );
      });
    },

    /** planned → in_session → closed. */
    async setStatus(auth: AuthContext | null, meetingId: string, to: 'in_session' | 'closed') {
      const { m, a } = await loadMeeting(auth, meetingId);
      const from = to === 'in_session' ? 'planned' : 'in_session';
      const ok = await db.transaction().execute(async (trx) => {
        if (!(await meetings.setMeetingStatus(trx, m.id, from, to))) return false;
        await deps.audit.append(
          {
            ...auditActor(a),
            action: `council.meeting.${to}`,
            targetType: 'council_meeting',
            targetId: m.id,
            nodeId: m.compound_id,
          },
          trx,
        );
        return true;
      });
      if (!ok) throw new AppError('INVALID_TRANSITION', { from: m.status, action: to });
    },

    async setAttendance(auth: AuthContext | null, meetingId: string, memberId: string, present: boolean) {
      const { m, a } = await loadMeeting(auth, meetingId);
      open(m, 'attendance');
      const member = await meetings.findMember(memberId);
      if (!member || member.compound_id !== m.compound_id || member.removed_at) throw fieldError('memberId', 'not_a_member');
      await meetings.setAttendance(m.id, memberId, present);
      await deps.audit.append({
        ...auditActor(a),
        action: 'council.meeting.attendance',
        targetType: 'council_meeting',
        targetId: m.id,
        nodeId: m.compound_id,
        details: { memberId, present },
      });
    },

    /**
     * Writes the minutes (free text, until the meeting closes). With `expectedVersion` (the web
     * always sends it) minutes written against an older version are refused with 409
     * EDIT_CONFLICT, atomically: nothing is written or audited. Answers the new version.
     */
    async setMinutes(auth: AuthContext | null, meetingId: string, minutes: string, expectedVersion?: number) {
      const { m, a } = await loadMeeting(auth, meetingId);
      checkVersion(m, expectedVersion);
      await db.transaction().execute(async (trx) => {
        if (!(await meetings.setMinutes(trx, m.id, m.version, minutes))) {
          const now = await meetings.findMeeting(m.id, trx);
          throw refusal(now, m.version, 'meeting') ?? new AppError('INVALID_TRANSITION', { from: 'closed', action: 'minutes' });
        }
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.meeting.minutes',
            targetType: 'council_meeting',
            targetId: m.id,
            nodeId: m.compound_id,
          },
          trx,
        );
      });
      return { version: m.version + 1 };
    },

    /** The council discussed an agenda item during the meeting (on_agenda → discussed). */
    async markDiscussed(auth: AuthContext | null, itemId: string, note: string | null) {
      const item = await meetings.findAgendaItem(itemId);
      if (!item) throw notFound('agenda_item');
      const { m, a } = await loadMeeting(auth, item.meeting_id);
      if (m.status !== 'in_session') throw new AppError('INVALID_TRANSITION', { from: m.status, action: 'discussed' });
      if (!item.issue_id) return;
      const issueId = item.issue_id;
      await db.transaction().execute(async (trx) => {
        if (!(await council.transition(trx, issueId, ['on_agenda'], 'discussed')))
          throw new AppError('INVALID_TRANSITION', { action: 'discussed' });
        await council.addEvent(trx, {
          issue_id: issueId,
          kind: 'discussed',
          actor_role: actorRole(a, m.compound_path),
          note,
          meeting_id: m.id,
        });
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.issue.discussed',
            targetType: 'council_issue',
            targetId: issueId,
            nodeId: m.compound_id,
          },
          trx,
        );
      });
      await deps.notifier?.step(issueId, 'discussed', { actorPersonId: a.personId, note });
    },

    /**
     * Records the council's decision with its for/against/abstain count (at most one vote per
     * member present) and opens the public notice period; the issue moves discussed → decided.
     */
    async decide(auth: AuthContext | null, meetingId: string, input: z.infer<typeof councilDecisionSchema>) {
      const { m, a } = await loadMeeting(auth, meetingId);
      if (m.status !== 'in_session') throw new AppError('INVALID_TRANSITION', { from: m.status, action: 'decide' });
      const item = await meetings.findAgendaItem(input.agendaItemId);
      if (!item || item.meeting_id !== m.id) throw fieldError('agendaItemId', 'not_on_agenda');
      const resp = await meetings.findMember(input.responsibleMemberId);
      if (!resp || resp.compound_id !== m.compound_id) throw fieldError('responsibleMemberId', 'not_a_member');
      const members = await meetings.members(m.compound_id);
      const memberIds = new Set(members.map((x) => x.id));
      // Only the council's current members count towards the quorum.
      const present = (await meetings.attendance(m.id)).filter((r) => r.present === 1 && memberIds.has(r.member_id)).length;
      const required = quorumFor(members.length, (await council.settings(m.compound_id))?.quorum ?? null);
      if (present < required) throw new AppError('QUORUM_NOT_MET', { members: members.length, present, required });
      const votes = input.votesFor + input.votesAgainst + input.votesAbstain;
      if (votes === 0 || votes > present) throw fieldError('votesFor', 'more_votes_than_members_present');
      const today = chinaDate(clock());
      const decisionId = await db.transaction().execute(async (trx) => {
        if (item.issue_id && !(await council.transition(trx, item.issue_id, ['discussed'], 'decided'))) {
          throw new AppError('INVALID_TRANSITION', { action: 'decide' });
        }
        const id = await meetings.insertDecision(trx, {
          meeting_id: m.id,
          compound_id: m.compound_id,
          issue_id: item.issue_id,
          text: input.text,
          votes_for: input.votesFor,
          votes_against: input.votesAgainst,
          votes_abstain: input.votesAbstain,
          adopted: input.votesFor * 2 > votes ? 1 : 0,
          responsible_member_id: resp.id,
          responsible_label: resp.title ? `${resp.title}` : resp.kind,
          members_total: members.length,
          members_present: present,
          quorum_required: required,
          deadline: input.deadline,
          notice_from: today,
          notice_until: addDays(today, input.noticeDays),
        });
        if (item.issue_id) {
          await council.addEvent(trx, {
            issue_id: item.issue_id,
            kind: 'decided',
            actor_role: actorRole(a, m.compound_path),
            note: input.text,
            meeting_id: m.id,
            decision_id: id,
          });
        }
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.decision.recorded',
            targetType: 'council_decision',
            targetId: id,
            nodeId: m.compound_id,
          },
          trx,
        );
        return id;
      });
      if (item.issue_id)
        await deps.notifier?.step(item.issue_id, 'decided', { actorPersonId: a.personId, note: input.text, decisionId });
      return decisionId;
    },

    async addAction(auth: AuthContext | null, decisionId: string, input: z.infer<typeof councilActionItemSchema>) {
      const d = await meetings.findDecision(decisionId);
      if (!d) throw notFound('decision');
      const a = requireStaff(auth, d.compound_path);
      const actionId = await db.transaction().execute(async (trx) => {
        const id = await meetings.addAction(trx, {
          decision_id: d.id,
          title: input.title,
          owner_label: input.ownerLabel,
          due_on: input.dueOn,
        });
        await deps.audit.append(
          { ...auditActor(a), action: 'council.action.added', targetType: 'council_action', targetId: id, nodeId: d.compound_id },
          trx,
        );
        return id;
      });
      if (d.issue_id)
        await deps.notifier?.step(d.issue_id, 'action_added', {
          actorPersonId: a.personId,
          note: `${input.title}（${input.ownerLabel}，${input.dueOn} 前）`,
          decisionId: d.id,
        });
      return actionId;
    },

    /** An action item is done: shown on the issue's timeline. Done twice is 409. */
    async completeAction(auth: AuthContext | null, actionId: string, note: string | null) {
      const act = await meetings.findAction(actionId);
      if (!act) throw notFound('action');
      const d = await meetings.findDecision(act.decision_id);
      if (!d) throw notFound('decision');
      const a = requireStaff(auth, d.compound_path);
      await db.transaction().execute(async (trx) => {
        if (!(await meetings.completeAction(trx, actionId, note)))
          throw new AppError('INVALID_TRANSITION', { from: 'done', action: 'complete' });
        if (d.issue_id) {
          await council.addEvent(trx, {
            issue_id: d.issue_id,
            kind: 'action_done',
            actor_role: actorRole(a, d.compound_path),
            note: act.title,
            decision_id: d.id,
          });
        }
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.action.done',
            targetType: 'council_action',
            targetId: actionId,
            nodeId: d.compound_id,
          },
          trx,
        );
      });
      if (d.issue_id)
        await deps.notifier?.step(d.issue_id, 'action_done', { actorPersonId: a.personId, note: act.title, decisionId: d.id });
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
