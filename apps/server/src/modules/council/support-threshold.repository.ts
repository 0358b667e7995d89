import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** The SQL of the support threshold: households, issues over the line, the next meeting. */
export function createSupportThresholdRepository(db: Kysely<DB>) {
  return {
    async households(compoundId: string): Promise<number> {
      const r = await db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    /** Raised, visible issues of the compound with at least `supports` supports, oldest first. */
    issuesAtLeast(compoundId: string, supports: number) {
      return db
        .selectFrom('council_issues')
        .select(['id', 'title', 'support_count'])
        .where('compound_id', '=', compoundId)
        .where('status', '=', 'raised')
        .where('hidden', '=', 0)
        .where('support_count', '>=', supports)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /** The compound's next planned meeting after `now`, the earliest. */
    nextMeeting(compoundId: string, now: string) {
      return db
        .selectFrom('council_meetings')
        .select(['id', 'title', 'scheduled_at'])
        .where('compound_id', '=', compoundId)
        .where('status', '=', 'planned')
        .where('scheduled_at', '>', now)
        .orderBy('scheduled_at')
        .orderBy('id')
        .executeTakeFirst();
    },
  };
}
