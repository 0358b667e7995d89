import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { AuditRepository } from '../audit/audit.repository';
import type { CouncilNotifier } from './council.notify';
import type { CouncilRepository } from './council.repository';
import type { MeetingsRepository } from './meetings.repository';
import { createSupportThresholdRepository } from './support-threshold.repository';

/** The role an automatic step is recorded with on the issue's public timeline. */
export const THRESHOLD_ACTOR = 'support_threshold';

/**
 * Supports needed: `percent` % of the households, rounded up, at least 1 ("5 % of 216" is 11).
 * Integer arithmetic: ceil(p·h / 100) = ⌊(p·h + 99) / 100⌋.
 */
export function supportsNeeded(percent: number, households: number): number {
  return Math.max(1, Math.floor((percent * households + 99) / 100));
}

export interface SupportThresholdDeps {
  db: Kysely<DB>;
  council: Pick<CouncilRepository, 'settings' | 'transition' | 'addEvent'>;
  meetings: Pick<MeetingsRepository, 'addAgendaItem'>;
  audit: Pick<AuditRepository, 'append'>;
  notifier?: Pick<CouncilNotifier, 'step'>;
  clock?: () => Date;
}

/**
 * A council issue that reaches the compound's support threshold goes on the next planned meeting's
 * agenda by itself, and its raiser and supporters are told. Run after every support and whenever a
 * meeting is planned (an issue over the line waits for one).
 */
export function createSupportThreshold(deps: SupportThresholdDeps) {
  const repo = createSupportThresholdRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());

  async function status(compoundId: string) {
    const st = await deps.council.settings(compoundId);
    const households = await repo.households(compoundId);
    const percent = st?.supportThresholdPercent ?? null;
    return { percent, households, needed: percent === null ? null : supportsNeeded(percent, households) };
  }

  return {
    status,

    /** Puts every raised issue at or over the threshold on the next meeting; returns the ids moved. */
    async sweep(compoundId: string): Promise<string[]> {
      const { percent, households, needed } = await status(compoundId);
      if (percent === null || needed === null) return [];
      const due = await repo.issuesAtLeast(compoundId, needed);
      if (!due.length) return [];
      const m = await repo.nextMeeting(compoundId, clock().toISOString());
      if (!m) return [];
      const moved: string[] = [];
      for (const issue of due) {
        const ok = await deps.db.transaction().execute(async (trx) => {
          // Staff may have moved it meanwhile: the conditional transition decides.
          if (!(await deps.council.transition(trx, issue.id, ['raised'], 'on_agenda'))) return false;
          await deps.meetings.addAgendaItem(trx, m.id, issue.id, issue.title);
          await deps.council.addEvent(trx, {
            issue_id: issue.id,
            kind: 'on_agenda',
            actor_role: THRESHOLD_ACTOR,
            note: `${issue.support_count} 人支持（门槛 ${needed} 人，即 ${households} 户的 ${percent}%）：${m.title}`,
            meeting_id: m.id,
          });
          await deps.audit.append(
            {
              actorAccountId: null,
              action: 'council.issue.auto_agenda',
              targetType: 'council_issue',
              targetId: issue.id,
              nodeId: compoundId,
              details: { meetingId: m.id, supports: issue.support_count, needed, percent, households },
            },
            trx,
          );
          return true;
        });
        if (!ok) continue;
        moved.push(issue.id);
        await deps.notifier?.step(issue.id, 'auto_agenda', { note: m.title });
      }
      return moved;
    },
  };
}

export type SupportThreshold = ReturnType<typeof createSupportThreshold>;
