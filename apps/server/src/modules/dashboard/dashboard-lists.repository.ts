import { maskPhone } from '@lianxin/shared';
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema';
import { unitNumber } from '../registry/electorate';

/**
 * The council issue statuses the dashboard counts as open (issuesOpen). The count
 * (dashboard-sources.repository.ts) and the list behind it both read this one list.
 */
export const OPEN_ISSUE_STATUSES = ['raised', 'on_agenda', 'discussed', 'decided', 'in_progress'] as const;

/** The figures of the dashboard that open the list of what they count. */
export const LISTED_FIGURES = [
  'issuesOpen',
  'volunteers',
  'partyMembers',
  'branches',
  'demoSites',
  'compounds',
  'households',
  'residents',
] as const;
export type ListedFigure = (typeof LISTED_FIGURES)[number];

export interface ListRow {
  id: string;
  title: string;
  detail: string;
  place: string;
  /** The web page the row opens, when it has one. */
  link: string | null;
}

/**
 * The rows behind a dashboard figure, under a node's path, with the same conditions as the
 * figure's count (a test holds them to it), 50 a page, in a stable order.
 */
/**
 * Units in the order of the register: by compound, then 2栋 before 10栋 (shorter names first,
 * then by name), the same for 单元 and door. Needs the aliases `c` (compound), `b` (building), `u` (unit).
 */
// biome-ignore lint/suspicious/noExplicitAny: the query's other tables differ per list; only c, b and u are used
function inRegisterOrder<Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q {
  return q
    .orderBy('c.name')
    .orderBy('u.compound_id')
    .orderBy(sql`length(b.name)`)
    .orderBy('b.name')
    .orderBy(sql`length(u.stairwell)`)
    .orderBy('u.stairwell')
    .orderBy(sql`length(u.door)`)
    .orderBy('u.door') as Q;
}

/**
 * A column (`name` or `phone`) of the unit's first owner still on the register: its
 * representative, else the owner with the lowest id. Needs the alias `u` (unit).
 */
// biome-ignore lint/suspicious/noExplicitAny: used inside the households list, whose tables are aliased
function firstOwner(eb: ExpressionBuilder<any, any>, column: 'name' | 'phone') {
  return eb
    .selectFrom('unit_owners as o')
    .innerJoin('people as p', 'p.id', 'o.person_id')
    .select(`p.${column}`)
    .whereRef('o.unit_id', '=', 'u.id')
    .where('p.erased_at', 'is', null)
    .orderBy('o.representative', 'desc')
    .orderBy('p.id')
    .limit(1);
}

