/** Notification preferences and the email outbox (migration 2026-11-27T0300-orders). */
export interface NotificationPrefsTable {
  person_id: string;
  email: string | null;
  email_enabled: number;
  digest: number;
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: string;
}

export interface EmailOutboxTable {
  id: string;
  person_id: string;
  notification_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  digest: number;
  due_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

/** Channels a person chose for one category (migration 2026-12-06T1300-notify-channels). */
export interface NotificationChannelPrefsTable {
  person_id: string;
  category: string;
  push: number;
  sms: number;
  email: number;
  /** Migration 2026-12-07T0200-wechat-channel. */
  wechat: number;
  updated_at: string;
}

/** The openid a person bound through WeChat's web authorisation (one per person, one person per openid). */
export interface WechatBindingsTable {
  person_id: string;
  openid: string;
  bound_at: string;
}

/** A WeChat authorisation round trip in progress: whose it is, until when it may come back. */
export interface WechatOauthStatesTable {
  state: string;
  person_id: string;
  expires_at: string;
}

/** One browser or installed app that may receive Web Push for a person. */
export interface PushSubscriptionsTable {
  id: string;
  person_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: string;
  last_sent_at: string | null;
}

/** Push, SMS and WeChat messages waiting for their due time (quiet hours, digest) or a retry. */
export interface NotificationOutboxTable {
  id: string;
  person_id: string;
  notification_id: string | null;
  channel: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  urgent: number;
  digest: number;
  due_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

export interface NotificationTables {
  notification_prefs: NotificationPrefsTable;
  email_outbox: EmailOutboxTable;
  notification_channel_prefs: NotificationChannelPrefsTable;
  push_subscriptions: PushSubscriptionsTable;
  notification_outbox: NotificationOutboxTable;
  wechat_bindings: WechatBindingsTable;
  wechat_oauth_states: WechatOauthStatesTable;
}
