import { z } from 'zod';
import { idSchema } from './schemas';

/** Notices and the versioned 居民公约. */
const isoSchema = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().max(max);

export const noticeCreateSchema = z.strictObject({
  nodeId: idSchema,
  title: text(120).min(1),
  body: text(20_000).min(1),
  publishAt: isoSchema.optional(),
  expiresAt: isoSchema.nullable().optional(),
});
export type NoticeCreate = z.infer<typeof noticeCreateSchema>;

export const noticeSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  title: z.string(),
  body: z.string(),
  publishAt: z.string(),
  expiresAt: z.string().nullable(),
  withdrawn: z.boolean(),
  state: z.enum(['scheduled', 'live', 'expired', 'withdrawn']),
  readByMe: z.boolean(),
  /** Staff of the notice's subtree only. */
  readCount: z.number().nullable(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const conventionPublishSchema = z.strictObject({
  title: text(120).min(1),
  body: text(50_000).min(1),
  note: text(500).default(''),
  /** The version this edit started from: a concurrent publish answers 409 instead of overwriting. */
  baseVersion: z.number().int().min(0),
});

export const conventionVersionSchema = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  note: z.string(),
  publishedAt: z.string(),
  ackCount: z.number().nullable(),
});

export const conventionSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  current: z
    .object({ version: z.number(), title: z.string(), body: z.string(), publishedAt: z.string(), ackedByMe: z.boolean() })
    .nullable(),
  versions: z.array(conventionVersionSchema),
  canEdit: z.boolean(),
});
export type Convention = z.infer<typeof conventionSchema>;

export const diffLineSchema = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export type DiffLine = z.infer<typeof diffLineSchema>;
export const conventionDiffSchema = z.object({ from: z.number(), to: z.number(), lines: z.array(diffLineSchema) });
