import { z } from 'zod';

/** Groups, events, tickets, health checks and day-care: schemas shared by routes and forms. */

export const EVENT_KINDS = ['activity', 'health_check', 'daycare'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The longest check-in grace a node may set: a day before the start and after the end. */
export const CHECKIN_GRACE_MAX_MINUTES = 1440;

/**
 * PUT /events/checkin-grace/:nodeId: minutes per event kind; null removes the node's own value
 * (it then takes its parent's, or the server's default).
 */
export const checkinGraceSchema = z.partialRecord(
  z.enum(EVENT_KINDS),
  z.number().int().min(0).max(CHECKIN_GRACE_MAX_MINUTES).nullable(),
);
export const GROUP_KINDS = ['club', 'daycare', 'health'] as const;

/** Residents with these tags may not be able to come to a health check: they get home visits. */
export const HOME_VISIT_TAGS = ['残疾', '独居老人', '行动不便', '卧床', '失能'] as const;
/** Day-care (日间照料中心) is for those of this age and over. */
export const DAYCARE_MIN_AGE = 60;

const text = (max: number) => z.string().trim().max(max);
const tags = z.array(z.string().trim().min(1).max(20)).max(10);
const age = z.number().int().min(0).max(130);

export const groupInputSchema = z.strictObject({
  nodeId: z.string().min(1).max(40),
  kind: z.enum(GROUP_KINDS).default('club'),
  name: text(60).min(1),
  description: text(1000).default(''),
  minAge: age.nullable().default(null),
  maxAge: age.nullable().default(null),
  tags: tags.default([]),
});
export type GroupInput = z.infer<typeof groupInputSchema>;

/** A local (Asia/Shanghai) date-time as the form sends it: 2026-11-27T19:30. */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'datetime' });

export const REPEATS = ['none', 'daily', 'weekly', 'monthly_weekday', 'custom'] as const;

export const eventInputSchema = z.strictObject({
  nodeId: z.string().min(1).max(40),
  groupId: z.string().min(1).max(40).nullable().default(null),
  kind: z.enum(EVENT_KINDS).default('activity'),
  title: text(80).min(1),
  place: text(80).default(''),
  description: text(2000).default(''),
  start: localDateTimeSchema,
  durationMin: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /** The RRULE subset (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL). */
  rrule: z.string().trim().max(200).nullable().default(null),
  capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  minAge: age.nullable().default(null),
  maxAge: age.nullable().default(null),
  tags: tags.default([]),
  signupOpensHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .nullable()
    .default(null),
  signupClosesMin: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 30)
    .default(0),
  organiserPersonId: z.string().min(1).max(40).optional(),
});
export type EventInput = z.infer<typeof eventInputSchema>;

export const occurrenceChangeSchema = z.strictObject({
  start: localDateTimeSchema.optional(),
  durationMin: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
  title: text(80).min(1).optional(),
  place: text(80).optional(),
  cancelled: z.boolean().optional(),
});

export const ticketCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^LX-[0-9A-Z]{4}-[0-9A-Z]{4}$/, { message: 'ticket' });

export const healthResultInputSchema = z.strictObject({
  personId: z.string().min(1).max(40),
  measuredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  systolic: z.number().int().min(50).max(260).nullable().default(null),
  diastolic: z.number().int().min(30).max(160).nullable().default(null),
  heartRate: z.number().int().min(20).max(250).nullable().default(null),
  /** mmol/L with one decimal, e.g. 5.6 */
  glucose: z.number().min(1).max(40).nullable().default(null),
  note: text(500).default(''),
});

export const VISIT_OUTCOMES = ['visited', 'not_home', 'declined'] as const;
export const homeVisitInputSchema = z.strictObject({
  personId: z.string().min(1).max(40),
  outcome: z.enum(VISIT_OUTCOMES),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** What was done (送检上门、已测量), never the results: those go in health results. */
  note: text(300).default(''),
});

/** A change to a published series: only the fields sent change (no defaults here on purpose). */
export const eventPatchSchema = z.strictObject({
  title: text(80).min(1).optional(),
  place: text(80).optional(),
  description: text(2000).optional(),
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  minAge: age.nullable().optional(),
  maxAge: age.nullable().optional(),
  signupOpensHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .nullable()
    .optional(),
  signupClosesMin: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 30)
    .optional(),
});
