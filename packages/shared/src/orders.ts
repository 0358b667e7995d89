import { z } from 'zod';

/** The eight kinds of help a resident can order (点单). */
export const ORDER_CATEGORIES = ['shopping', 'escort', 'repair', 'cleaning', 'meals', 'company', 'errand', 'other'] as const;
export type OrderCategory = (typeof ORDER_CATEGORIES)[number];

/** Chinese names, for notifications, hours ledger entries and demo data. */
export const ORDER_CATEGORY_ZH: Record<OrderCategory, string> = {
  shopping: '代购',
  escort: '陪诊',
  repair: '维修',
  cleaning: '保洁',
  meals: '助餐',
  company: '谈心',
  errand: '代办',
  other: '其他',
};

export const ORDER_STATUSES = ['placed', 'taken', 'in_service', 'done', 'confirmed', 'cancelled'] as const;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];
export const ORDER_URGENCIES = ['normal', 'urgent'] as const;
export const ORDER_CHANNELS = ['self', 'phone_call', 'walk_in', 'home_visit'] as const;

/** Free text: trimmed, bounded; HTML is kept as text (the web app never renders it as markup). */
const text = (max: number) => z.string().trim().max(max);
const isoTime = z.iso.datetime({ offset: true });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time' });

export const placeOrderSchema = z
  .strictObject({
    category: z.enum(ORDER_CATEGORIES),
    description: text(500).optional(),
    windowStart: isoTime,
    windowEnd: isoTime,
    urgency: z.enum(ORDER_URGENCIES).default('normal'),
    /** Staff or a volunteer entering an order for a resident who phoned or walked in. */
    forPersonId: z.string().min(1).max(40).optional(),
    channel: z.enum(ORDER_CHANNELS).optional(),
  })
  .refine((b) => Date.parse(b.windowEnd) > Date.parse(b.windowStart), { path: ['windowEnd'], message: 'window' });
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

export const doneOrderSchema = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  note: text(1000).optional(),
  /** Optional photo: the id of an image the volunteer uploaded (POST /api/v1/uploads) to the order's compound. */
  photoId: z
    .string()
    .regex(/^img_[A-Za-z0-9_-]{10,40}$/)
    .optional(),
});

export const confirmOrderSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: text(500).optional(),
});

export const cancelOrderSchema = z.strictObject({ reason: text(300).min(1) });
/** A duty phone: a mobile, a landline with its area code, or a short service number such as 12345. */
export const DUTY_PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,5})$/;

/** 一键呼叫: the duty phone staff set on a node (a community's 值班室 or a compound's own). */
export const helpLineSchema = z.strictObject({
  name: text(40).min(1),
  phone: z.string().trim().regex(DUTY_PHONE_RE, { message: 'dutyPhone' }),
});

export const dispatchOrderSchema = z.strictObject({ volunteerPersonId: z.string().min(1).max(40) });

export const orderSeriesSchema = z
  .strictObject({
    category: z.enum(ORDER_CATEGORIES),
    description: text(500).optional(),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    timeStart: hhmm,
    timeEnd: hhmm,
    urgency: z.enum(ORDER_URGENCIES).default('normal'),
    forPersonId: z.string().min(1).max(40).optional(),
    channel: z.enum(ORDER_CHANNELS).optional(),
  })
  .refine((b) => b.timeEnd > b.timeStart, { path: ['timeEnd'], message: 'window' });

export const orderSettingsSchema = z.strictObject({
  urgentLimitMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  normalLimitMinutes: z
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60),
});

export const notificationPrefsSchema = z.strictObject({
  email: z.email().max(200).nullable().optional(),
  emailEnabled: z.boolean().optional(),
  digest: z.boolean().optional(),
  quietStart: hhmm.nullable().optional(),
  quietEnd: hhmm.nullable().optional(),
});

/**
 * "志愿者近百人，服务700余次": the article's way of saying a count, computed from the real numbers.
 * 90–100 → 近百; above 100 → the hundreds with 余 (741 → 700余); below 90, the number itself.
 */
export function approxCountZh(n: number): string {
  if (n >= 90 && n <= 100) return '近百';
  if (n > 100) return `${Math.floor(n / 100) * 100}余`;
  return String(n);
}

export function approxCountEn(n: number): string {
  if (n >= 90 && n <= 100) return 'nearly 100';
  if (n > 100) return `${Math.floor(n / 100) * 100}+`;
  return String(n);
}