export function createDashboardListsRepository(db: Kysely<DB>) {
  const under = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const compoundsUnder = (path: string) =>
    db
      .selectFrom('nodes')
      .select('nodes.id')
      .where(sql<boolean>`nodes.path like ${under(path)} escape '\\'`);

  // biome-ignore lint/suspicious/noExplicitAny: the tables and aliases differ per figure; page() reads the columns by name
  type ListQuery = SelectQueryBuilder<DB, any, Record<string, unknown>>;
  function query(figure: ListedFigure, path: string): ListQuery {
    switch (figure) {
      case 'issuesOpen':
        return db
          .selectFrom('council_issues as i')
          .innerJoin('nodes as c', 'c.id', 'i.compound_id')
          .select(['i.id', 'i.title', 'i.status as detail', 'c.name as place', sql<string>`'issue'`.as('kind')])
          .where('i.status', 'in', [...OPEN_ISSUE_STATUSES])
          .where('i.hidden', '=', 0)
          .where('i.compound_id', 'in', compoundsUnder(path))
          .orderBy('i.created_at', 'desc')
          .orderBy('i.id');
      case 'volunteers':
        return db
          .selectFrom('volunteer_profiles as v')
          .innerJoin('people as p', 'p.id', 'v.person_id')
          .innerJoin('nodes as c', 'c.id', 'v.compound_id')
          .select([
            'p.id',
            'p.name as title',
            sql<string>`coalesce(v.team, '')`.as('detail'),
            'c.name as place',
            sql<string>`'person'`.as('kind'),
          ])
          .where('v.status', '=', 'active')
          .where('v.compound_id', 'in', compoundsUnder(path))
          .orderBy('c.name')
          .orderBy('p.name')
          .orderBy('p.id');
      case 'partyMembers':
        return db
          .selectFrom('branch_members as m')
          .innerJoin('branches as b', 'b.id', 'm.branch_id')
          .innerJoin('people as p', 'p.id', 'm.person_id')
          .innerJoin('nodes as c', 'c.id', 'b.compound_id')
          .select(['p.id', 'p.name as title', 'b.name as detail', 'c.name as place', sql<string>`'person'`.as('kind')])
          .where('b.compound_id', 'in', compoundsUnder(path))
          .orderBy('c.name')
          .orderBy('p.name')
          .orderBy('p.id');
      case 'branches':
      case 'demoSites': {
        let q = db
          .selectFrom('branches as b')
          .innerJoin('nodes as c', 'c.id', 'b.compound_id')
          .select([
            'b.id',
            'b.name as title',
            sql<string>`coalesce(b.founded_on, '')`.as('detail'),
            'c.name as place',
            sql<string>`'branch'`.as('kind'),
            'b.compound_id',
          ])
          .where('b.compound_id', 'in', compoundsUnder(path));
        if (figure === 'demoSites') q = q.where('b.demonstration', '=', 1);
        return q.orderBy('c.name').orderBy('b.id');
      }
      case 'households':
        // A unit people live in (not the developer's), named by its number, with its first owner
        // (the representative first) and that owner's phone masked.
        return db
          .selectFrom('units as u')
          .innerJoin('nodes as c', 'c.id', 'u.compound_id')
          .leftJoin('nodes as b', 'b.id', 'u.building_id')
          .select((eb) => [
            'u.id',
            sql<string>`coalesce(b.name, '')`.as('building'),
            'u.stairwell',
            'u.door',
            firstOwner(eb, 'name').as('owner'),
            firstOwner(eb, 'phone').as('phone'),
            'c.name as place',
            sql<string>`'household'`.as('kind'),
            'u.building_id',
          ])
          .where('u.developer_held', '=', 0)
          .where('u.compound_id', 'in', compoundsUnder(path))
          .$call(inRegisterOrder)
          .orderBy('u.id');
      case 'residents':
        return db
          .selectFrom('people as p')
          .innerJoin('units as u', 'u.id', 'p.unit_id')
          .innerJoin('nodes as c', 'c.id', 'u.compound_id')
          .leftJoin('nodes as b', 'b.id', 'u.building_id')
          .select([
            'p.id',
            'p.name as title',
            sql<string>`coalesce(b.name, '')`.as('building'),
            'u.stairwell',
            'u.door',
            'p.phone',
            'c.name as place',
            sql<string>`'resident'`.as('kind'),
          ])
          .where('p.erased_at', 'is', null)
          .where('u.compound_id', 'in', compoundsUnder(path))
          .$call(inRegisterOrder)
          .orderBy('p.name')
          .orderBy('p.id');
      case 'compounds':
        return db
          .selectFrom('nodes as c')
          .select([
            'c.id',
            'c.name as title',
            sql<string>`''`.as('detail'),
            'c.name as place',
            sql<string>`'compound'`.as('kind'),
          ])
          .where('c.kind', '=', 'compound')
          .where(sql<boolean>`c.path like ${under(path)} escape '\\'`)
          .orderBy('c.name')
          .orderBy('c.id');
    }
  }

  return {
    async page(figure: ListedFigure, path: string, offset: number, limit: number): Promise<{ total: number; rows: ListRow[] }> {
      const q = query(figure, path);
      const [count, rows] = await Promise.all([
        db
          .selectFrom(q.as('x'))
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirst(),
        q.offset(offset).limit(limit).execute(),
      ]);
      return {
        total: Number(count?.n ?? 0),
        rows: rows.map((r) => {
          const row = r as unknown as {
            id: string;
            title: string;
            detail: string;
            place: string;
            kind: string;
            compound_id?: string;
            building_id?: string;
            building?: string;
            stairwell?: string;
            door?: string;
            owner?: string | null;
            phone?: string | null;
          };
          // People and households: the unit number and a masked phone, never the whole number.
          const masked = (name: string | null | undefined) => [name, maskPhone(row.phone)].filter(Boolean).join(' ');
          if (row.kind === 'household')
            return {
              id: row.id,
              title: unitNumber(row.building ?? '', row.stairwell ?? '', row.door ?? ''),
              detail: masked(row.owner),
              place: row.place,
              link: row.building_id ? `/registry/buildings/${row.building_id}` : null,
            };
          if (row.kind === 'resident')
            return {
              id: row.id,
              title: row.title,
              detail: masked(unitNumber(row.building ?? '', row.stairwell ?? '', row.door ?? '')),
              place: row.place,
              link: `/registry/people/${row.id}`,
            };
          const link =
            row.kind === 'issue'
              ? `/council/issues/${row.id}`
              : row.kind === 'person'
                ? `/registry/people/${row.id}`
                : row.kind === 'compound'
                  ? `/dashboard/${row.id}`
                  : row.compound_id
                    ? `/registry/compounds/${row.compound_id}/org`
                    : null;
          return { id: row.id, title: row.title, detail: row.detail, place: row.place, link };
        }),
      };
    },
  };
}
