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

export interface NotificationTables {
  notification_prefs: NotificationPrefsTable;
  email_outbox: EmailOutboxTable;
}
