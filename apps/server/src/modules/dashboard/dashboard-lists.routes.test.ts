import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { LISTED_FIGURES, OPEN_ISSUE_STATUSES } from './dashboard-lists.repository';
import { createRollup } from './rollup';

const DISTRICT = '19900000008'; // 刘贞, district admin
const SUBDISTRICT_YUNTIAN = '19900000007'; // 黄闻, subdistrict admin of 云田镇
const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星社区安置小区

interface ListPage {
  total: number;
  pageSize: number;
  rows: Array<{ id: string; title: string; detail: string; place: string; link: string | null }>;
}

describeEachDialect('dashboard: each figure opens the list behind it', (h) => {
  let admin: Session;
  beforeAll(async () => {
    admin = await h().login(DISTRICT);
    await createRollup(h().ctx.dashboard).rebuild();
  });

  async function all(s: Session, nodeId: string, figure: string): Promise<ListPage & { ids: string[] }> {
    const first = (await h().as(s, { url: `/api/v1/dashboard/${nodeId}/lists/${figure}` })).json() as ListPage;
    const ids = first.rows.map((r) => r.id);
    for (let p = 2; p <= Math.ceil(first.total / first.pageSize); p++) {
      const next = (await h().as(s, { url: `/api/v1/dashboard/${nodeId}/lists/${figure}?page=${p}` })).json() as ListPage;
      ids.push(...next.rows.map((r) => r.id));
    }
    return { ...first, ids };
  }

  it('lists exactly as many rows as every figure counts, at district, subdistrict, community and compound', async () => {
    for (const nodeId of ['yunlong', 'yuntian', 'wuxing', 'wuxingaz', 'longshengaz']) {
      const dash = (await h().as(admin, { url: `/api/v1/dashboard/${nodeId}?months=12` })).json() as {
        stock: Record<string, number>;
      };
      for (const figure of LISTED_FIGURES) {
        const list = await all(admin, nodeId, figure);
        expect([nodeId, figure, list.total, list.ids.length, new Set(list.ids).size]).toEqual([
          nodeId,
          figure,
          dash.stock[figure],
          dash.stock[figure],
          dash.stock[figure],
        ]);
      }
    }
  });

  it('opens the very open issues of a compound, newest first, each linking to its page', async () => {
    const expected = await h()
      .ctx.db.selectFrom('council_issues')
      .select(['id', 'title', 'status'])
      .where('compound_id', '=', 'longshengaz')
      .where('status', 'in', [...OPEN_ISSUE_STATUSES])
      .where('hidden', '=', 0)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    const list = (await h().as(admin, { url: '/api/v1/dashboard/longshengaz/lists/issuesOpen' })).json() as ListPage;
    expect(list.rows).toEqual(
      expected.map((i) => ({
        id: i.id,
        title: i.title,
        detail: i.status,
        place: '龙升社区安置小区',
        link: `/council/issues/${i.id}`,
      })),
    );
  });

  it('opens the very households and residents of a compound, unit numbers and masked phones, never another compound’s', async () => {
    const secretary = await h().login(SECRETARY);
    const db = h().ctx.db;
    const num = (b: string, s: string, d: string) => `${/^\s*(\d+)/.exec(b)?.[1] ?? b}-${/^\s*(\d+)/.exec(s)?.[1] ?? s}-${d}`;
    const mask = (p: string | null) => (p ? `${p.slice(0, 3)}****${p.slice(7)}` : null);
    const units = await db
      .selectFrom('units as u')
      .innerJoin('nodes as b', 'b.id', 'u.building_id')
      .select(['u.id', 'b.name as building', 'u.stairwell', 'u.door', 'u.building_id'])
      .where('u.compound_id', '=', 'wuxingaz')
      .where('u.developer_held', '=', 0)
      .orderBy(sql`length(b.name)`)
      .orderBy('b.name')
      .orderBy(sql`length(u.stairwell)`)
      .orderBy('u.stairwell')
      .orderBy(sql`length(u.door)`)
      .orderBy('u.door')
      .orderBy('u.id')
      .execute();
    const owners = await db
      .selectFrom('unit_owners as o')
      .innerJoin('people as p', 'p.id', 'o.person_id')
      .select(['o.unit_id', 'o.representative', 'p.id', 'p.name', 'p.phone'])
      .where('p.erased_at', 'is', null)
      .execute();
    const firstOwner = (unitId: string) =>
      owners.filter((o) => o.unit_id === unitId).sort((a, b) => b.representative - a.representative || (a.id < b.id ? -1 : 1))[0];
    const households = await all(secretary, 'wuxingaz', 'households');
    expect(households.ids).toEqual(units.map((u) => u.id));
    const firstPage = (await h().as(secretary, { url: '/api/v1/dashboard/wuxingaz/lists/households' })).json() as ListPage;
    // In the register's order: 1栋 before 10栋.
    expect(firstPage.rows.slice(0, 3).map((r) => r.title)).toEqual(['1-1-101', '1-1-102', '1-1-201']);
    expect(firstPage.rows).toEqual(
      units.slice(0, 50).map((u) => {
        const o = firstOwner(u.id);
        return {
          id: u.id,
          title: num(u.building, u.stairwell, u.door),
          detail: [o?.name, mask(o?.phone ?? null)].filter(Boolean).join(' '),
          place: '五星社区安置小区',
          link: `/registry/buildings/${u.building_id}`,
        };
      }),
    );

    const people = await db
      .selectFrom('people as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .innerJoin('nodes as b', 'b.id', 'u.building_id')
      .select(['p.id', 'p.name', 'p.phone', 'b.name as building', 'u.stairwell', 'u.door'])
      .where('u.compound_id', '=', 'wuxingaz')
      .where('p.erased_at', 'is', null)
      .orderBy(sql`length(b.name)`)
      .orderBy('b.name')
      .orderBy(sql`length(u.stairwell)`)
      .orderBy('u.stairwell')
      .orderBy(sql`length(u.door)`)
      .orderBy('u.door')
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
    const residents = await all(secretary, 'wuxingaz', 'residents');
    expect(residents.ids).toEqual(people.map((p) => p.id));
    const second = (await h().as(secretary, { url: '/api/v1/dashboard/wuxingaz/lists/residents?page=2' })).json() as ListPage;
    expect(second.rows).toEqual(
      people.slice(50, 100).map((p) => ({
        id: p.id,
        title: p.name,
        detail: [num(p.building, p.stairwell, p.door), mask(p.phone)].filter(Boolean).join(' '),
        place: '五星社区安置小区',
        link: `/registry/people/${p.id}`,
      })),
    );
    // No whole phone number anywhere in the lists.
    expect(JSON.stringify(second).match(/1[3-9]\d{9}/g)).toBe(null);
  });

  it('answers 404 outside the caller’s subtree and 400 for a figure that has no list', async () => {
    const sub = await h().login(SUBDISTRICT_YUNTIAN);
    expect((await h().as(sub, { url: '/api/v1/dashboard/longshengaz/lists/issuesOpen' })).statusCode).toBe(404);
    const secretary = await h().login(SECRETARY);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/wuxing/lists/volunteers' })).statusCode).toBe(404);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/wuxingaz/lists/volunteers' })).statusCode).toBe(200);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/longshengaz/lists/residents' })).statusCode).toBe(404);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/longshengaz/lists/households' })).statusCode).toBe(404);
    const bad = await h().as(admin, { url: '/api/v1/dashboard/yunlong/lists/ordersPlaced' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
