import type { ScheduledJob } from '../../lib/jobs';
import type { Mailer } from './email';
import type { NotificationsRepository } from './notifications.repository';

/** Emails go out from the outbox every 15 s (quiet hours and the daily digest set their due time). */
export function notificationJobs(
  notifications: Pick<NotificationsRepository, 'sendDueEmails'>,
  mailer: Mailer | null,
): ScheduledJob[] {
  if (!mailer) return [];
  return [{ name: 'notifications.email', everyMs: 15_000, run: () => notifications.sendDueEmails(mailer) }];
}
