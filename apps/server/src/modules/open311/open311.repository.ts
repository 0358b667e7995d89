import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

/** SQL for Open311 API keys, request tokens and the compounds (jurisdictions) they reach. */
export function createOpen311Repository(db: Kysely<DB>) {
  return {
    async insertKey(row: { nodeId: string; keyHash: string; label: string; createdBy: string | null }) {
      const id = newId();
      await db
        .insertInto('open311_keys')
        .values({
          id,
          node_id: row.nodeId,
          key_hash: row.keyHash,
          label: row.label,
          created_by: row.createdBy,
          created_at: nowIso(),
          revoked_at: null,
        })
        .execute();
      return id;
    },

    findKeyByHash(hash: string) {
      return db
        .selectFrom('open311_keys')
        .innerJoin('nodes', 'nodes.id', 'open311_keys.node_id')
        .select(['open311_keys.id', 'open311_keys.node_id', 'nodes.path', 'nodes.kind'])
        .where('open311_keys.key_hash', '=', hash)
        .where('open311_keys.revoked_at', 'is', null)
        .executeTakeFirst();
    },

    keysOf(nodeId: string) {
      return db
        .selectFrom('open311_keys')
        .select(['id', 'label', 'created_at', 'revoked_at'])
        .where('node_id', '=', nodeId)
        .orderBy('created_at', 'desc')
        .execute();
    },

    findKey(id: string) {
      return db
        .selectFrom('open311_keys')
        .innerJoin('nodes', 'nodes.id', 'open311_keys.node_id')
        .select(['open311_keys.id', 'open311_keys.node_id', 'nodes.path'])
        .where('open311_keys.id', '=', id)
        .executeTakeFirst();
    },

    async revokeKey(id: string) {
      const r = await db
        .updateTable('open311_keys')
        .set({ revoked_at: nowIso() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Records the token POST requests answered for an issue (in the issue's transaction). */
    async insertToken(trx: Transaction<DB>, token: string, issueId: string) {
      await trx.insertInto('open311_tokens').values({ token, issue_id: issueId, created_at: nowIso() }).execute();
    },

    /** The issue a token names, with what decides whether the public may see it. */
    findToken(token: string) {
      return db
        .selectFrom('open311_tokens')
        .innerJoin('council_issues', 'council_issues.id', 'open311_tokens.issue_id')
        .select(['open311_tokens.token', 'council_issues.id as issue_id', 'council_issues.compound_id', 'council_issues.hidden'])
        .where('open311_tokens.token', '=', token)
        .executeTakeFirst();
    },

    /** Every compound, for discovery's jurisdiction list. */
    compounds() {
      return db.selectFrom('nodes').select(['id', 'name', 'path']).where('kind', '=', 'compound').orderBy('path').execute();
    },

    findNodeByIdOrName(idOrName: string) {
      return db
        .selectFrom('nodes')
        .select(['id', 'name', 'path', 'kind'])
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .execute();
    },
  };
}

export type Open311Repository = ReturnType<typeof createOpen311Repository>;
