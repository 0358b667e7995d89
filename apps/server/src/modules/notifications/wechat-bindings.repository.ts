import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * The WeChat openid each person bound through WeChat's web authorisation, and the one-time
 * `state` values of authorisations under way (wechat.routes.ts). Sending is the notifications
 * repository's (the outbox); this is who may be reached.
 */
export function createWechatBindingsRepository(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  return {
    /** The openid a person bound, or null. */
    async openidOf(personId: string): Promise<string | null> {
      const b = await db.selectFrom('wechat_bindings').select('openid').where('person_id', '=', personId).executeTakeFirst();
      return b?.openid ?? null;
    },

    /** Starts a WeChat authorisation round trip for this person: the `state` it must come back with. */
    async start(personId: string, state: string, ttlMs = 10 * 60_000): Promise<void> {
      const now = clock();
      await db.deleteFrom('wechat_oauth_states').where('expires_at', '<', now.toISOString()).execute();
      await db
        .insertInto('wechat_oauth_states')
        .values({ state, person_id: personId, expires_at: new Date(now.getTime() + ttlMs).toISOString() })
        .execute();
    },

    /**
     * Uses up this person's `state` once: true when it was theirs, unexpired and not used before.
     * Someone else's state is left alone (it cannot be spent by whoever holds the link).
     */
    async takeState(personId: string, state: string): Promise<boolean> {
      const r = await db
        .deleteFrom('wechat_oauth_states')
        .where('state', '=', state)
        .where('person_id', '=', personId)
        .where('expires_at', '>', clock().toISOString())
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    /**
     * Binds an openid to a person: one openid per person and one person per openid, so an openid
     * bound before moves to whoever authorised it last (a phone changing hands).
     */
    async bind(personId: string, openid: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('wechat_bindings').where('openid', '=', openid).where('person_id', '<>', personId).execute();
        const values = { openid, bound_at: clock().toISOString() };
        await trx
          .insertInto('wechat_bindings')
          .values({ person_id: personId, ...values })
          .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
          .execute();
      });
    },

    /** Unbinds and stops WeChat for every category; true when there was a binding. */
    async unbind(personId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('wechat_bindings').where('person_id', '=', personId).executeTakeFirst();
        await trx
          .updateTable('notification_channel_prefs')
          .set({ wechat: 0, updated_at: clock().toISOString() })
          .where('person_id', '=', personId)
          .execute();
        return Number(r.numDeletedRows) > 0;
      });
    },
  };
}

export type WechatBindingsRepository = ReturnType<typeof createWechatBindingsRepository>;
