import { z } from 'zod';

/** Response shapes: whitelists, so a column added to a table never leaks. */
export const occurrenceSchema = z.object({
  eventId: z.string(),
  occKey: z.string(),
  title: z.string(),
  place: z.string(),
  start: z.string(),
  end: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  changed: z.boolean(),
  capacity: z.number().nullable(),
  taken: z.number(),
  kind: z.string(),
  groupId: z.string().nullable(),
  nodeName: z.string(),
  recurring: z.boolean(),
});

export const eventSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  groupId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  place: z.string(),
  description: z.string(),
  start: z.string(),
  durationMin: z.number(),
  rrule: z.string().nullable(),
  capacity: z.number().nullable(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  tags: z.array(z.string()),
  signupOpensHours: z.number().nullable(),
  signupClosesMin: z.number(),
  organiserName: z.string(),
  canManage: z.boolean(),
});

export const signupSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted', 'cancelled']),
  ticketCode: z.string(),
  checkedInAt: z.string().nullable(),
});

export const ticketSchema = signupSchema.extend({
  eventId: z.string(),
  occKey: z.string(),
  title: z.string(),
  place: z.string(),
  start: z.string(),
  end: z.string(),
  occurrenceStatus: z.string(),
});

export const keyParams = z.object({ id: z.string().min(1).max(40), key: z.string().regex(/^\d{8}T\d{6}Z$/) });
export const idParams = z.object({ id: z.string().min(1).max(40) });
