import { maskPhone } from '@lianxin/shared';
import { z } from 'zod';
import { imagesOf } from '../../lib/uploads';
import type { AuthContext } from '../accounts/policy';
import { isStaff, subjectPerson } from './council.policy';
import type { CouncilRepository, IssueRow } from './council.repository';
import type { LoadedIssue } from './issues.service';
import type { ActionRow, DecisionRow, MeetingsRepository } from './meetings.repository';

/** Where members of the compound fetch a photo of an issue (the issue's own visibility rules). */
export function memberPhotoPath(issueId: string, photoId: string): string {
  return `/api/v1/council/issues/${encodeURIComponent(issueId)}/photos/${encodeURIComponent(photoId)}`;
}

/** Where anyone fetches a photo of an issue the public may see (Open311 media_url points here). */
export function publicPhotoPath(issueId: string, photoId: string): string {
  return `/api/v1/public/council/issues/${encodeURIComponent(issueId)}/photos/${encodeURIComponent(photoId)}`;
}

/** Response shapes: whitelists, so a new column never leaks a reporter's name or phone. */
export const timelineStep = z.object({
  at: z.string(),
  kind: z.string(),
  actorRole: z.string(),
  note: z.string().nullable(),
  meetingId: z.string().nullable(),
  decisionId: z.string().nullable(),
});
export const actionView = z.object({
  id: z.string(),
  title: z.string(),
  ownerLabel: z.string(),
  dueOn: z.string(),
  status: z.string(),
  doneAt: z.string().nullable(),
  doneNote: z.string().nullable(),
});
export const decisionView = z.object({
  id: z.string(),
  meetingId: z.string(),
  issueId: z.string().nullable(),
  text: z.string(),
  votesFor: z.number(),
  votesAgainst: z.number(),
  votesAbstain: z.number(),
  adopted: z.boolean(),
  /** The person who answers for it, with their role: "李建国（支部书记）", never the member kind's code. */
  responsibleLabel: z.string(),
  /** Members, members present and the quorum the decision was taken with; null before these were recorded. */
  quorum: z.object({ members: z.number(), present: z.number(), required: z.number() }).nullable(),
  deadline: z.string(),
  noticeFrom: z.string(),
  noticeUntil: z.string(),
  createdAt: z.string(),
  actions: z.array(actionView),
});
export const issueSummary = z.object({
  id: z.string(),
  compoundId: z.string(),
  compoundName: z.string(),
  title: z.string(),
  category: z.string(),
  status: z.string(),
  supportCount: z.number(),
  hidden: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const issueDetail = issueSummary.extend({
  description: z.string(),
  source: z.string(),
  building: z.object({ id: z.string(), name: z.string() }).nullable(),
  plan: z.object({ x: z.number(), y: z.number(), zoneId: z.string().nullable() }).nullable(),
  locationText: z.string().nullable(),
  photos: z.array(z.string()),
  answer: z.string().nullable(),
  hiddenReason: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  closedAt: z.string().nullable(),
  timeline: z.array(timelineStep),
  decisions: z.array(decisionView),
  comments: z.array(
    z.object({
      id: z.string(),
      authorRole: z.string(),
      body: z.string(),
      createdAt: z.string(),
      hidden: z.boolean(),
      hiddenReason: z.string().nullable(),
      mine: z.boolean(),
    }),
  ),
  me: z.object({ supported: z.boolean(), raisedByMe: z.boolean(), staff: z.boolean() }),
  /**
   * The raiser's consent to show the photos publicly, for the raiser and staff (null for others):
   * when it was last recorded, the channel when staff recorded it for them, and staff's reason
   * when they withdrew publication.
   */
  photoConsent: z
    .object({
      given: z.boolean(),
      at: z.string().nullable(),
      channel: z.string().nullable(),
      withdrawnReason: z.string().nullable(),
    })
    .nullable(),
  /**
   * Staff only, never the public: who raised the issue (their door in the compound) or, for an
   * Open311 report, who reported it; phone masked.
   */
  reporter: z.object({ name: z.string().nullable(), contact: z.string().nullable(), door: z.string().optional() }).nullable(),
});
export const publicIssue = issueSummary.omit({ hidden: true }).extend({
  description: z.string(),
  /** Photo ids, served by publicPhotoPath: none unless the raiser's consent is recorded. */
  photos: z.array(z.string()),
  answer: z.string().nullable(),
  closedAt: z.string().nullable(),
  timeline: z.array(timelineStep),
  decisions: z.array(decisionView),
});

export function summary(i: IssueRow & { compound_name: string }) {
  return {
    id: i.id,
    compoundId: i.compound_id,
    compoundName: i.compound_name,
    title: i.title,
    category: i.category,
    status: i.status,
    supportCount: i.support_count,
    hidden: i.hidden === 1,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
  };
}

export function actionOut(a: ActionRow) {
  return {
    id: a.id,
    title: a.title,
    ownerLabel: a.owner_label,
    dueOn: a.due_on,
    status: a.status,
    doneAt: a.done_at,
    doneNote: a.done_note,
  };
}

/** What a council member kind is called when the member has no title of their own. */
const MEMBER_KIND_ZH: Record<string, string> = { branch: '党支部', owners_committee: '业委会', resident_rep: '居民代表' };

/**
 * Who answers for a decision: the member's name with their title (or what kind of member they
 * are). Decisions recorded before kept only the kind's code ("branch"): that is translated too.
 */
export function responsibleLabel(d: DecisionRow): string {
  const role = d.responsible_title || MEMBER_KIND_ZH[d.responsible_kind ?? ''] || '';
  if (d.responsible_name) return role ? `${d.responsible_name}（${role}）` : d.responsible_name;
  return MEMBER_KIND_ZH[d.responsible_label] ?? d.responsible_label;
}

export function decisionOut(d: DecisionRow, actions: ActionRow[]) {
  return {
    id: d.id,
    meetingId: d.meeting_id,
    issueId: d.issue_id,
    text: d.text,
    votesFor: d.votes_for,
    votesAgainst: d.votes_against,
    votesAbstain: d.votes_abstain,
    adopted: d.adopted === 1,
    responsibleLabel: responsibleLabel(d),
    quorum:
      d.members_total !== null && d.members_present !== null && d.quorum_required !== null
        ? { members: d.members_total, present: d.members_present, required: d.quorum_required }
        : null,
    deadline: d.deadline,
    noticeFrom: d.notice_from,
    noticeUntil: d.notice_until,
    createdAt: d.created_at,
    actions: actions.filter((a) => a.decision_id === d.id).map(actionOut),
  };
}

/** Decisions of an issue with their action items. */
export async function issueDecisions(meetings: MeetingsRepository, issueId: string) {
  const ds = await meetings.decisionsOfIssue(issueId);
  const acts = await meetings.actions(ds.map((d) => d.id));
  return ds.map((d) => decisionOut(d, acts));
}

export async function timeline(council: CouncilRepository, issueId: string) {
  return (await council.events(issueId)).map((e) => ({
    at: e.at,
    kind: e.kind,
    actorRole: e.actor_role,
    note: e.note,
    meetingId: e.meeting_id,
    decisionId: e.decision_id,
  }));
}

/** What a member of the compound sees of one issue. */
export async function detailView(
  deps: { council: CouncilRepository; meetings: MeetingsRepository },
  auth: AuthContext,
  i: LoadedIssue,
) {
  const staff = isStaff(auth, i.compound_path);
  const me = subjectPerson(auth);
  const [events, decisions, comments, photos, supported, building] = await Promise.all([
    timeline(deps.council, i.id),
    issueDecisions(deps.meetings, i.id),
    deps.council.comments(i.id),
    issuePhotos(deps.council, i.id),
    deps.council.hasSupported(i.id, me),
    i.building_id ? deps.council.findNode(i.building_id) : Promise.resolve(undefined),
  ]);
  const raisedByMe = i.raised_by_person_id === me;
  const raiser =
    staff && i.source !== 'open311' && i.raised_by_person_id
      ? (await deps.meetings.whoIs([i.raised_by_person_id])).get(i.raised_by_person_id)
      : undefined;
  return {
    ...summary(i),
    description: i.description,
    source: i.source,
    building: building ? { id: building.id, name: building.name } : null,
    plan: i.plan_x !== null && i.plan_y !== null ? { x: i.plan_x, y: i.plan_y, zoneId: i.zone_id } : null,
    locationText: i.location_text,
    photos,
    answer: i.answer,
    hiddenReason: staff || raisedByMe ? i.hidden_reason : null,
    mergedIntoId: i.merged_into_id,
    closedAt: i.closed_at,
    timeline: events,
    decisions,
    comments: comments
      .filter((c) => !c.hidden || staff || c.person_id === me)
      .map((c) => ({
        id: c.id,
        authorRole: c.author_role,
        body: c.body,
        createdAt: c.created_at,
        hidden: c.hidden === 1,
        hiddenReason: staff || c.person_id === me ? c.hidden_reason : null,
        mine: c.person_id === me,
      })),
    me: { supported, raisedByMe, staff },
    photoConsent:
      staff || raisedByMe
        ? {
            given: i.photo_consent === 1,
            at: i.photo_consent_at,
            channel: i.photo_consent_channel,
            withdrawnReason: i.photo_withdrawn_reason,
          }
        : null,
    reporter: raiser
      ? { name: raiser.name, contact: maskContact(raiser.phone), door: raiser.door }
      : staff && i.source === 'open311'
        ? { name: i.reporter_name, contact: maskContact(i.reporter_contact) }
        : null,
  };
}

function maskContact(c: string | null): string | null {
  if (!c) return null;
  if (c.includes('@')) return c.replace(/^(.).*(@.*)$/, '$1***$2');
  return maskPhone(c) ?? '***';
}

/** The photos attached to an issue, in upload order. */
export async function issuePhotos(council: CouncilRepository, issueId: string): Promise<string[]> {
  return (await imagesOf(council.db, 'council_issue', [issueId])).get(issueId) ?? [];
}

/**
 * Whether the public may see an issue's photos: never for a hidden issue, and only while the
 * raiser's consent is recorded (publication only with recorded consent, PIPL).
 */
export function photosArePublic(i: Pick<IssueRow, 'hidden' | 'photo_consent'>): boolean {
  return i.hidden === 0 && i.photo_consent === 1;
}

/** The photos the public may see of an issue: all of them with consent, else none. */
export async function publicPhotos(
  council: CouncilRepository,
  i: Pick<IssueRow, 'id' | 'hidden' | 'photo_consent'>,
): Promise<string[]> {
  return photosArePublic(i) ? issuePhotos(council, i.id) : [];
}

/** What anyone sees: the photos the raiser agreed to show, but no comments, no reporter, never a hidden issue. */
export async function publicView(deps: { council: CouncilRepository; meetings: MeetingsRepository }, i: LoadedIssue) {
  const { hidden: _hidden, ...s } = summary(i);
  return {
    ...s,
    description: i.description,
    photos: await publicPhotos(deps.council, i),
    answer: i.answer,
    closedAt: i.closed_at,
    timeline: (await timeline(deps.council, i.id)).filter((e) => e.kind !== 'hidden' && e.kind !== 'shown'),
    decisions: await issueDecisions(deps.meetings, i.id),
  };
}
