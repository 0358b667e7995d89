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

    /** How many codes were sent to a phone, and asked for from an address, since a time. */
    async sentSince(phoneHash: string, ipHash: string, sinceIso: { phone: string; ip: string }) {
      const [byPhone, byIp] = await Promise.all([
        db
          .selectFrom('login_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('phone_hash', '=', phoneHash)
          .where('created_at', '>', sinceIso.phone)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('login_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('ip_hash', '=', ipHash)
          .where('created_at', '>', sinceIso.ip)
          .executeTakeFirstOrThrow(),
      ]);
      return { phone: Number(byPhone.n), ip: Number(byIp.n) };
    },

    async create(input: { phoneHash: string; codeHash: string; nowIso: string; expiresIso: string; ipHash?: string }) {
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
          ip_hash: input.ipHash ?? null,
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
