import { z } from 'zod';
import { checkpointSchema } from './log';
import { idSchema } from './schemas';

/** Owners' decisions: the schemas the vote forms, the routes and the responses share. */

/** Roles that run votes in a compound (within their subtree). */
export const VOTE_STAFF_ROLES = ['branch_secretary', 'committee_member', 'community_worker'] as const;

export const VOTE_KINDS = ['decision', 'consultation'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export const DECISION_CHOICES = ['yes', 'no', 'abstain'] as const;
export type DecisionChoice = (typeof DECISION_CHOICES)[number];

/** Which rule a matter of art. 278 falls under: 6–8 need three quarters, the rest a majority. */
export function voteRuleOf(matter: number): 'three-quarters' | 'majority' {
  return matter >= 6 && matter <= 8 ? 'three-quarters' : 'majority';
}

/** Control characters other than tab and line breaks have no place in a title. */
function isControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => ![...s].some((ch) => isControl(ch)), { message: 'control characters' });

export const createVoteSchema = z
  .strictObject({
    compoundId: idSchema,
    kind: z.enum(VOTE_KINDS),
    matter: z.number().int().min(1).max(9).optional(),
    title: text(120),
    body: z
      .string()
      .trim()
      .max(4000)
      .refine((b) => ![...b].some(isControl), { message: 'control characters' })
      .default(''),
    /** Consultation options (2–10). A decision always offers yes / no / abstain. */
    options: z.array(text(60)).max(10).optional(),
    opensAt: z.iso.datetime().optional(),
    closesAt: z.iso.datetime(),
    /**
     * The local rule asks for the unit-by-unit list (unit, area, choice — never names) on the public
     * 公示: recorded with the vote at opening, it makes the list public once the vote closes.
     */
    unitListPublic: z.boolean().optional(),
  })
  .superRefine((v, c) => {
    if (v.kind === 'decision' && v.matter === undefined) c.addIssue({ code: 'custom', path: ['matter'], message: 'required' });
    if (v.kind === 'decision' && v.options?.length)
      c.addIssue({ code: 'custom', path: ['options'], message: 'decisions have no options' });
    if (v.kind === 'consultation' && v.matter !== undefined)
      c.addIssue({ code: 'custom', path: ['matter'], message: 'consultations have no matter' });
    if (v.kind === 'consultation' && (v.options?.length ?? 0) < 2)
      c.addIssue({ code: 'custom', path: ['options'], message: 'at least 2' });
    if (v.options && new Set(v.options).size !== v.options.length)
      c.addIssue({ code: 'custom', path: ['options'], message: 'duplicate' });
    if (v.opensAt && v.opensAt >= v.closesAt) c.addIssue({ code: 'custom', path: ['closesAt'], message: 'before opening' });
  });
export type CreateVoteInput = z.input<typeof createVoteSchema>;

/** A choice: yes | no | abstain for a decision, an option key ("o1"…) for a consultation. */
export const ballotChoiceSchema = z.string().regex(/^(yes|no|abstain|o([1-9]|10))$/);

export const castBallotSchema = z.strictObject({ choice: ballotChoiceSchema });
/** One keying of a paper ballot: the code printed on it (or the scanned URL) and the choice read. */
export const keyPaperSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(3)
    .max(400)
    .refine((u) => ![...u].some(isControl), { message: 'control characters' }),
  choice: ballotChoiceSchema,
});
export type KeyPaperInput = z.infer<typeof keyPaperSchema>;

export const KEYING_STATUSES = ['waiting', 'agreed', 'mismatch', 'decided'] as const;
export type KeyingStatus = (typeof KEYING_STATUSES)[number];

/** What a keyer learns: whether the blind pair agreed — never the other keyer's choice. */
export const keyingOutcomeSchema = z.object({
  item: z.string(),
  slot: z.number().int(),
  status: z.enum(KEYING_STATUSES),
  /** The receipt code, once, to the keyer whose keying made the ballot count. */
  settled: z.object({ receipt: z.string(), ballotId: z.string() }).nullable(),
});
export type KeyingOutcome = z.infer<typeof keyingOutcomeSchema>;

const count = z.object({ owners: z.number().int(), area: z.string() });
export const decisionResultSchema = z.object({
  kind: z.literal('decision'),
  matter: z.number().int(),
  rule: z.enum(['three-quarters', 'majority']),
  totals: count,
  participated: count,
  yes: count,
  no: count,
  abstain: count,
  quorumMet: z.boolean(),
  passed: z.boolean(),
});
export const consultationResultSchema = z.object({
  kind: z.literal('consultation'),
  totals: count,
  participated: count,
  quorumMet: z.boolean(),
  options: z.array(z.object({ key: z.string(), label: z.string(), owners: z.number().int(), area: z.string() })),
});
export const voteResultSchema = z.discriminatedUnion('kind', [decisionResultSchema, consultationResultSchema]);
export type VoteResult = z.infer<typeof voteResultSchema>;

export const voteOptionSchema = z.object({ key: z.string(), label: z.string() });

