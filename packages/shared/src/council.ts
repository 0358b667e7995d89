import { z } from 'zod';
import { expectedVersionSchema } from './schemas';

/** Issue categories (居民反映的问题类别); each is also an Open311 service. */
export const COUNCIL_CATEGORIES = [
  'environment',
  'parking',
  'greenery',
  'illegal_building',
  'facility_repair',
  'safety',
  'neighbour_dispute',
  'other',
] as const;
export type CouncilCategory = (typeof COUNCIL_CATEGORIES)[number];

export const COUNCIL_CATEGORY_NAMES: Record<CouncilCategory, { zh: string; en: string }> = {
  environment: { zh: '环境卫生', en: 'Cleanliness' },
  parking: { zh: '停车', en: 'Parking' },
  greenery: { zh: '绿化/菜地', en: 'Greenery / vegetable plots' },
  illegal_building: { zh: '违建', en: 'Illegal construction' },
  facility_repair: { zh: '设施维修', en: 'Facility repair' },
  safety: { zh: '安全', en: 'Safety' },
  neighbour_dispute: { zh: '邻里纠纷', en: 'Neighbour dispute' },
  other: { zh: '其他', en: 'Other' },
};

/** raised → answered | on_agenda → discussed → decided → in_progress → resolved; merged into another. */
export const ISSUE_STATUSES = [
  'raised',
  'answered',
  'on_agenda',
  'discussed',
  'decided',
  'in_progress',
  'resolved',
  'merged',
] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** Statuses that count as closed (Open311 "closed"). */
export const CLOSED_STATUSES: readonly IssueStatus[] = ['answered', 'resolved', 'merged'];

/** The raiser may reopen a closed issue within this many days of its closing. */
export const REOPEN_WINDOW_DAYS = 30;

const text = (max: number) => z.string().trim().min(1).max(max);

export const councilRaiseIssueSchema = z.strictObject({
  compoundId: z.string().min(1).max(64),
  title: text(80),
  description: text(2000),
  category: z.enum(COUNCIL_CATEGORIES),
  buildingId: z.string().min(1).max(64).optional(),
  plan: z
    .strictObject({ x: z.int().min(0).max(100000), y: z.int().min(0).max(100000), zoneId: z.string().max(64).optional() })
    .optional(),
  photoIds: z.array(z.string().max(64)).max(6).default([]),
  /** The raiser agrees that the photos may be shown on public pages (PIPL: off unless ticked). */
  photoConsent: z.boolean().optional(),
});
export type RaiseIssueInput = z.infer<typeof councilRaiseIssueSchema>;

export const councilReasonSchema = z.strictObject({ reason: text(500) });
/** The raiser (or staff acting for them) gives or withdraws consent to show the photos publicly. */
export const councilPhotoConsentSchema = z.strictObject({ given: z.boolean() });
export const councilAnswerSchema = z.strictObject({ answer: text(2000) });
export const councilCommentSchema = z.strictObject({ body: text(1000) });
export const councilMergeSchema = z.strictObject({ intoIssueId: z.string().min(1).max(64) });
export const councilNoteSchema = z.strictObject({ note: z.string().trim().max(1000).optional() });

export const COUNCIL_MEETING_KINDS = ['monthly', 'ad_hoc'] as const;
export const COUNCIL_MEMBER_KINDS = ['branch', 'owners_committee', 'resident_rep'] as const;

export const councilCreateMeetingSchema = z.strictObject({
  compoundId: z.string().min(1).max(64),
  kind: z.enum(COUNCIL_MEETING_KINDS),
  title: text(100),
  scheduledAt: z.iso.datetime({ offset: true }),
  place: z.string().trim().max(100).default(''),
});
export const councilAddMemberSchema = z.strictObject({
  compoundId: z.string().min(1).max(64),
  personId: z.string().min(1).max(64),
  kind: z.enum(COUNCIL_MEMBER_KINDS),
  title: z.string().trim().max(50).optional(),
});
export const councilAgendaItemSchema = z.union([
  z.strictObject({ issueId: z.string().min(1).max(64) }),
  z.strictObject({ title: text(100) }),
]);
export const councilAttendanceSchema = z.strictObject({ memberId: z.string().min(1).max(64), present: z.boolean() });
export const councilMinutesSchema = z.strictObject({ minutes: z.string().max(20000), expectedVersion: expectedVersionSchema });
const isoDate = z.iso.date();
export const councilDecisionSchema = z.strictObject({
  agendaItemId: z.string().min(1).max(64),
  text: text(2000),
  votesFor: z.int().min(0).max(200),
  votesAgainst: z.int().min(0).max(200),
  votesAbstain: z.int().min(0).max(200),
  responsibleMemberId: z.string().min(1).max(64),
  deadline: isoDate,
  noticeDays: z.int().min(1).max(60).default(7),
});
export const councilActionItemSchema = z.strictObject({ title: text(200), ownerLabel: text(50), dueOn: isoDate });

export const councilTopicSchema = z.strictObject({ compoundId: z.string().min(1).max(64), title: text(80), body: text(4000) });
export const councilReplySchema = z.strictObject({ body: text(2000) });
export const councilOpen311KeySchema = z.strictObject({ nodeId: z.string().min(1).max(64), label: text(60) });

export const councilSettingsSchema = z.strictObject({
  remindAfterDays: z.int().min(1).max(90),
  /** Percent of the compound's households whose support puts an issue on the next agenda; null turns it off. */
  supportThresholdPercent: z.int().min(1).max(100).nullable().optional(),
  /** Members who must be present for a decision; null (or left out): more than half of the members. */
  quorum: z.int().min(1).max(200).nullable().default(null),
});

/**
 * How many members must be present for the council to decide: the compound's own figure, else
 * more than half of its members ("过半数" is strictly more than half: 3 of 4, 3 of 5).
 */
export function quorumFor(members: number, configured: number | null): number {
  return configured ?? Math.floor(members / 2) + 1;
}
