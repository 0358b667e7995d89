import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

/** SQL of the organisation-tree import. */
export function createTreeImportRepository(db: Kysely<DB>) {
  return {
    /** Every node of the tree above units (a district holds thousands at most). */
    allNodes() {
      return db.selectFrom('nodes').select(['id', 'parent_id', 'kind', 'name', 'path']).execute();
    },

    /** Inserts the planned nodes, parents before children, inside the caller's transaction. */
    async insert(
      trx: Transaction<DB>,
      nodes: Array<{ id: string; parentId: string; parentPath: string; kind: string; name: string }>,
    ) {
      const at = nowIso();
      for (const n of nodes) {
        await trx
          .insertInto('nodes')
          .values({
            id: n.id,
            parent_id: n.parentId,
            kind: n.kind,
            name: n.name,
            path: `${n.parentPath}${n.id}/`,
            created_at: at,
          })
          .execute();
      }
    },

    newId,
  };
}
