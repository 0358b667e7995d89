import { z } from 'zod';

/** Outside channels a person may choose per category (in-app is always on). */
export const NOTIFY_CHANNELS = ['push', 'sms', 'email', 'wechat'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** The categories of the notification matrix (docs/notifications.md). */
export const NOTIFY_CATEGORIES = [
  'orders',
  'pairing',
  'council',
  'votes',
  'events',
  'health',
  'stations',
  'projects',
  'polls',
  'other',
] as const;
export type NotifyCategory = (typeof NOTIFY_CATEGORIES)[number];

export const NOTIFY_CATEGORY_ZH: Record<NotifyCategory, string> = {
  orders: '点单服务',
  pairing: '结对帮扶',
  council: '议事协商',
  votes: '业主表决',
  events: '活动报名',
  health: '健康服务',
  stations: '驿站预约',
  projects: '项目进展',
  polls: '小调查',
  other: '其他',
};

export const NOTIFY_CHANNEL_ZH: Record<NotifyChannel, string> = {
  push: '手机推送',
  sms: '短信',
  email: '电子邮件',
  wechat: '微信',
};

/** PUT /notifications/channels: for each category given, the full list of channels wanted. */
export const notifyChannelsSchema = z.partialRecord(
  z.enum(NOTIFY_CATEGORIES),
  z.array(z.enum(NOTIFY_CHANNELS)).max(NOTIFY_CHANNELS.length),
);

/** A browser's PushSubscription.toJSON(), as the web app sends it. */
export const pushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(1000),
  keys: z.strictObject({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}={0,2}$/),
  }),
});
