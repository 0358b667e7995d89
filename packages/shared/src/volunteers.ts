import { z } from 'zod';
import { ORDER_CATEGORIES } from './orders';
import { expectedVersionSchema } from './schemas';

/** Volunteer work (结对帮扶, 认领式服务, 志愿服务记录): shared by the server routes and the web forms. */

/** The 党团妇 teams. */
export const TEAMS = ['党员', '团员', '妇联'] as const;
export type TeamName = (typeof TEAMS)[number];
export const teamSchema = z.enum(TEAMS);

/** How the resident is, as the volunteer found them. "urgent" alerts the branch secretary at once. */
export const VISIT_CONDITIONS = ['well', 'needs_attention', 'urgent'] as const;
export type VisitConditionName = (typeof VISIT_CONDITIONS)[number];

export const ZONE_TYPES = ['绿化', '停车', '楼道', '公共区域'] as const;
export type ZoneTypeName = (typeof ZONE_TYPES)[number];

/** A calendar date, YYYY-MM-DD (China time is what the people mean). */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'date',
  });

/** Service minutes of one visit or duty (travel excluded): 1 minute to 12 hours. */
export const minutesSchema = z.number().int().min(1).max(720);

export const visitInputSchema = z.strictObject({
  visitedOn: dateSchema,
  minutes: minutesSchema,
  what: z.string().trim().min(1).max(500),
  condition: z.enum(VISIT_CONDITIONS),
  /** Raise a help order for the resident in the same step. */
  order: z
    .strictObject({
      category: z.enum(ORDER_CATEGORIES),
      description: z.string().trim().min(1).max(500),
      urgency: z.enum(['normal', 'urgent']).default('normal'),
    })
    .optional(),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

/** How often a pair is visited, in days (monthly = 30 by default). */
export const cadenceDaysSchema = z.number().int().min(1).max(365);

/** Staff changing a pair's schedule: a new cadence, a planned last day (null: no end), or both. */
export const pairingPatchSchema = z
  .strictObject({
    cadenceDays: cadenceDaysSchema.optional(),
    endsOn: dateSchema.nullable().optional(),
  })
  .refine((b) => b.cadenceDays !== undefined || b.endsOn !== undefined, { message: 'empty' });
export type PairingPatch = z.infer<typeof pairingPatchSchema>;

/** A point on the site plan in image pixels (y grows downwards). */
export const pointSchema = z.tuple([z.number().finite().min(0).max(20000), z.number().finite().min(0).max(20000)]);
export const polygonSchema = z.array(pointSchema).max(200);

export const zoneInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  type: z.enum(ZONE_TYPES),
  polygon: polygonSchema,
  maxClaims: z.number().int().min(1).max(20).default(1),
});

/** Editing a zone: any of its fields, at least one. */
export const zonePatchSchema = z
  .strictObject({
    name: zoneInputSchema.shape.name.optional(),
    type: zoneInputSchema.shape.type.optional(),
    polygon: polygonSchema.optional(),
    maxClaims: z.number().int().min(1).max(20).optional(),
    expectedVersion: expectedVersionSchema,
  })
  .refine(({ expectedVersion: _, ...b }) => Object.values(b).some((v) => v !== undefined), { message: 'empty' });
export type ZonePatch = z.infer<typeof zonePatchSchema>;

export const dutyInputSchema = z.strictObject({
  doneOn: dateSchema,
  minutes: minutesSchema,
  what: z.string().trim().min(1).max(500),
  photoId: z.string().max(64).optional(),
});

export const certificateRequestSchema = z.strictObject({
  periodFrom: dateSchema,
  periodTo: dateSchema,
  note: z.string().trim().max(200).default(''),
});

/** 1000 minutes → "16.7" hours, for display and certificates (one decimal, rounded half up). */
export function minutesToHours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}
