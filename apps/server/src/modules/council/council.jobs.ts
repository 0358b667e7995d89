import type { ScheduledJob } from '../../lib/jobs';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { CouncilRepository } from './council.repository';

/** An issue still `raised` and untouched this long (unless the compound set its own limit) is reminded. */
export const REMIND_AFTER_DAYS = 7;

/**
 * Reminds branch secretaries (and community workers) of issues nobody has touched for the
 * compound's limit (council_settings, default REMIND_AFTER_DAYS), once per period: the conditional update on reminded_at decides, so two
 * overlapping runs send one reminder.
 */
export function createIssueReminder(deps: {
  council: Pick<CouncilRepository, 'staleIssues' | 'markReminded' | 'findIssue' | 'peopleWithRoleOver'>;
  notifications: Pick<NotificationsRepository, 'notify'>;
  clock?: () => Date;
}) {
  const clock = deps.clock ?? (() => new Date());
  return async function remindStaleIssues(): Promise<number> {
    const now = clock();
    let sent = 0;
    for (const i of await deps.council.staleIssues(now, REMIND_AFTER_DAYS)) {
      if (!(await deps.council.markReminded(i.id, now.toISOString(), i.before))) continue;
      const issue = await deps.council.findIssue(i.id);
      if (!issue) continue;
      const staff = await deps.council.peopleWithRoleOver(issue.compound_path, ['branch_secretary', 'community_worker']);
      await deps.notifications.notify(staff, {
        kind: 'council.issue.stale',
        title: `居民反映的问题已${i.remind_after_days ?? REMIND_AFTER_DAYS}天无人处理：${i.title}`,
        body: '请答复或列入党群议事会议程',
        link: `/council/issues/${i.id}`,
      });
      sent++;
    }
    return sent;
  };
}

/** The council's scheduled jobs, for startScheduler in server.ts. */
export function councilJobs(deps: Parameters<typeof createIssueReminder>[0]): ScheduledJob[] {
  return [{ name: 'council.remind-stale-issues', everyMs: 60 * 60 * 1000, run: createIssueReminder(deps) }];
}
