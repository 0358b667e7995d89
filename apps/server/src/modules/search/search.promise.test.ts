import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createSearchRepository, type SearchScope } from './search.repository';

const AT = '2030-01-02T03:04:05.000Z';

/**
 * The promises of search.repository.ts, on the path branch a district-wide scope takes (more than
 * SMALL_SCOPE nodes, so rows are confined by their node's path rather than by a list of ids):
 * "/…/c1/" never matches "/…/c10/", and an id's "_" is escaped, or "/a_b/" would reach "/axb/".
 */
describeEachDialect(
  'search: a scope by path reaches no sibling',
  (h) => {
    const places = ['c1', 'c10', 'a_b', 'axb'];
    beforeAll(async () => {
      const db = h().ctx.db;
      await db
        .insertInto('nodes')
        .values([
          { id: 'px', parent_id: null, kind: 'district', name: '测试区', path: '/px/', created_at: AT },
          ...places.map((id) => ({
            id,
            parent_id: 'px',
            kind: 'compound',
            name: `小区${id}`,
            path: `/px/${id}/`,
            created_at: AT,
          })),
        ])
        .execute();
      await db
        .insertInto('people')
        .values(
          places.map((id) => ({
            id: `p-${id}`,
            node_id: id,
            name: `同名${id}`,
            phone: null,
            birth_year: null,
            id_number: null,
            created_at: AT,
            erased_at: null,
          })),
        )
        .execute();
    });

    const repo = () => createSearchRepository(h().ctx.db, h().dialect);
    const byPath = (path: string): SearchScope => ({ paths: [path], nodeIds: null });
    const found = async (scope: SearchScope) =>
      (await repo().people(scope, { kind: 'text', text: '同名' }, 50)).map((p) => [p.id, p.node_id]);

    it('finds by path exactly the people of the scope’s own node, never of a node whose id it begins', async () => {
      expect(await found(byPath('/px/c1/'))).toEqual([['p-c1', 'c1']]);
      expect(await found(byPath('/px/c10/'))).toEqual([['p-c10', 'c10']]);
    });

    it('reads "_" in a path as itself, not as any one character', async () => {
      expect(await found(byPath('/px/a_b/'))).toEqual([['p-a_b', 'a_b']]);
      expect(await found(byPath('/px/axb/'))).toEqual([['p-axb', 'axb']]);
    });

    it('lists exactly the nodes under the paths as the small scope, and the whole district', async () => {
      expect(await repo().scope(['/px/c1/'])).toEqual({ paths: ['/px/c1/'], nodeIds: ['c1'] });
      expect(await repo().scope(['/px/a_b/'])).toEqual({ paths: ['/px/a_b/'], nodeIds: ['a_b'] });
      expect(((await repo().scope(['/px/'])).nodeIds ?? []).sort()).toEqual(['a_b', 'axb', 'c1', 'c10', 'px']);
      expect(await found(byPath('/px/'))).toEqual([
        ['p-a_b', 'a_b'],
        ['p-axb', 'axb'],
        ['p-c1', 'c1'],
        ['p-c10', 'c10'],
      ]);
    });
  },
  { demo: false },
);
