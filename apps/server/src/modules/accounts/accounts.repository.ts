import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import { type Param, prepared } from '../../lib/prepared';
import type { Grant } from './policy';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Accounts, role grants and server-side sessions. All SQL of the accounts module lives here. */
export function createAccountsRepository(db: Kysely<DB>) {
  /**
   * The session behind a cookie with its account and every live grant, in one statement: one row
   * per grant (or one row with null grant columns for an account without roles).
   */
  const sessionWithGrants = prepared(db, (p: Param<'id' | 'now'>) =>
    db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .leftJoin('people as acting', 'acting.id', 'sessions.acting_for_person_id')
      .leftJoin('nodes as acting_node', 'acting_node.id', 'acting.node_id')
      .leftJoin('role_grants as g', (j) => j.onRef('g.account_id', '=', 'accounts.id').on('g.revoked_at', 'is', null))
      .leftJoin('nodes as gn', 'gn.id', 'g.node_id')
      .select([
        'acting_node.path as acting_path',
        'acting.erased_at as acting_erased_at',
        'sessions.id as sessionId',
        'sessions.csrf_token',
        'sessions.acting_for_person_id',
        'sessions.acting_channel',
        'accounts.id as accountId',
        'accounts.person_id',
        'accounts.lang',
        'accounts.large_text',
        'g.role',
        'g.node_id',
        'g.can_proxy',
        'gn.path',
      ])
      .where('sessions.id', '=', p('id'))
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', p('now'))
      .where('accounts.disabled', '=', 0),
  );

  return {
    findByPhone(phone: string) {
      return db.selectFrom('accounts').selectAll().where('phone', '=', phone).executeTakeFirst();
    },

    findByPerson(personId: string) {
      return db.selectFrom('accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
    },

    findById(id: string) {
      return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async create(input: { personId: string; phone: string; passwordHash: string | null }) {
      const id = newId();
      await db
        .insertInto('accounts')
        .values({
          id,
          person_id: input.personId,
          phone: input.phone,
          password_hash: input.passwordHash,
          created_at: nowIso(),
        })
        .execute();
      return id;
    },

    /** Sets the password; `mustChange` marks a one-time password that the next sign-in must replace. */
    async setPassword(accountId: string, passwordHash: string, mustChange = false) {
      await db
        .updateTable('accounts')
        .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
        .where('id', '=', accountId)
        .execute();
    },

    async setPreferences(accountId: string, prefs: { lang?: string; largeText?: boolean }) {
      const set: { lang?: string; large_text?: number } = {};
      if (prefs.lang) set.lang = prefs.lang;
      if (prefs.largeText !== undefined) set.large_text = prefs.largeText ? 1 : 0;
      if (Object.keys(set).length) await db.updateTable('accounts').set(set).where('id', '=', accountId).execute();
    },

    async grant(input: { accountId: string; role: Role; nodeId: string; grantedBy: string | null; canProxy?: boolean }) {
      const existing = await db
        .selectFrom('role_grants')
        .select('id')
        .where('account_id', '=', input.accountId)
        .where('role', '=', input.role)
        .where('node_id', '=', input.nodeId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (existing) {
        if (input.canProxy !== undefined) {
          await db
            .updateTable('role_grants')
            .set({ can_proxy: input.canProxy ? 1 : 0 })
            .where('id', '=', existing.id)
            .execute();
        }
        return existing.id;
      }
      const id = newId();
      await db
        .insertInto('role_grants')
        .values({
          id,
          account_id: input.accountId,
          role: input.role,
          node_id: input.nodeId,
          granted_by: input.grantedBy,
          created_at: nowIso(),
          revoked_at: null,
          can_proxy: input.canProxy ? 1 : 0,
        })
        .execute();
      return id;
    },

    async grantsOf(accountId: string): Promise<Grant[]> {
      const rows = await db
        .selectFrom('role_grants')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select(['role_grants.role', 'role_grants.node_id', 'role_grants.can_proxy', 'nodes.path'])
        .where('role_grants.account_id', '=', accountId)
        .where('role_grants.revoked_at', 'is', null)
        .execute();
      return rows.map((r) => ({ role: r.role as Role, nodeId: r.node_id, path: r.path, canProxy: r.can_proxy === 1 }));
    },

    /** Creates a session; returns the cookie token (only its hash is stored). */
    async createSession(accountId: string) {
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(18).toString('base64url');
      const now = Date.now();
      await db
        .insertInto('sessions')
        .values({
          id: hashToken(token),
          account_id: accountId,
          csrf_token: csrf,
          acting_for_person_id: null,
          acting_channel: null,
          created_at: new Date(now).toISOString(),
          expires_at: new Date(now + SESSION_TTL_MS).toISOString(),
          revoked_at: null,
        })
        .execute();
      return { token, csrf };
    },

    /**
     * What the auth plugin needs for every request: the live session behind a cookie token, its
     * account and the account's live grants (one query), or undefined.
     */
    async findSessionWithGrants(token: string) {
      const { rows } = await sessionWithGrants.run(db, { id: hashToken(token), now: nowIso() });
      const first = rows[0];
      if (!first) return undefined;
      const { role: _r, node_id: _n, can_proxy: _c, path: _p, ...session } = first;
      const grants: Grant[] = [];
      for (const r of rows) {
        if (r.role && r.node_id && r.path !== null)
          grants.push({ role: r.role as Role, nodeId: r.node_id, path: r.path, canProxy: r.can_proxy === 1 });
      }
      return { ...session, grants };
    },

    async revokeSession(sessionId: string) {
      await db.updateTable('sessions').set({ revoked_at: nowIso() }).where('id', '=', sessionId).execute();
    },

    async revokeAllSessions(accountId: string, exceptSessionId?: string) {
      let q = db.updateTable('sessions').set({ revoked_at: nowIso() }).where('account_id', '=', accountId);
      if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
      await q.where('revoked_at', 'is', null).execute();
    },

    personOf(personId: string) {
      return db.selectFrom('people').select(['id', 'name', 'phone', 'node_id']).where('id', '=', personId).executeTakeFirst();
    },

    rolesWithNodes(accountId: string) {
      return db
        .selectFrom('role_grants')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select(['role_grants.role', 'role_grants.can_proxy', 'nodes.id', 'nodes.name', 'nodes.kind'])
        .where('role_grants.account_id', '=', accountId)
        .where('role_grants.revoked_at', 'is', null)
        .orderBy('role_grants.created_at')
        .execute();
    },

    async setActingFor(sessionId: string, personId: string | null, channel: string | null, trx: Kysely<DB> = db) {
      await trx
        .updateTable('sessions')
        .set({ acting_for_person_id: personId, acting_channel: channel })
        .where('id', '=', sessionId)
        .execute();
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