export const voteSummarySchema = z.object({
  id: z.string(),
  compoundId: z.string(),
  compoundName: z.string(),
  kind: z.enum(VOTE_KINDS),
  matter: z.number().int().nullable(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  opensAt: z.string(),
  closesAt: z.string(),
});
export type VoteSummary = z.infer<typeof voteSummarySchema>;

export const voteDetailSchema = voteSummarySchema.extend({
  body: z.string(),
  options: z.array(voteOptionSchema),
  totals: count,
  closedAt: z.string().nullable(),
  result: voteResultSchema.nullable(),
  /** The rule recorded at opening: the unit-by-unit list is public after closing. */
  unitListPublic: z.boolean(),
  /** What the caller may do. */
  me: z.object({
    staff: z.boolean(),
    /** The units the caller may cast for, or null when not in the electorate. */
    units: z.array(z.string()).nullable(),
    /** Whether the caller's subject already has a ballot (online, or paper entered). */
    voted: z.boolean(),
  }),
});
export type VoteDetail = z.infer<typeof voteDetailSchema>;

export const receiptSchema = z.object({ receipt: z.string(), ballotId: z.string() });

export const turnoutSchema = z.object({
  totals: count,
  participated: count,
  online: count,
  paper: count,
  pendingPaper: z.number().int(),
  /** Owners and area that 2/3 participation needs ("以上": the boundary counts). */
  quorumNeeds: count,
  quorumMet: z.boolean(),
});
export type Turnout = z.infer<typeof turnoutSchema>;

export const electorateSchema = z.object({
  totals: count,
  subjects: z.array(
    z.object({
      subject: z.string(),
      units: z.array(z.string()),
      area: z.string(),
      developer: z.boolean(),
      /** Names of those who may cast (staff only; never phones). */
      voters: z.array(z.string()),
    }),
  ),
  units: z.array(z.object({ unit: z.string(), subject: z.string(), area: z.string(), areaSource: z.string() })),
});
export type ElectorateView = z.infer<typeof electorateSchema>;

export const paperListSchema = z.array(
  z.object({
    /** The unit whose paper ballot was keyed, and the code printed on its ballot. */
    item: z.string(),
    code: z.string(),
    area: z.string(),
    status: z.enum(KEYING_STATUSES),
    keyers: z.array(z.object({ slot: z.number().int(), name: z.string().nullable(), me: z.boolean() })),
    /** The choice that counts, once agreed or decided; null while keying is blind. */
    value: z.string().nullable(),
    keyedByMe: z.boolean(),
  }),
);
export type PaperBallotView = z.infer<typeof paperListSchema>[number];

/** The printable ballot sheet: one ballot per unit, each with its code for the QR code. */
export const paperSheetSchema = z.object({
  vote: z.object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(VOTE_KINDS),
    matter: z.number().int().nullable(),
    closesAt: z.string(),
    compoundName: z.string(),
  }),
  options: z.array(voteOptionSchema),
  units: z.array(z.object({ unit: z.string(), area: z.string(), code: z.string() })),
});
export type PaperSheet = z.infer<typeof paperSheetSchema>;

/** One statutory condition of a result: its threshold, the exact percentage reached, met or not. */
export const resultConditionSchema = z.object({
  key: z.enum(['participation-owners', 'participation-area', 'yes-owners', 'yes-area']),
  /** ≥ 2/3 (participation), ≥ 3/4 (matters 6–8) or > 1/2 (other matters) — see DESIGN.md. */
  need: z.enum(['>=2/3', '>=3/4', '>1/2']),
  /** Percentage with two decimals, rounded down. */
  percent: z.string(),
  met: z.boolean(),
});
export type ResultCondition = z.infer<typeof resultConditionSchema>;

export const publishedResultsSchema = z.object({
  vote: voteSummarySchema,
  result: voteResultSchema,
  conditions: z.array(resultConditionSchema),
  options: z.array(voteOptionSchema),
  closedAt: z.string(),
  /** The rule recorded at opening: the unit-by-unit list goes on the public 公示. */
  unitListPublic: z.boolean(),
  /**
   * The signed checkpoint the printed 公示 carries: the latest, once it holds the vote's closing
   * entry (null for the second or so before the sequencer takes it in).
   */
  checkpoint: checkpointSchema.nullable(),
  /** Public: one line per counted ballot, its receipt hash and choice — no unit, no name. */
  receipts: z.array(z.object({ hash: z.string(), choice: z.string() })),
  /**
   * Unit by unit (units, area, choice — never names or phones): only for the compound's signed-in
   * owners (the vote's electorate) and staff, and for everyone when the vote's rule says so;
   * null otherwise.
   */
  units: z.array(z.object({ units: z.array(z.string()), area: z.string(), choice: z.string() })).nullable(),
});
export type PublishedResults = z.infer<typeof publishedResultsSchema>;

export const officialCheckSchema = z.strictObject({
  /** CSV with lines "unit,choice" (choice yes/no/abstain or 同意/反对/弃权); a header line is allowed. */
  csv: z.string().min(1).max(2_000_000),
  /** The figures the official system announced, to be compared with the recount. */
  declared: z
    .strictObject({
      participatedOwners: z.number().int().min(0),
      participatedArea: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/),
      yesOwners: z.number().int().min(0),
      yesArea: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/),
      passed: z.boolean(),
    })
    .optional(),
});
export type OfficialCheckInput = z.infer<typeof officialCheckSchema>;

export const officialReportSchema = z.object({
  rows: z.number().int(),
  recount: decisionResultSchema,
  /** Recount versus the announced figures: one line per figure that differs. */
  figureDisagreements: z.array(z.object({ figure: z.string(), declared: z.string(), recount: z.string() })),
  /** Official ballots versus the ballots counted here, subject by subject. */
  ballotDisagreements: z.array(
    z.object({ units: z.array(z.string()), official: z.string().nullable(), lianxin: z.string().nullable() }),
  ),
  agrees: z.boolean(),
});
export type OfficialReport = z.infer<typeof officialReportSchema>;

/** 2/3 of n, rounded up: the smallest count that is "2/3 以上". Exact for integers. */
export function twoThirdsNeeded(n: number): number {
  return Math.ceil((2 * n) / 3);
}
