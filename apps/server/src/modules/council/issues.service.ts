import { CLOSED_STATUSES, type IssueStatus, type RaiseIssueInput, REOPEN_WINDOW_DAYS } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId, nowIso } from '../../lib/ids';
import { claimImages, setImageVisibility } from '../../lib/uploads';
import type { AuthContext } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { CouncilNotifier, CouncilStep } from './council.notify';
import { actorRole, auditActor, isStaff, requireMember, requireStaff, subjectPerson } from './council.policy';
import type { CouncilRepository, Db, IssueRow } from './council.repository';
import type { MeetingsRepository } from './meetings.repository';
import type { SupportThreshold } from './support-threshold';

export interface IssuesDeps {
  db: Kysely<DB>;
  council: CouncilRepository;
  meetings: Pick<MeetingsRepository, 'openActionsOfIssue'>;
  audit: Pick<AuditRepository, 'append'>;
  /** Tells the raiser, supporters and staff of each step (absent: nobody is told). */
  notifier?: Pick<CouncilNotifier, 'step'>;
  /** Puts issues that reached the compound's support threshold on the next agenda (absent: off). */
  threshold?: Pick<SupportThreshold, 'sweep'>;
  clock?: () => Date;
}

export type LoadedIssue = NonNullable<Awaited<ReturnType<CouncilRepository['findIssue']>>>;

function invalid(from: string, action: string): AppError {
  return new AppError('INVALID_TRANSITION', { from, action });
}

