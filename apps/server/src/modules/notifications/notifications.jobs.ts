import type { ScheduledJob } from '../../lib/jobs';
import type { Mailer } from './email';
import type { NotificationsRepository } from './notifications.repository';

/**
 * Push and SMS go out right after the commit that raised them; every 5 s the outbox catches what
 * quiet hours, the digest or a failed attempt held back. Emails go out from their outbox every 15 s.
 */
export function notificationJobs(
  notifications: Pick<NotificationsRepository, 'sendDueEmails' | 'deliverDue'>,
  mailer: Mailer | null,
): ScheduledJob[] {
  const jobs: ScheduledJob[] = [{ name: 'notifications.deliver', everyMs: 5_000, run: () => notifications.deliverDue() }];
  if (mailer) jobs.push({ name: 'notifications.email', everyMs: 15_000, run: () => notifications.sendDueEmails(mailer) });
  return jobs;
}
