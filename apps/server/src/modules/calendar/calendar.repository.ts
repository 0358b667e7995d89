import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

const hash = (t: string) => createHash('sha256').update(t).digest('hex');

/** Private, revocable calendar feed tokens (only their hash is stored) and feed look-ups. */
export function createCalendarRepository(db: Kysely<DB>) {
  return {
    /** Issues a new token for the person and revokes any earlier one. Returns the token once. */
    async issue(personId: string): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('calendar_tokens')
          .set({ revoked_at: nowIso() })
          .where('person_id', '=', personId)
          .where('revoked_at', 'is', null)
          .execute();
        await trx
          .insertInto('calendar_tokens')
          .values({ id: newId(), person_id: personId, token_hash: hash(token), created_at: nowIso(), revoked_at: null })
          .execute();
      });
      return token;
    },

    async revoke(personId: string): Promise<boolean> {
      const r = await db
        .updateTable('calendar_tokens')
        .set({ revoked_at: nowIso() })
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    active(personId: string) {
      return db
        .selectFrom('calendar_tokens')
        .select('created_at')
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async personOf(token: string): Promise<string | null> {
      if (token.length > 64) return null;
      const r = await db
        .selectFrom('calendar_tokens')
        .select('person_id')
        .where('token_hash', '=', hash(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return r?.person_id ?? null;
    },

    /** Events the person signed up for (any live sign-up) or belongs to through a group. */
    async eventIdsOf(personId: string): Promise<string[]> {
      const a = await db
        .selectFrom('event_signups')
        .select('event_id')
        .distinct()
        .where('person_id', '=', personId)
        .where('status', '<>', 'cancelled')
        .execute();
      const b = await db
        .selectFrom('events')
        .innerJoin('group_members', 'group_members.group_id', 'events.group_id')
        .select('events.id')
        .where('group_members.person_id', '=', personId)
        .where('group_members.left_at', 'is', null)
        .execute();
      return [...new Set([...a.map((x) => x.event_id), ...b.map((x) => x.id)])];
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