/** Raising, supporting, commenting, answering, moderating, merging and closing council issues. */
export function createIssuesService(deps: IssuesDeps) {
  const { db, council } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function load(id: string): Promise<LoadedIssue> {
    const issue = await council.findIssue(id);
    if (!issue) throw notFound('issue');
    return issue;
  }

  /** Loads an issue the caller may see: hidden ones only to their raiser and staff. */
  async function loadVisible(auth: AuthContext | null, id: string): Promise<LoadedIssue> {
    const issue = await load(id);
    const a = requireMember(auth, issue.compound_path);
    if (issue.hidden && !isStaff(a, issue.compound_path) && issue.raised_by_person_id !== subjectPerson(a))
      throw notFound('issue');
    return issue;
  }

  /** A write to an issue and its audit entry, all or nothing. */
  async function audited(
    auth: AuthContext,
    issue: LoadedIssue,
    action: string,
    details: Record<string, unknown>,
    write: (trx: Db) => Promise<void>,
  ) {
    await db.transaction().execute(async (trx) => {
      await write(trx);
      await deps.audit.append(
        {
          ...auditActor(auth),
          action,
          targetType: 'council_issue',
          targetId: issue.id,
          nodeId: issue.compound_id,
          details,
        },
        trx,
      );
    });
  }

  /** One conditional status change with its timeline step and audit entry, all or nothing. */
  async function step(
    auth: AuthContext,
    issue: LoadedIssue,
    from: readonly IssueStatus[],
    to: IssueStatus,
    kind: string,
    note: string | null,
    set: Partial<Pick<IssueRow, 'answer' | 'closed_at' | 'merged_into_id'>> = {},
    extra?: (trx: Db) => Promise<void>,
  ) {
    if (!from.includes(issue.status as IssueStatus)) throw invalid(issue.status, kind);
    await audited(auth, issue, `council.issue.${kind}`, { from: issue.status, to }, async (trx) => {
      if (!(await council.transition(trx, issue.id, from, to, set))) throw invalid(issue.status, kind);
      await council.addEvent(trx, { issue_id: issue.id, kind, actor_role: actorRole(auth, issue.compound_path), note });
      if (extra) await extra(trx);
    });
    const told: Record<string, CouncilStep> = {
      answered: 'answered',
      in_progress: 'in_progress',
      resolved: 'resolved',
      reopened: 'reopened',
    };
    const tell = told[kind];
    if (tell) await deps.notifier?.step(issue.id, tell, { actorPersonId: auth.personId, note });
  }

  return {
    load,
    loadVisible,

    /** A resident (or staff acting for one) raises an issue in their compound. */
    async raise(auth: AuthContext | null, input: RaiseIssueInput): Promise<string> {
      const compound = await council.findNode(input.compoundId);
      if (compound?.kind !== 'compound') throw notFound('compound');
      const a = requireMember(auth, compound.path);
      if (input.buildingId) {
        const b = await council.findNode(input.buildingId);
        if (!b || b.parent_id !== compound.id) throw fieldError('buildingId', 'not_in_compound');
      }
      const id = newId();
      const now = nowIso(clock);
      const person = subjectPerson(a);
      const consent = input.photoConsent === true;
      await db.transaction().execute(async (trx) => {
        await council.insertIssue(trx, {
          id,
          compound_id: compound.id,
          building_id: input.buildingId ?? null,
          plan_x: input.plan ? Math.round(input.plan.x) : null,
          plan_y: input.plan ? Math.round(input.plan.y) : null,
          zone_id: input.plan?.zoneId ?? null,
          title: input.title,
          description: input.description,
          category: input.category,
          status: 'raised',
          source: 'web',
          raised_by_person_id: person,
          raised_by_account_id: a.accountId,
          on_behalf_of: a.actingFor?.personId ?? null,
          channel: a.actingFor?.channel ?? null,
          reporter_name: null,
          reporter_contact: null,
          location_text: null,
          lat: null,
          long: null,
          media_url: null,
          open311_key_id: null,
          created_at: now,
          updated_at: now,
          ...(consent
            ? {
                photo_consent: 1,
                photo_consent_at: now,
                photo_consent_by: a.accountId,
                photo_consent_channel: a.actingFor?.channel ?? null,
              }
            : {}),
        });
        await claimImages(trx, input.photoIds, {
          accountId: a.accountId,
          nodeId: compound.id,
          ownerType: 'council_issue',
          ownerId: id,
        });
        await council.addEvent(trx, {
          issue_id: id,
          kind: 'raised',
          actor_role: actorRole(a, compound.path),
          note: null,
          at: now,
        });
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.issue.raised',
            targetType: 'council_issue',
            targetId: id,
            nodeId: compound.id,
            details: { category: input.category, photos: input.photoIds.length, photoConsent: consent },
          },
          trx,
        );
      });
      await deps.notifier?.step(id, 'raised', { actorPersonId: a.personId });
      return id;
    },

    /** +1 once per person; a second support is 409 ALREADY_SUPPORTED, whoever races. */
    async support(auth: AuthContext | null, id: string): Promise<number> {
      const issue = await loadVisible(auth, id);
      const a = requireMember(auth, issue.compound_path);
      if (CLOSED_STATUSES.includes(issue.status as IssueStatus)) throw invalid(issue.status, 'support');
      // Support is a neighbour's: the raiser's own would count them twice.
      if (issue.raised_by_person_id === subjectPerson(a)) throw new AppError('OWN_ISSUE_SUPPORT');
      const added = await db.transaction().execute(async (trx) => {
        const ok = await council.support(trx, id, subjectPerson(a));
        if (ok)
          await deps.audit.append(
            {
              ...auditActor(a),
              action: 'council.issue.supported',
              targetType: 'council_issue',
              targetId: id,
              nodeId: issue.compound_id,
            },
            trx,
          );
        return ok;
      });
      if (!added) throw new AppError('ALREADY_SUPPORTED');
      await deps.notifier?.step(id, 'supported', { actorPersonId: a.personId });
      await deps.threshold?.sweep(issue.compound_id);
      return (await load(id)).support_count;
    },

    async comment(auth: AuthContext | null, id: string, body: string): Promise<string> {
      const issue = await loadVisible(auth, id);
      const a = requireMember(auth, issue.compound_path);
      if (issue.status === 'merged') throw invalid(issue.status, 'comment');
      return db.transaction().execute(async (trx) => {
        const cid = await council.addComment(trx, {
          issue_id: id,
          person_id: subjectPerson(a),
          author_role: actorRole(a, issue.compound_path),
          body,
        });
        await council.touch(trx, id);
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.comment.added',
            targetType: 'council_comment',
            targetId: cid,
            nodeId: issue.compound_id,
          },
          trx,
        );
        return cid;
      });
    },

    async hideComment(auth: AuthContext | null, commentId: string, reason: string): Promise<void> {
      const c = await council.findComment(commentId);
      if (!c) throw notFound('comment');
      const issue = await load(c.issue_id);
      const a = requireStaff(auth, issue.compound_path);
      await db.transaction().execute(async (trx) => {
        await council.hideComment(trx, commentId, reason);
        await deps.audit.append(
          {
            ...auditActor(a),
            action: 'council.comment.hidden',
            targetType: 'council_comment',
            targetId: commentId,
            nodeId: issue.compound_id,
            details: { reason },
          },
          trx,
        );
      });
    },

    /** Staff answer directly: the issue closes with the answer. */
    async answer(auth: AuthContext | null, id: string, answer: string) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      await step(a, issue, ['raised'], 'answered', 'answered', answer, { answer, closed_at: nowIso(clock) });
    },

    /** Hide with a reason (the raiser still sees it and why) or show again. */
    async setHidden(auth: AuthContext | null, id: string, hidden: boolean, reason: string | null) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      await audited(a, issue, hidden ? 'council.issue.hidden' : 'council.issue.shown', { reason }, async (trx) => {
        await council.setHidden(trx, id, hidden, reason);
        await setImageVisibility(trx, { ownerType: 'council_issue', ownerId: id }, hidden ? 'private' : 'members');
        await council.addEvent(trx, {
          issue_id: id,
          kind: hidden ? 'hidden' : 'shown',
          actor_role: actorRole(a, issue.compound_path),
          note: reason,
        });
      });
    },

    /**
     * The raiser (or staff acting for them, the channel recorded) gives or withdraws consent to
     * show the issue's photos on public pages. Anyone else who may see the issue gets 403; giving
     * it again after staff withdrew publication is 409.
     */
    async setPhotoConsent(auth: AuthContext | null, id: string, given: boolean) {
      const issue = await loadVisible(auth, id);
      const a = requireMember(auth, issue.compound_path);
      if (issue.raised_by_person_id !== subjectPerson(a)) throw new AppError('FORBIDDEN');
      if (given && issue.photo_withdrawn_reason !== null) throw invalid('photos_withdrawn', 'photo_consent');
      if ((issue.photo_consent === 1) === given) return;
      const action = given ? 'council.issue.photo_consent_given' : 'council.issue.photo_consent_withdrawn';
      await audited(a, issue, action, { given }, async (trx) => {
        const ok = await council.setPhotoConsent(trx, id, { given, by: a.accountId, channel: a.actingFor?.channel ?? null });
        if (!ok) throw invalid('photos_withdrawn', 'photo_consent');
      });
    },

    /** Staff take the photos off public pages, with a reason the raiser sees; they can never publish them. */
    async withdrawPhotos(auth: AuthContext | null, id: string, reason: string) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      const details = { reason, wasPublic: issue.photo_consent === 1 };
      await audited(a, issue, 'council.issue.photos_withdrawn', details, async (trx) => {
        await council.setPhotoConsent(trx, id, { given: false, by: a.accountId, channel: null, withdrawnReason: reason });
      });
    },

    /** A duplicate joins the issue it repeats: its supporters carry over, it closes as merged. */
    async merge(auth: AuthContext | null, id: string, intoId: string) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      if (id === intoId) throw fieldError('intoIssueId', 'same_issue');
      const into = await council.findIssue(intoId);
      if (!into || into.compound_id !== issue.compound_id) throw fieldError('intoIssueId', 'not_in_compound');
      if (into.status === 'merged') throw invalid(into.status, 'merge_into');
      await step(
        a,
        issue,
        ['raised'],
        'merged',
        'merged',
        into.title,
        { merged_into_id: intoId, closed_at: nowIso(clock) },
        async (trx) => {
          await council.moveSupports(trx, id, intoId);
          await council.addEvent(trx, {
            issue_id: intoId,
            kind: 'merged_in',
            actor_role: actorRole(a, issue.compound_path),
            note: issue.title,
          });
        },
      );
    },

    /** decided → in_progress: the actions are under way. */
    async start(auth: AuthContext | null, id: string, note: string | null) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      await step(a, issue, ['decided'], 'in_progress', 'in_progress', note);
    },

    /** in_progress → resolved, once every action item is done. */
    async resolve(auth: AuthContext | null, id: string, note: string | null) {
      const issue = await load(id);
      const a = requireStaff(auth, issue.compound_path);
      if (issue.status === 'in_progress' && (await deps.meetings.openActionsOfIssue(db, id)) > 0)
        throw new AppError('ACTIONS_OPEN');
      await step(a, issue, ['in_progress'], 'resolved', 'resolved', note, { closed_at: nowIso(clock) });
    },

    /** The raiser reopens a closed issue within REOPEN_WINDOW_DAYS of its closing, with a reason. */
    async reopen(auth: AuthContext | null, id: string, reason: string) {
      const issue = await loadVisible(auth, id);
      const a = requireMember(auth, issue.compound_path);
      if (issue.raised_by_person_id !== subjectPerson(a)) throw new AppError('FORBIDDEN');
      if (issue.status !== 'answered' && issue.status !== 'resolved') throw invalid(issue.status, 'reopen');
      const closed = Date.parse(issue.closed_at ?? issue.updated_at);
      if (clock().getTime() - closed > REOPEN_WINDOW_DAYS * 86_400_000) throw new AppError('REOPEN_WINDOW_PASSED');
      await step(a, issue, ['answered', 'resolved'], 'raised', 'reopened', reason, { closed_at: null });
    },
  };
}

export type IssuesService = ReturnType<typeof createIssuesService>;
