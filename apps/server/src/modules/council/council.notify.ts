import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { CouncilRepository } from './council.repository';

/** The council steps residents hear of (docs/notifications.md, council rows). */
export type CouncilStep =
  | 'raised'
  | 'supported'
  | 'on_agenda'
  | 'auto_agenda'
  | 'discussed'
  | 'decided'
  | 'action_added'
  | 'action_done'
  | 'in_progress'
  | 'answered'
  | 'resolved'
  | 'reopened';

const FOLLOWER_TITLE: Record<Exclude<CouncilStep, 'raised' | 'supported' | 'reopened'>, string> = {
  on_agenda: '您关注的问题已列入议事会议程',
  auto_agenda: '您支持的问题已达到支持门槛，自动列入议事会议程',
  discussed: '您关注的问题已在议事会上讨论',
  decided: '议事会已就您关注的问题作出决定',
  action_added: '议事会决定的事项已安排落实',
  action_done: '一项落实事项已完成',
  in_progress: '您关注的问题正在落实',
  answered: '您反映的问题已答复',
  resolved: '您关注的问题已办结',
};

/**
 * Tells the people around a council issue of each step, after it committed: the raiser and the
 * supporters hear of every step (only the raiser while the issue is hidden); the branch
 * secretary and community worker hear of a new or reopened issue; the decision's responsible
 * member hears of the decision and of each action. Whoever took the step is not told of it.
 */
export function createCouncilNotifier(deps: {
  db: Kysely<DB>;
  council: Pick<CouncilRepository, 'findIssue' | 'peopleWithRoleOver'>;
  notifications: Pick<NotificationsRepository, 'notify'>;
}) {
  const { db, council, notifications } = deps;

  async function supporters(issueId: string): Promise<string[]> {
    const rows = await db.selectFrom('council_supports').select('person_id').where('issue_id', '=', issueId).execute();
    return rows.map((r) => r.person_id);
  }

  async function responsible(decisionId: string | undefined): Promise<string[]> {
    if (!decisionId) return [];
    const r = await db
      .selectFrom('council_decisions')
      .innerJoin('council_members', 'council_members.id', 'council_decisions.responsible_member_id')
      .select('council_members.person_id')
      .where('council_decisions.id', '=', decisionId)
      .executeTakeFirst();
    return r ? [r.person_id] : [];
  }

  return {
    /**
     * One step of an issue. `actorPersonId` is left out of the audience; `note` is the step's
     * text (the meeting, the decision, the answer, the reason); `decisionId` names the
     * responsible member's decision for decided / action steps.
     */
    async step(
      issueId: string,
      step: CouncilStep,
      opts: { actorPersonId?: string | null; note?: string | null; decisionId?: string } = {},
    ): Promise<void> {
      const issue = await council.findIssue(issueId);
      if (!issue) return;
      const link = `/council/issues/${issue.id}`;
      const raiser = issue.raised_by_person_id ? [issue.raised_by_person_id] : [];
      const followers = issue.hidden ? raiser : [...raiser, ...(await supporters(issue.id))];
      const not = (ids: string[]) => [...new Set(ids)].filter((id) => id !== opts.actorPersonId);
      const body = opts.note ?? '';
      if (step === 'raised' || step === 'reopened') {
        const staff = await council.peopleWithRoleOver(issue.compound_path, ['branch_secretary', 'community_worker']);
        await notifications.notify(not(staff), {
          kind: `council.${step}`,
          title: `${step === 'raised' ? '居民反映了新问题' : '居民重新打开了问题'}：${issue.title}`,
          body,
          link,
        });
        if (step === 'raised') {
          await notifications.notify(raiser, { kind: 'council.raised', title: `您反映的问题已提交：${issue.title}`, link });
        } else {
          await notifications.notify(not(followers.filter((p) => !raiser.includes(p))), {
            kind: 'council.reopened',
            title: `您附议的问题已重新打开：${issue.title}`,
            body,
            link,
          });
        }
        return;
      }
      if (step === 'supported') {
        await notifications.notify(not(raiser), {
          kind: 'council.supported',
          title: `您反映的问题获得附议，共 ${issue.support_count} 人：${issue.title}`,
          link,
        });
        return;
      }
      const audience = [
        ...followers,
        ...(step === 'decided' || step.startsWith('action_') ? await responsible(opts.decisionId) : []),
      ];
      await notifications.notify(not(audience), {
        kind: `council.${step}`,
        title: `${FOLLOWER_TITLE[step]}：${issue.title}`,
        body,
        link,
      });
    },
  };
}

export type CouncilNotifier = ReturnType<typeof createCouncilNotifier>;
