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

  it('answers 404 outside the caller’s subtree and 400 for a figure that has no list', async () => {
    const sub = await h().login(SUBDISTRICT_YUNTIAN);
    expect((await h().as(sub, { url: '/api/v1/dashboard/longshengaz/lists/issuesOpen' })).statusCode).toBe(404);
    const secretary = await h().login(SECRETARY);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/wuxing/lists/volunteers' })).statusCode).toBe(404);
    expect((await h().as(secretary, { url: '/api/v1/dashboard/wuxingaz/lists/volunteers' })).statusCode).toBe(200);
    const bad = await h().as(admin, { url: '/api/v1/dashboard/yunlong/lists/households' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
