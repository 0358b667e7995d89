import { maskName } from '@lianxin/shared';
import { z } from 'zod';
import type { OrderSummaryRow } from './orders.repository';

/** Response schemas: they whitelist what leaves the server (no phone, no door number here). */
export const orderSummarySchema = z.object({
  id: z.string(),
  compoundId: z.string(),
  category: z.string(),
  description: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  urgency: z.string(),
  status: z.string(),
  buildingName: z.string().nullable(),
  residentName: z.string(),
  volunteerName: z.string().nullable(),
  dispatchedToName: z.string().nullable(),
  dispatchedToMe: z.boolean(),
  mine: z.boolean(),
  escalated: z.boolean(),
  repeating: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const orderDetailSchema = orderSummarySchema.extend({
  minutes: z.number().nullable(),
  doneNote: z.string().nullable(),
  hasPhoto: z.boolean(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** What the caller may do now (the web app shows these buttons). */
  can: z.array(z.string()),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      toStatus: z.string().nullable(),
      actorName: z.string().nullable(),
      channel: z.string().nullable(),
      onBehalf: z.boolean(),
      note: z.string().nullable(),
    }),
  ),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export const contactSchema = z.object({ name: z.string(), phone: z.string().nullable(), address: z.string().nullable() });

/** Names the summary rows need, looked up in two queries for a whole list. */
export interface NameMaps {
  people: Map<string, string>;
  nodes: Map<string, string>;
}

/**
 * Volunteers who do not hold the order see the family name only (万**); the resident, the
 * holder and staff see the name. Phones and doors are never in a summary.
 */
export function toSummary(o: OrderSummaryRow, names: NameMaps, viewerPersonId: string, fullName: boolean): OrderSummary {
  const resident = names.people.get(o.resident_person_id) ?? '';
  return {
    id: o.id,
    compoundId: o.compound_id,
    category: o.category,
    description: o.description,
    windowStart: o.window_start,
    windowEnd: o.window_end,
    urgency: o.urgency,
    status: o.status,
    buildingName: o.building_id ? (names.nodes.get(o.building_id) ?? null) : null,
    residentName: fullName || o.volunteer_person_id === viewerPersonId ? resident : maskName(resident),
    volunteerName: o.volunteer_person_id ? (names.people.get(o.volunteer_person_id) ?? null) : null,
    dispatchedToName: o.dispatched_to_person_id ? (names.people.get(o.dispatched_to_person_id) ?? null) : null,
    dispatchedToMe: o.dispatched_to_person_id === viewerPersonId,
    mine: o.volunteer_person_id === viewerPersonId,
    escalated: o.escalated_at !== null,
    repeating: o.series_id !== null,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}
