import { z } from 'zod';
import { expectedVersionSchema, idSchema } from './schemas';

/** Renovation projects (提质改造): shared by the server routes and the web forms. Money is fen. */
export const PROJECT_STATUSES = ['planned', 'in_progress', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Up to 100 million yuan, in fen: a whole district's renovation budget fits. */
export const fenSchema = z.number().int().min(0).max(10_000_000_000);
export const projectDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' });
const text = (max: number) => z.string().trim().max(max);

export const fundingSchema = z.strictObject({ source: text(100).min(1), amountFen: fenSchema });
export const projectItemInputSchema = z.strictObject({ name: text(60).min(1), budgetFen: fenSchema });
export const milestoneInputSchema = z.strictObject({ title: text(100).min(1), dueOn: projectDateSchema });

export const projectCreateSchema = z.strictObject({
  nodeId: idSchema,
  title: text(120).min(1),
  summary: text(4000).default(''),
  contractor: text(120).default(''),
  status: z.enum(PROJECT_STATUSES).default('planned'),
  progress: z.number().int().min(0).max(100).default(0),
  startedOn: projectDateSchema.nullable().default(null),
  finishedOn: projectDateSchema.nullable().default(null),
  funding: z.array(fundingSchema).max(20).default([]),
  items: z.array(projectItemInputSchema).max(50).default([]),
  milestones: z.array(milestoneInputSchema).max(50).default([]),
});
export type ProjectCreate = z.input<typeof projectCreateSchema>;

export const projectPatchSchema = z.strictObject({
  title: text(120).min(1).optional(),
  summary: text(4000).optional(),
  contractor: text(120).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  progress: z.number().int().min(0).max(100).optional(),
  startedOn: projectDateSchema.nullable().optional(),
  finishedOn: projectDateSchema.nullable().optional(),
  funding: z.array(fundingSchema).max(20).optional(),
  published: z.boolean().optional(),
  expectedVersion: expectedVersionSchema,
});
export type ProjectPatch = z.infer<typeof projectPatchSchema>;

export const itemPatchSchema = z.strictObject({ name: text(60).min(1).optional(), budgetFen: fenSchema.optional() });
export const milestonePatchSchema = z.strictObject({ doneOn: projectDateSchema.nullable() });
export const spendingCreateSchema = z.strictObject({
  itemId: idSchema,
  amountFen: fenSchema.refine((v) => v > 0, { message: 'positive' }),
  spentOn: projectDateSchema,
  note: text(500).default(''),
  voucherUploadId: z.string().max(60).nullable().default(null),
});
/** A reversing entry: `amountFen` is how much of the original entry is taken back (positive). */
export const spendingCorrectionSchema = z.strictObject({
  amountFen: fenSchema.refine((v) => v > 0, { message: 'positive' }),
  spentOn: projectDateSchema,
  reason: text(200).min(1),
});
export type SpendingCorrection = z.input<typeof spendingCorrectionSchema>;
/** What a project can have attached (images through the one uploads path): photos and scanned papers. */
export const PROJECT_ATTACHMENT_KINDS = ['before', 'after', 'contract', 'invoice'] as const;
export const photoCreateSchema = z.strictObject({
  kind: z.enum(PROJECT_ATTACHMENT_KINDS),
  uploadId: z.string().min(1).max(60),
  caption: text(200).default(''),
  /** Consent to publish it is recorded (the contractor's, the people in the photo): only then is it public. */
  publicConsent: z.boolean().default(false),
});
export const photoConsentSchema = z.strictObject({ publicConsent: z.boolean() });

export const projectItemSchema = z.object({ id: z.string(), name: z.string(), budgetFen: z.number(), spentFen: z.number() });
export const milestoneSchema = z.object({ id: z.string(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable() });
export const spendingSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  amountFen: z.number(),
  spentOn: z.string(),
  note: z.string(),
  voucherUploadId: z.string().nullable(),
  /** Set on a reversing entry: the entry it corrects (its amount is negative). */
  correctsId: z.string().nullable(),
  reason: z.string(),
  /** On an ordinary entry: how much of it later corrections took back (positive fen). */
  correctedFen: z.number(),
});
export const photoSchema = z.object({
  id: z.string(),
  kind: z.enum(PROJECT_ATTACHMENT_KINDS),
  uploadId: z.string(),
  /** What the file is: a picture (shown) or a PDF (linked, downloaded). */
  file: z.enum(['image', 'pdf']),
  caption: z.string(),
  publicConsent: z.boolean(),
});
export const historySchema = z.object({
  at: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const projectSummarySchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  title: z.string(),
  status: z.enum(PROJECT_STATUSES),
  progress: z.number(),
  budgetFen: z.number(),
  spentFen: z.number(),
  published: z.boolean(),
  updatedAt: z.string(),
  /** Only in a resident's list: whether they follow the project. */
  following: z.boolean().optional(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectDetailSchema = projectSummarySchema.extend({
  /** Sent back as `expectedVersion` when editing (ADR 0002). */
  version: z.number(),
  summary: z.string(),
  contractor: z.string(),
  startedOn: z.string().nullable(),
  finishedOn: z.string().nullable(),
  funding: z.array(z.object({ source: z.string(), amountFen: z.number() })),
  fundingFen: z.number(),
  items: z.array(projectItemSchema),
  milestones: z.array(milestoneSchema),
  spending: z.array(spendingSchema),
  photos: z.array(photoSchema),
  history: z.array(historySchema),
});
export type ProjectDetail = z.infer<typeof projectDetailSchema>;

/** 2,980,000.00 yuan from 298000000 fen, exact (no floats). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2980000.5" → 298000050 fen; null when malformed. */
export function yuanToFen(yuan: string): number | null {
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(yuan.trim().replaceAll(',', ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
