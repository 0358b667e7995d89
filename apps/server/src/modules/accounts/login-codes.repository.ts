import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';

/** One-time SMS login codes (only hashes are stored). All SQL for codes lives here. */
export function createLoginCodesRepository(db: Kysely<DB>) {
  return {
    /** The newest code for a phone created after `sinceIso`, used or not (for the resend limit). */
    latestSince(phoneHash: string, sinceIso: string) {
      return db
        .selectFrom('login_codes')
        .select(['id', 'created_at'])
        .where('phone_hash', '=', phoneHash)
        .where('created_at', '>', sinceIso)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async create(input: { phoneHash: string; codeHash: string; nowIso: string; expiresIso: string }) {
      const id = newId();
      await db
        .insertInto('login_codes')
        .values({
          id,
          phone_hash: input.phoneHash,
          code_hash: input.codeHash,
          attempts: 0,
          created_at: input.nowIso,
          expires_at: input.expiresIso,
          used_at: null,
        })
        .execute();
      return id;
    },

    /** The newest live code of a phone: not used, not expired, attempts left. */
    live(phoneHash: string, nowIso: string, maxAttempts: number) {
      return db
        .selectFrom('login_codes')
        .selectAll()
        .where('phone_hash', '=', phoneHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .where('attempts', '<', maxAttempts)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async countAttempt(id: string) {
      await db
        .updateTable('login_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },

    /** Marks the code used; true for exactly one of any number of simultaneous uses. */
    async use(id: string, nowIso: string): Promise<boolean> {
      const r = await db
        .updateTable('login_codes')
        .set({ used_at: nowIso })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
