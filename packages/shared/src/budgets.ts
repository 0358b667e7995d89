import { z } from 'zod';
import { idSchema } from './schemas';
import { keyPaperSchema } from './votes';

/** 自治金 micro-budgets: shared by the server routes and the web forms. Money is whole fen. */
export const BUDGET_STATUSES = ['proposing', 'voting', 'closed'] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export const PROPOSAL_STATUSES = ['submitted', 'feasible', 'refused'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Up to 10 million yuan: a community's yearly 自治金 is tens of thousands. */
const potSchema = z.number().int().min(1).max(1_000_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const budgetCreateSchema = z.strictObject({
  nodeId: idSchema,
  year: z.number().int().min(2000).max(2100),
  title: text(80),
  potFen: potSchema,
});
export type BudgetCreate = z.infer<typeof budgetCreateSchema>;

export const proposalCreateSchema = z.strictObject({
  title: text(80),
  description: z.string().trim().max(2000).default(''),
  costFen: potSchema,
  /** Where on the site plan (the compound's plan drawn by the zones module). */
  compoundId: idSchema.optional(),
  plan: z
    .strictObject({ x: z.int().min(0).max(100000), y: z.int().min(0).max(100000), zoneId: z.string().max(64).optional() })
    .optional(),
  photoIds: z.array(z.string().max(64)).max(6).default([]),
});
export type ProposalCreate = z.input<typeof proposalCreateSchema>;

export const proposalReviewSchema = z.discriminatedUnion('feasible', [
  z.strictObject({ feasible: z.literal(true) }),
  /** A refusal is published with its reason. */
  z.strictObject({ feasible: z.literal(false), reason: text(500) }),
]);

export const budgetOpenVotingSchema = z.strictObject({ closesAt: z.iso.datetime({ offset: true }) });

export const budgetBallotSchema = z.strictObject({ choices: z.array(idSchema).min(1).max(100) });

export const budgetSummarySchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  year: z.number(),
  title: z.string(),
  potFen: z.number(),
  status: z.enum(BUDGET_STATUSES),
  votingClosesAt: z.string().nullable(),
});
export type BudgetSummary = z.infer<typeof budgetSummarySchema>;

export const proposalOutSchema = z.object({
  id: z.string(),
  seq: z.number(),
  title: z.string(),
  description: z.string(),
  costFen: z.number(),
  compoundId: z.string().nullable(),
  plan: z.object({ x: z.number(), y: z.number(), zoneId: z.string().optional() }).nullable(),
  photoIds: z.array(z.string()),
  status: z.enum(PROPOSAL_STATUSES),
  refusalReason: z.string().nullable(),
  projectId: z.string().nullable(),
  mine: z.boolean(),
});
export type ProposalOut = z.infer<typeof proposalOutSchema>;

export const budgetResultSchema = z.object({
  rule: z.string(),
  ruleText: z.string(),
  potFen: z.number(),
  ballots: z.number(),
  households: z.number(),
  spentFen: z.number(),
  leftFen: z.number(),
  rows: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      costFen: z.number(),
      approvals: z.number(),
      rank: z.number(),
      funded: z.boolean(),
      leftBeforeFen: z.number(),
      projectId: z.string().nullable(),
    }),
  ),
});
export type BudgetResultOut = z.infer<typeof budgetResultSchema>;

export const budgetDetailSchema = budgetSummarySchema.extend({
  proposals: z.array(proposalOutSchema),
  result: budgetResultSchema.nullable(),
  me: z.object({ staff: z.boolean(), household: z.string().nullable(), voted: z.boolean() }),
});
export type BudgetDetail = z.infer<typeof budgetDetailSchema>;

export const budgetReceiptSchema = z.object({ receipt: z.string(), costFen: z.number() });

/** A staff member keys one paper 自治金 ballot blind: its printed code and the numbers of the ticked proposals. */
export const budgetKeyPaperSchema = z.strictObject({
  code: keyPaperSchema.shape.code,
  proposals: z.array(z.number().int().min(1).max(100_000)).min(1).max(100),
});
export type BudgetKeyPaperInput = z.infer<typeof budgetKeyPaperSchema>;

/** The printable 自治金 ballots: one per household (unit), with the feasible proposals to tick. */
export const budgetPaperSheetSchema = z.object({
  budget: z.object({
    id: z.string(),
    title: z.string(),
    nodeName: z.string(),
    potFen: z.number(),
    votingClosesAt: z.string().nullable(),
  }),
  proposals: z.array(z.object({ seq: z.number().int(), title: z.string(), costFen: z.number() })),
  units: z.array(z.object({ unit: z.string(), compoundName: z.string(), code: z.string() })),
});
export type BudgetPaperSheet = z.infer<typeof budgetPaperSheetSchema>;
