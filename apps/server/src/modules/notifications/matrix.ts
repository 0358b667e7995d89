import { NOTIFY_CATEGORIES, NOTIFY_CHANNELS, type NotifyCategory, type NotifyChannel } from '@lianxin/shared';

/**
 * The notification matrix in code: which category a notification kind belongs to and which
 * channels a person gets for it until they choose their own (docs/notifications.md lists who is
 * told of what). In-app is always on; the others go out only where the person can be reached
 * (a push subscription, a phone, an email address switched on).
 */
export const CHANNELS = NOTIFY_CHANNELS;
export type Channel = NotifyChannel;

/** The categories, as the shared schema of the settings page lists them. */
export const CATEGORIES = NOTIFY_CATEGORIES;
export type Category = NotifyCategory;

const PREFIX: Record<string, Category> = {
  order: 'orders',
  pairing: 'pairing',
  council: 'council',
  vote: 'votes',
  event: 'events',
  health: 'health',
  station: 'stations',
  project: 'projects',
  poll: 'polls',
};

/** `order.taken` → orders; unknown prefixes fall into `other`. */
export function categoryOf(kind: string): Category {
  return PREFIX[kind.split('.')[0] ?? ''] ?? 'other';
}

/**
 * Default channels per category. SMS is on where an elder or a secretary must hear even without
 * a smartphone app (orders, pairing) or can answer by replying (polls); the rest default to push and e-mail. WeChat is never on
 * by default: a person binds their WeChat and then chooses it where they want it.
 */
export const DEFAULT_CHANNELS: Record<Category, readonly Channel[]> = {
  orders: ['push', 'sms', 'email'],
  pairing: ['push', 'sms', 'email'],
  council: ['push', 'email'],
  votes: ['push', 'email'],
  events: ['push', 'email'],
  health: ['push', 'email'],
  stations: ['push', 'email'],
  projects: ['push', 'email'],
  // Elders first: a quick poll reaches a basic phone by SMS, and the reply answers it.
  polls: ['push', 'sms', 'email'],
  other: ['push', 'email'],
};
