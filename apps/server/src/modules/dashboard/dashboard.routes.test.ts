import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { newId } from '../../lib/ids';
import { tryLease } from '../../lib/jobs';
import { describeEachDialect, type Session } from '../../test/harness';
import type { AuthContext } from '../accounts/policy';
import { createDashboardService } from './dashboard.service';
import { bucketOf } from './histogram';
import { createRollup } from './rollup';

const DISTRICT = '19900000008'; // 刘贞
const SUBDISTRICT_YUNTIAN = '19900000007'; // 黄闻
const RESIDENT = '19900000001';

describeEachDialect('dashboard', (h) => {
  let admin: Session;
  const view = async (s: Session, node: string, q = 'months=24') => {
    const r = await h().as(s, { url: `/api/v1/dashboard/${node}?${q}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  /** An order in 五星花园 placed at `at` (ISO): written directly, as a record the rollup has not seen. */
  const placeOrderAt = async (at: string) => {
    const db = h().ctx.db;
    const resident = await db
      .selectFrom('orders')
      .select(['resident_person_id', 'building_id', 'node_path'])
      .where('compound_id', '=', 'wuxingaz')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('orders')
      .values({
        id: newId(),
        compound_id: 'wuxingaz',
        building_id: resident.building_id,
        node_path: resident.node_path,
        resident_person_id: resident.resident_person_id,
        placed_by_account_id: null,
        channel: 'self',
        category: 'shopping',
        description: '代购大米',
        window_start: at,
        window_end: at,
        urgency: 'normal',
        status: 'placed',
        created_at: at,
        updated_at: new Date().toISOString(),
      } as never)
      .execute();
  };

  it("reproduces the article's figures from the demo data", async () => {
    admin = await h().login(DISTRICT);
    const district = await view(admin, 'yunlong');
    expect(district.stock.branches).toBe(10);
    expect(district.stock.demoSites).toBe(4);
    expect((await view(admin, 'zhoucheng')).stock.households).toBe(216);
    const wuxing = await view(admin, 'wuxingaz');
    expect(wuxing.stock.households).toBe(450);
    expect(wuxing.stock.residents).toBe(1800);
    expect(wuxing.stock.volunteers).toBeGreaterThanOrEqual(90);
    expect(wuxing.stock.volunteers).toBeLessThanOrEqual(110);
    expect(wuxing.total.ordersServed).toBeGreaterThanOrEqual(700);
    expect((await view(admin, 'longshengaz')).stock.partyMembers).toBe(46);
  });

  it('gives figures equal to direct counts of the source tables', async () => {
    const db = h().ctx.db;
    const d = await view(admin, 'wuxingaz');
    const placed = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compound_id', '=', 'wuxingaz')
      .executeTakeFirst();
    const served = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compound_id', '=', 'wuxingaz')
      .where('status', 'in', ['done', 'confirmed'])
      .executeTakeFirst();
    const minutes = await db
      .selectFrom('volunteer_hours')
      .select((eb) => eb.fn.sum<number>('minutes').as('m'))
      .where('compound_id', '=', 'wuxingaz')
      .executeTakeFirst();
    const vols = await db
      .selectFrom('volunteer_profiles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compound_id', '=', 'wuxingaz')
      .where('status', '=', 'active')
      .executeTakeFirst();
    expect(d.total.ordersPlaced).toBe(Number(placed?.n));
    expect(d.total.ordersServed).toBe(Number(served?.n));
    expect(d.total.hoursMinutes).toBe(Number(minutes?.m));
    expect(d.stock.volunteers).toBe(Number(vols?.n));
    // The median from merged histograms is the bucket of the raw lower median.
    const rows = await db
      .selectFrom('orders')
      .select(['created_at', 'taken_at'])
      .where('compound_id', '=', 'wuxingaz')
      .where('taken_at', 'is not', null)
      .execute();
    const raw = rows
      .map((r) => Math.floor((Date.parse(r.taken_at as string) - Date.parse(r.created_at)) / 60_000))
      .sort((a, b) => a - b);
    expect(d.total.takeCount).toBe(raw.length);
    expect(d.total.medianTakeMinutes).toBe(bucketOf(raw[Math.floor((raw.length - 1) / 2)] as number));
    const monthSum = d.months.reduce((n: number, m: { ordersPlaced: number }) => n + m.ordersPlaced, 0);
    expect(monthSum).toBeLessThanOrEqual(d.total.ordersPlaced);
  });

  it('adds up the level below into each node, from district to compound', async () => {
    const district = await view(admin, 'yunlong');
    expect(district.children.map((c: { id: string }) => c.id).sort()).toEqual(['longtoupu', 'xuelin', 'yuntian']);
    for (const key of ['households', 'residents', 'partyMembers', 'volunteers', 'branches', 'compounds'] as const) {
      expect(district.children.reduce((n: number, c: { stock: Record<string, number> }) => n + (c.stock[key] ?? 0), 0)).toBe(
        district.stock[key],
      );
    }
    expect(district.children.reduce((n: number, c: { total: { ordersServed: number } }) => n + c.total.ordersServed, 0)).toBe(
      district.total.ordersServed,
    );
    const sub = await view(admin, 'yuntian');
    expect(sub.trail.map((t: { id: string }) => t.id)).toEqual(['yunlong']);
    const community = await view(admin, 'wuxing');
    expect(community.trail.map((t: { id: string }) => t.id)).toEqual(['yunlong', 'yuntian']);
    expect(community.children.map((c: { id: string }) => c.id)).toContain('wuxingaz');
  });

  it('picks up new records in the next run, recomputing only the touched compound-months', async () => {
    const db = h().ctx.db;
    const before = await view(admin, 'wuxingaz');
    const otherBefore = await db
      .selectFrom('dash_node_month')
      .select(['month', 'updated_at'])
      .where('node_id', '=', 'longshengaz')
      .where('scope', '=', 'total')
      .execute();
    await placeOrderAt(new Date().toISOString());
    // No overlap here: the demo was written seconds ago and would be rescanned (harmlessly) otherwise.
    const r = await createRollup(h().ctx.dashboard, undefined, { overlapMs: 0 }).runOnce();
    expect(r.mode).toBe('incremental');
    expect(r.keys).toBeGreaterThan(0);
    expect(r.keys).toBeLessThan(10);
    const after = await view(admin, 'wuxingaz');
    expect(after.total.ordersPlaced).toBe(before.total.ordersPlaced + 1);
    expect((await view(admin, 'yunlong')).total.ordersPlaced).toBe(before.total.ordersPlaced + 1);
    const otherAfter = await db
      .selectFrom('dash_node_month')
      .select(['month', 'updated_at'])
      .where('node_id', '=', 'longshengaz')
      .where('scope', '=', 'total')
      .execute();
    expect(otherAfter).toEqual(otherBefore);
    // Nothing new: a run touches nothing.
    const idle = await createRollup(h().ctx.dashboard).runOnce();
    expect(idle.mode).toBe('incremental');
  });

  it("counts a record in Beijing's month: 00:30 on 1 March in Beijing is March, though UTC is still in February", async () => {
    admin = await h().login(DISTRICT);
    // Fixed instants on purpose: the boundary itself is the case, and `until` names the months.
    const q = 'months=2&until=2027-03';
    const monthOf = (d: { months: Array<{ month: string; ordersPlaced: number }> }, m: string) =>
      d.months.find((x) => x.month === m)?.ordersPlaced;
    const before = await view(admin, 'wuxingaz', q);
    const aprilBefore = await view(admin, 'wuxingaz', 'months=1&until=2027-04');
    const place = placeOrderAt;
    await place('2027-02-28T16:30:00.000Z'); // 2027-03-01 00:30 in Beijing
    await place('2027-02-28T15:59:59.999Z'); // 2027-02-28 23:59:59.999 in Beijing
    await place('2027-03-31T16:00:00.000Z'); // 2027-04-01 00:00 in Beijing: outside both months
    await createRollup(h().ctx.dashboard, undefined, { overlapMs: 0 }).runOnce();
    const after = await view(admin, 'wuxingaz', q);
    expect(after.months.map((m: { month: string }) => m.month)).toEqual(['2027-02', '2027-03']);
    expect(monthOf(after, '2027-02')).toBe((monthOf(before, '2027-02') ?? 0) + 1);
    expect(monthOf(after, '2027-03')).toBe((monthOf(before, '2027-03') ?? 0) + 1);
    const april = await view(admin, 'wuxingaz', 'months=1&until=2027-04');
    expect(april.months.map((m: { month: string }) => m.month)).toEqual(['2027-04']);
    expect(monthOf(april, '2027-04')).toBe((monthOf(aprilBefore, '2027-04') ?? 0) + 1);
  });

  it('ends the default window at this month in Beijing (on the 1st before 08:00, UTC still says last month)', async () => {
    const at = (iso: string) =>
      createDashboardService({ db: h().ctx.db, dashboard: h().ctx.dashboard, clock: () => new Date(iso) });
    const acc = await h().ctx.accounts.findByPhone(DISTRICT);
    if (!acc) throw new Error('no district admin');
    const auth: AuthContext = {
      accountId: acc.id,
      personId: acc.person_id,
      sessionId: 'test',
      csrfToken: '',
      lang: 'zh-CN',
      largeText: false,
      grants: await h().ctx.accounts.grantsOf(acc.id),
      actingFor: null,
    };
    const last = async (iso: string) => {
      const d = await at(iso).view(auth, 'zhoucheng', { months: 3 });
      return d.months.map((m) => m.month);
    };
    expect(await last('2027-02-28T16:01:00.000Z')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(await last('2027-12-31T16:00:00.000Z')).toEqual(['2027-11', '2027-12', '2028-01']);
    expect(await last('2028-02-29T04:00:00.000Z')).toEqual(['2027-12', '2028-01', '2028-02']);
    expect(await last('2027-01-31T15:59:59.999Z')).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('marks compound-months dirty by hand and recomputes them; simultaneous runs agree', async () => {
    const db = h().ctx.db;
    await db.updateTable('dash_node_stock').set({ households: 1 }).where('node_id', '=', 'zhoucheng').execute();
    await h().ctx.dashboard.markDirty([{ node: 'zhoucheng', month: '*' }]);
    const rollup = createRollup(h().ctx.dashboard);
    const runs = await Promise.all([rollup.runOnce(), rollup.runOnce(), createRollup(h().ctx.dashboard).runOnce()]);
    expect(runs.every((x) => x.mode === 'incremental')).toBe(true);
    expect((await view(admin, 'zhoucheng')).stock.households).toBe(216);
    expect((await view(admin, 'yunlong')).stock.branches).toBe(10);
    const dirty = await db.selectFrom('dash_dirty').selectAll().execute();
    expect(dirty).toEqual([]);
  });

  it('gives the rollup lease to exactly one of several instances', async () => {
    const name = `dash-test-${newId()}`;
    const wins = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => tryLease(h().ctx.db, name, 60_000, holder)));
    expect(wins.filter(Boolean).length).toBe(1);
  });

  it('answers 404 outside the caller subtree, 403 to residents, 400 to bad queries', async () => {
    const sub = await h().login(SUBDISTRICT_YUNTIAN);
    expect((await h().as(sub, { url: '/api/v1/dashboard/xuelin' })).statusCode).toBe(404);
    expect((await h().as(sub, { url: '/api/v1/dashboard/zhoucheng/export.xlsx' })).statusCode).toBe(404);
    expect((await h().as(sub, { url: '/api/v1/dashboard/nope' })).statusCode).toBe(404);
    const mine = await view(sub, 'yuntian');
    expect(mine.trail).toEqual([]); // the district is above their reach
    const resident = await h().login(RESIDENT);
    expect((await h().as(resident, { url: '/api/v1/dashboard/wuxingaz' })).statusCode).toBe(403);
    expect((await h().as(null, { url: '/api/v1/dashboard/wuxingaz' })).statusCode).toBe(401);
    for (const q of ['months=0', 'months=abc', 'until=2026-13', 'foo=1']) {
      expect((await h().as(admin, { url: `/api/v1/dashboard/yunlong?${q}` })).statusCode, q).toBe(400);
    }
    expect((await h().as(sub, { method: 'POST', url: '/api/v1/dashboard/refresh' })).statusCode).toBe(403);
  });

  it('exports XLSX and CSV with the same figures as the API', async () => {
    const d = await view(admin, 'yunlong', 'months=12');
    const x = await h().as(admin, { url: '/api/v1/dashboard/yunlong/export.xlsx?months=12' });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const summary = wb.worksheets[0];
    const values = new Map<string, unknown>();
    summary?.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(values.get('小区党支部')).toBe(d.stock.branches);
    expect(values.get('党建示范点')).toBe(d.stock.demoSites);
    expect(values.get('居民人数')).toBe(d.stock.residents);
    expect(values.get('服务次数')).toBe(d.total.ordersServed);
    const months = wb.worksheets[1];
    expect(months?.rowCount).toBe(13);
    const children = wb.worksheets[2];
    expect(children?.rowCount).toBe(1 + d.children.length);

    const c = await h().as(admin, { url: '/api/v1/dashboard/yunlong/export.csv?months=12' });
    expect(c.statusCode).toBe(200);
    expect(c.body.charCodeAt(0)).toBe(0xfeff);
    expect(c.body).toContain(`"小区党支部","${d.stock.branches}"`);
    expect(c.body).toContain(`"服务次数","${d.total.ordersServed}"`);
    const en = await h().as(admin, { url: '/api/v1/dashboard/yunlong/export.csv?lang=en' });
    expect(en.body).toContain('Compound party branches');
  });

  it('counts the same after a full rebuild as after incremental runs', async () => {
    const before = await view(admin, 'yunlong');
    await createRollup(h().ctx.dashboard).rebuild();
    const after = await view(admin, 'yunlong');
    expect(after.stock).toEqual(before.stock);
    expect(after.total).toEqual(before.total);
    const n = await sql<{
      n: number;
    }>`select count(*) as n from dash_node_month where scope = 'total' and node_id = 'yunlong'`.execute(h().ctx.db);
    expect(Number(n.rows[0]?.n)).toBeGreaterThan(0);
  });
});
