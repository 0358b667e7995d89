import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** Role grants and invitations as staff manage them, always scoped by subtree paths. */
export function createAdminRepository(db: Kysely<DB>) {
  return {
    node(nodeId: string) {
      return db.selectFrom('nodes').select(['id', 'name', 'kind', 'path']).where('id', '=', nodeId).executeTakeFirst();
    },

    nodesIn(paths: string[]) {
      if (paths.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('nodes')
        .select(['id', 'name', 'kind', 'path', 'parent_id'])
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .where('kind', '!=', 'building')
        .orderBy('path')
        .limit(500)
        .execute();
    },

    grantsIn(paths: string[], nodePath?: string) {
      if (paths.length === 0) return Promise.resolve([]);
      let q = db
        .selectFrom('role_grants')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('people', 'people.id', 'accounts.person_id')
        .select([
          'role_grants.id',
          'role_grants.role',
          'role_grants.can_proxy',
          'role_grants.created_at',
          'role_grants.account_id',
          'nodes.id as node_id',
          'nodes.name as node_name',
          'nodes.path',
          'people.name as person_name',
          'people.phone',
        ])
        .where('role_grants.revoked_at', 'is', null)
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))));
      if (nodePath) q = q.where('nodes.path', 'like', `${nodePath}%`);
      return q.orderBy('nodes.path').orderBy('role_grants.created_at').limit(500).execute();
    },

    grantWithPath(grantId: string) {
      return db
        .selectFrom('role_grants')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select([
          'role_grants.id',
          'role_grants.role',
          'role_grants.account_id',
          'role_grants.node_id',
          'role_grants.revoked_at',
          'nodes.path',
        ])
        .where('role_grants.id', '=', grantId)
        .executeTakeFirst();
    },

    /** Revokes once: true for exactly one of simultaneous revocations. */
    async revokeGrant(trx: Db, grantId: string, nowIso: string): Promise<boolean> {
      const r = await trx
        .updateTable('role_grants')
        .set({ revoked_at: nowIso })
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async createInvitation(
      trx: Db,
      input: {
        codeHash: string;
        role: string;
        nodeId: string;
        canProxy: boolean;
        note: string | null;
        createdBy: string;
        nowIso: string;
        expiresIso: string;
      },
    ) {
      const id = newId();
      await trx
        .insertInto('invitations')
        .values({
          id,
          code_hash: input.codeHash,
          role: input.role,
          node_id: input.nodeId,
          can_proxy: input.canProxy ? 1 : 0,
          note: input.note,
          created_by: input.createdBy,
          created_at: input.nowIso,
          expires_at: input.expiresIso,
          redeemed_at: null,
          redeemed_by: null,
          revoked_at: null,
        })
        .execute();
      return id;
    },

    invitationsIn(paths: string[]) {
      if (paths.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('invitations')
        .innerJoin('nodes', 'nodes.id', 'invitations.node_id')
        .select([
          'invitations.id',
          'invitations.role',
          'invitations.can_proxy',
          'invitations.note',
          'invitations.created_at',
          'invitations.expires_at',
          'invitations.redeemed_at',
          'invitations.revoked_at',
          'nodes.id as node_id',
          'nodes.name as node_name',
        ])
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))))
        .orderBy('invitations.created_at', 'desc')
        .limit(200)
        .execute();
    },

    invitationWithPath(id: string) {
      return db
        .selectFrom('invitations')
        .innerJoin('nodes', 'nodes.id', 'invitations.node_id')
        .select(['invitations.id', 'invitations.role', 'invitations.node_id', 'nodes.path'])
        .where('invitations.id', '=', id)
        .executeTakeFirst();
    },

    invitationByCode(codeHash: string) {
      return db
        .selectFrom('invitations')
        .innerJoin('nodes', 'nodes.id', 'invitations.node_id')
        .select([
          'invitations.id',
          'invitations.role',
          'invitations.node_id',
          'invitations.can_proxy',
          'invitations.expires_at',
          'invitations.redeemed_at',
          'invitations.revoked_at',
          'nodes.name as node_name',
        ])
        .where('invitations.code_hash', '=', codeHash)
        .executeTakeFirst();
    },

    async revokeInvitation(trx: Db, id: string, nowIso: string): Promise<boolean> {
      const r = await trx
        .updateTable('invitations')
        .set({ revoked_at: nowIso })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('redeemed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Marks an invitation redeemed; true for exactly one of simultaneous redemptions. */
    async redeemInvitation(trx: Db, id: string, accountId: string, nowIso: string): Promise<boolean> {
      const r = await trx
        .updateTable('invitations')
        .set({ redeemed_at: nowIso, redeemed_by: accountId })
        .where('id', '=', id)
        .where('redeemed_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async createPersonAndAccount(
      trx: Db,
      input: {
        personId: string;
        accountId: string;
        nodeId: string;
        name: string;
        phone: string;
        passwordHash: string;
        nowIso: string;
      },
    ) {
      await trx
        .insertInto('people')
        .values({
          id: input.personId,
          node_id: input.nodeId,
          name: input.name,
          phone: input.phone,
          birth_year: null,
          id_number: null,
          created_at: input.nowIso,
          erased_at: null,
        })
        .execute();
      await trx
        .insertInto('accounts')
        .values({
          id: input.accountId,
          person_id: input.personId,
          phone: input.phone,
          password_hash: input.passwordHash,
          created_at: input.nowIso,
        })
        .execute();
    },

    async insertGrant(
      trx: Db,
      input: { accountId: string; role: string; nodeId: string; grantedBy: string | null; canProxy: boolean; nowIso: string },
    ) {
      const existing = await trx
        .selectFrom('role_grants')
        .select('id')
        .where('account_id', '=', input.accountId)
        .where('role', '=', input.role)
        .where('node_id', '=', input.nodeId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('role_grants')
          .set({ can_proxy: input.canProxy ? 1 : 0 })
          .where('id', '=', existing.id)
          .execute();
        return { id: existing.id, created: false };
      }
      const id = newId();
      await trx
        .insertInto('role_grants')
        .values({
          id,
          account_id: input.accountId,
          role: input.role,
          node_id: input.nodeId,
          granted_by: input.grantedBy,
          created_at: input.nowIso,
          revoked_at: null,
          can_proxy: input.canProxy ? 1 : 0,
        })
        .execute();
      return { id, created: true };
    },
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
