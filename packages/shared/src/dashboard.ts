import { z } from 'zod';

/** The dashboard's figures: one schema for the API, the web page and the exports. */
export const STOCK_KEYS = [
  'compounds',
  'branches',
  'demoSites',
  'households',
  'residents',
  'partyMembers',
  'volunteers',
  'issuesOpen',
] as const;
export type StockKey = (typeof STOCK_KEYS)[number];

export const FLOW_KEYS = [
  'ordersPlaced',
  'ordersServed',
  'hoursMinutes',
  'hoursEntries',
  'issuesRaised',
  'issuesResolved',
  'decisionsMade',
  'decisionsDelivered',
  'eventsHeld',
  'eventAttendance',
  'votesHeld',
] as const;
export type FlowKey = (typeof FLOW_KEYS)[number];

const stockShape = Object.fromEntries(STOCK_KEYS.map((k) => [k, z.number()])) as Record<StockKey, z.ZodNumber>;
const flowShape = Object.fromEntries(FLOW_KEYS.map((k) => [k, z.number()])) as Record<FlowKey, z.ZodNumber>;

export const stockSchema = z.object(stockShape);
export const flowSchema = z.object({ ...flowShape, medianTakeMinutes: z.number().nullable(), takeCount: z.number() });
export type Stock = z.infer<typeof stockSchema>;
export type Flow = z.infer<typeof flowSchema>;

export const dashboardNodeSchema = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const dashboardSchema = z.object({
  node: dashboardNodeSchema,
  /** Ancestors the caller may open, from the top of their reach down to the parent. */
  trail: z.array(dashboardNodeSchema),
  stock: stockSchema,
  total: flowSchema,
  months: z.array(flowSchema.extend({ month: z.string() })),
  children: z.array(dashboardNodeSchema.extend({ stock: stockSchema, total: flowSchema })),
  refreshedAt: z.string().nullable(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardQuerySchema = z.strictObject({
  months: z.coerce.number().int().min(1).max(36).default(12),
  /** The last month shown, YYYY-MM (default: this month). */
  until: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  /** The export's language (a download link carries no Accept-Language of the app's choosing). */
  lang: z.enum(['zh-CN', 'en']).optional(),
});

/** Export labels in both languages, shared by the XLSX/CSV writer and the web page. */
export const DASHBOARD_LABELS: Record<StockKey | FlowKey | 'medianTakeMinutes', { zh: string; en: string }> = {
  compounds: { zh: '小区数', en: 'Compounds' },
  branches: { zh: '小区党支部', en: 'Compound party branches' },
  demoSites: { zh: '党建示范点', en: 'Demonstration sites' },
  households: { zh: '户数', en: 'Households' },
  residents: { zh: '居民人数', en: 'Residents' },
  partyMembers: { zh: '党员人数', en: 'Party members' },
  volunteers: { zh: '志愿者', en: 'Volunteers' },
  issuesOpen: { zh: '未办结议题', en: 'Open issues' },
  ordersPlaced: { zh: '点单数', en: 'Orders placed' },
  ordersServed: { zh: '服务次数', en: 'Orders served' },
  hoursMinutes: { zh: '志愿服务时长（分钟）', en: 'Volunteer minutes' },
  hoursEntries: { zh: '志愿服务记录', en: 'Hours entries' },
  issuesRaised: { zh: '居民反映', en: 'Issues raised' },
  issuesResolved: { zh: '已解决议题', en: 'Issues resolved' },
  decisionsMade: { zh: '议事决定', en: 'Decisions made' },
  decisionsDelivered: { zh: '决定已落实', en: 'Decisions delivered' },
  eventsHeld: { zh: '活动场次', en: 'Events held' },
  eventAttendance: { zh: '活动参与人次', en: 'Event attendance' },
  votesHeld: { zh: '业主表决', en: 'Votes held' },
  medianTakeMinutes: { zh: '接单用时中位数（分钟）', en: 'Median time to take (min)' },
};
