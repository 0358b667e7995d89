import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** People that staff may act for: reads scoped by subtree paths. All SQL of acting-for lives here. */
export function createProxyRepository(db: Kysely<DB>) {
  return {
    /** A person with the path of the node they belong to (for the subtree check). */
    findPerson(personId: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.node_id', 'people.erased_at', 'nodes.path', 'nodes.name as node_name'])
        .where('people.id', '=', personId)
        .executeTakeFirst();
    },

    /** People in any of the subtrees, not erased, whose name contains q (all when q is empty). */
    search(paths: string[], q: string, limit: number) {
      if (paths.length === 0) return Promise.resolve([]);
      let query = db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.phone', 'people.birth_year', 'people.tags', 'nodes.name as node_name'])
        .where('people.erased_at', 'is', null)
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))));
      if (q) query = query.where('people.name', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
      return query.orderBy('people.name').limit(limit).execute();
    },
  };
}

export type ProxyRepository = ReturnType<typeof createProxyRepository>;
