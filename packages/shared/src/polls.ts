import { z } from 'zod';
import { idSchema } from './schemas';

/** Quick polls (not statutory): shared by the server routes and the web forms. */
export const POLL_KIND_VALUES = ['yes_no', 'single', 'multiple', 'ranked'] as const;
export const POLL_AUDIENCES = ['compound', 'building', 'group', 'volunteers'] as const;

export const pollCreateSchema = z
  .strictObject({
    compoundId: idSchema,
    title: z.string().trim().min(1).max(120),
    kind: z.enum(POLL_KIND_VALUES),
    /** Option labels; none for yes/no, 2–10 otherwise. */
    options: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
    audience: z.enum(POLL_AUDIENCES),
    audienceId: idSchema.optional(),
    anonymous: z.boolean(),
    results: z.enum(['live', 'at_close']),
    closesAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'yes_no' && v.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'none for yes_no' });
    if (v.kind !== 'yes_no' && v.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'at least 2' });
    if (new Set(v.options).size !== v.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'duplicate' });
    const needsId = v.audience === 'building' || v.audience === 'group';
    if (needsId !== !!v.audienceId)
      ctx.addIssue({ code: 'custom', path: ['audienceId'], message: needsId ? 'required' : 'not allowed' });
  });
export type PollCreate = z.input<typeof pollCreateSchema>;

export const pollAnswerSchema = z.strictObject({ choices: z.array(z.string().max(20)).min(1).max(10) });

export const pollSummarySchema = z.object({
  id: z.string(),
  compoundId: z.string(),
  title: z.string(),
  kind: z.enum(POLL_KIND_VALUES),
  audience: z.enum(POLL_AUDIENCES),
  anonymous: z.boolean(),
  results: z.enum(['live', 'at_close']),
  closesAt: z.string(),
  closed: z.boolean(),
});
export type PollSummary = z.infer<typeof pollSummarySchema>;

export const pollDetailSchema = pollSummarySchema.extend({
  options: z.array(z.object({ key: z.string(), label: z.string() })),
  me: z.object({ staff: z.boolean(), eligible: z.boolean(), answered: z.boolean() }),
  /** The count, when the viewer may see it (live, closed, or staff). */
  count: z
    .object({
      answers: z.number(),
      options: z.array(z.object({ key: z.string(), votes: z.number(), points: z.number().optional() })),
      order: z.array(z.string()),
    })
    .nullable(),
  /** Named polls, staff only: who answered what and through which channel. */
  named: z.array(z.object({ name: z.string(), choices: z.array(z.string()), channel: z.string() })).nullable(),
});
export type PollDetail = z.infer<typeof pollDetailSchema>;
