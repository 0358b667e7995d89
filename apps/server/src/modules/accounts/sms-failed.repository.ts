import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The people of the caller's subtree holding a message's phone: an outbox row has no node of its
 * own, so a message is within reach when its phone belongs to someone registered there.
 */
function heldInReach(eb: ExpressionBuilder<DB, 'sms_outbox'>, paths: readonly string[]) {
  return eb
    .selectFrom('people')
    .innerJoin('nodes', 'nodes.id', 'people.node_id')
    .whereRef('people.phone', '=', 'sms_outbox.phone')
    .where('people.erased_at', 'is', null)
    .where((w) => w.or(paths.map((p) => w('nodes.path', 'like', `${p}%`))));
}

/** Text messages the gateway refused until the outbox gave up, for staff to see and resend. */
export function createSmsFailedRepository(db: Kysely<DB>) {
  return {
    /** Failed messages to phones of the subtrees, the latest first (at most `limit`). */
    async listFailed(paths: readonly string[], limit = 200) {
      if (paths.length === 0) return [];
      return db
        .selectFrom('sms_outbox')
        .select((eb) => [
          'sms_outbox.id',
          'sms_outbox.phone',
          'sms_outbox.template',
          'sms_outbox.attempts',
          'sms_outbox.last_error',
          'sms_outbox.created_at',
          'sms_outbox.last_attempt_at',
          heldInReach(eb, paths).select('people.name').orderBy('people.name').limit(1).as('person_name'),
        ])
        .where('sms_outbox.status', '=', 'failed')
        .where((eb) => eb.exists(heldInReach(eb, paths).select('people.id')))
        .orderBy('sms_outbox.created_at', 'desc')
        .orderBy('sms_outbox.id')
        .limit(limit)
        .execute();
    },

    /** A failed message within reach, or undefined (answered as 404 like a missing one). */
    async findFailed(id: string, paths: readonly string[], q: Q = db) {
      if (paths.length === 0) return undefined;
      return q
        .selectFrom('sms_outbox')
        .select(['sms_outbox.id', 'sms_outbox.template', 'sms_outbox.attempts', 'sms_outbox.last_error'])
        .where('sms_outbox.id', '=', id)
        .where('sms_outbox.status', '=', 'failed')
        .where((eb) => eb.exists(heldInReach(eb, paths).select('people.id')))
        .executeTakeFirst();
    },

    /** Back to pending for a new round of attempts, due now; false when it was no longer failed. */
    async requeue(id: string, now: string, q: Q = db): Promise<boolean> {
      const r = await q
        .updateTable('sms_outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async state(id: string) {
      return db
        .selectFrom('sms_outbox')
        .select(['status', 'attempts', 'last_error'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    },
  };
}
