import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema';

/** What a query string is taken for: a full phone, a door (楼栋-单元-门牌 or a door number), or a name/title. */
export type SearchTerm =
  | { kind: 'phone'; phone: string }
  | { kind: 'door'; building: string | null; stairwell: string | null; door: string }
  | { kind: 'text'; text: string };

/**
 * Reads the query the way a community worker types it: 11 digits starting with 1 are a phone
 * (matched whole, never by part: a partial number would let anyone enumerate numbers); "3-2-401",
 * "3栋2单元401" or a bare door number "401" are a door; anything else a name or title.
 */
export function parseTerm(q: string): SearchTerm {
  const s = q.trim().replace(/\s+/g, '');
  if (/^1\d{10}$/.test(s)) return { kind: 'phone', phone: s };
  const full = /^(\d{1,3})(?:栋|幢|-)(\d{1,2})(?:单元|-)([0-9A-Za-z][0-9A-Za-z-]{0,9})(?:室|号)?$/.exec(s);
  if (full) return { kind: 'door', building: `${full[1]}栋`, stairwell: full[2] as string, door: full[3] as string };
  if (/^\d{1,5}$/.test(s)) return { kind: 'door', building: null, stairwell: null, door: s };
  return { kind: 'text', text: q.trim() };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The staff search's queries. Every query is confined to the caller's subtree by the materialised
 * path of the row's node with its trailing slash ("/…/c1/" never matches "/…/c10/"). People are
 * matched by name prefix (an index range), by the whole door or phone; the smaller tables by substring.
 */
/** Up to this many nodes, a scope is queried by its node ids rather than by path. */
const SMALL_SCOPE = 400;

export interface SearchScope {
  paths: string[];
  /** The ids of every node in the scope, or null for a big one (queried by path). */
  nodeIds: string[] | null;
}

export function createSearchRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  /** `col` starts with `prefix`, in the form each dialect's index serves (see the migration). */
  function startsWith(col: string, prefix: string) {
    if (dialect === 'postgres') return sql<boolean>`${sql.ref(col)} like ${`${escapeLike(prefix)}%`} escape '\\'`;
    return sql<boolean>`(${sql.ref(col)} >= ${prefix} and ${sql.ref(col)} < ${`${prefix}\u{10FFFF}`})`;
  }
  function contains(col: string, text: string) {
    return sql<boolean>`${sql.ref(col)} like ${`%${escapeLike(text)}%`} escape '\\'`;
  }
  /** Under one of the paths; an id's "_" is escaped, or "/a_b/" would also reach a sibling "/axb/". */
  function under(paths: string[], col = 'nodes.path') {
    // biome-ignore lint/suspicious/noExplicitAny: the join alias differs per query; the column is named by the caller
    return (eb: ExpressionBuilder<any, any>) =>
      eb.or(paths.map((p) => sql<boolean>`${sql.ref(col)} like ${`${escapeLike(p)}%`} escape '\\'`));
  }

  /**
   * Confines rows to the scope: by the ids of its nodes when they are few (a compound's dozen: the
   * tables' node indexes then serve the query), else by the path of the row's node (a district).
   */
  function within(scope: SearchScope, idCol: string, pathCol = 'nodes.path') {
    // biome-ignore lint/suspicious/noExplicitAny: the tables differ per query; the column is named by the caller
    return (eb: ExpressionBuilder<any, any>) =>
      scope.nodeIds ? eb(idCol, 'in', scope.nodeIds) : under(scope.paths, pathCol)(eb);
  }

  return {
    /** The scope of these paths: their nodes' ids when there are at most SMALL_SCOPE of them. */
    async scope(paths: string[]): Promise<SearchScope> {
      if (!paths.length) return { paths, nodeIds: [] };
      const ids = await db
        .selectFrom('nodes')
        .select('id')
        // A prefix range on the path's index (the scope's own paths end with "/", so no sibling).
        .where((eb) => eb.or(paths.map((p) => startsWith('path', p))))
        .limit(SMALL_SCOPE + 1)
        .execute();
      return { paths, nodeIds: ids.length <= SMALL_SCOPE ? ids.map((r) => r.id) : null };
    },

    async people(scope: SearchScope, term: SearchTerm, limit: number) {
      let q = db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select([
          'people.id',
          'people.name',
          'people.phone',
          'people.node_id',
          'nodes.name as place',
          'b.name as building',
          'units.stairwell',
          'units.door',
        ])
        .where('people.erased_at', 'is', null)
        .where(within(scope, 'people.node_id'));
      if (term.kind === 'phone') q = q.where('people.phone', '=', term.phone);
      else if (term.kind === 'door') {
        q = q.where('units.door', '=', term.door);
        if (term.building) q = q.where('b.name', '=', term.building);
        if (term.stairwell) q = q.where('units.stairwell', '=', term.stairwell);
      } else q = q.where(startsWith('people.name', term.text));
      return q.orderBy('people.name').orderBy('people.id').limit(limit).execute();
    },

    /** Orders of the people found (newest first), or the one order with this id. */
    async orders(scope: SearchScope, personIds: string[], id: string | null, limit: number) {
      if (!personIds.length && !id) return [];
      return db
        .selectFrom('orders')
        .innerJoin('people', 'people.id', 'orders.resident_person_id')
        .innerJoin('nodes', 'nodes.id', 'orders.compound_id')
        .select([
          'orders.id',
          'orders.category',
          'orders.status',
          'orders.created_at',
          'people.name as resident',
          'nodes.name as place',
        ])
        .where((eb) =>
          eb.or([
            ...(personIds.length ? [eb('orders.resident_person_id', 'in', personIds)] : []),
            ...(id ? [eb('orders.id', '=', id)] : []),
          ]),
        )
        .where(within(scope, 'orders.compound_id', 'orders.node_path'))
        .orderBy('orders.created_at', 'desc')
        .orderBy('orders.id')
        .limit(limit)
        .execute();
    },

    async issues(scope: SearchScope, text: string, limit: number) {
      return db
        .selectFrom('council_issues')
        .innerJoin('nodes', 'nodes.id', 'council_issues.compound_id')
        .select([
          'council_issues.id',
          'council_issues.title',
          'council_issues.status',
          'council_issues.created_at',
          'nodes.name as place',
        ])
        .where((eb) => eb.or([contains('council_issues.title', text), eb('council_issues.id', '=', text)]))
        .where(within(scope, 'council_issues.compound_id'))
        .orderBy('council_issues.created_at', 'desc')
        .orderBy('council_issues.id')
        .limit(limit)
        .execute();
    },

    async events(scope: SearchScope, text: string, limit: number) {
      return db
        .selectFrom('events')
        .innerJoin('nodes', 'nodes.id', 'events.node_id')
        .select(['events.id', 'events.title', 'events.starts_at', 'events.kind', 'nodes.name as place'])
        .where((eb) => eb.or([contains('events.title', text), eb('events.id', '=', text)]))
        .where(within(scope, 'events.node_id'))
        .orderBy('events.starts_at', 'desc')
        .orderBy('events.id')
        .limit(limit)
        .execute();
    },

    async projects(scope: SearchScope, text: string, limit: number) {
      return db
        .selectFrom('projects')
        .innerJoin('nodes', 'nodes.id', 'projects.node_id')
        .select(['projects.id', 'projects.title', 'projects.status', 'projects.progress', 'nodes.name as place'])
        .where((eb) => eb.or([contains('projects.title', text), eb('projects.id', '=', text)]))
        .where(within(scope, 'projects.node_id'))
        .orderBy('projects.created_at', 'desc')
        .orderBy('projects.id')
        .limit(limit)
        .execute();
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
