import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

describeEachDialect('boards', (h) => {
  it('shows name and phone publicly only for members whose consent is in force; else the door alone', async () => {
    const { db } = h().ctx;
    const res = await h().app.inject({ url: '/api/v1/boards/buildings/zhoucheng-b3' });
    expect(res.statusCode).toBe(200);
    const board = res.json();
    expect(board.promises).toEqual(['带头遵守居民公约', '热情服务楼栋住户', '主动维护公共环境', '及时提供信息服务']);
    expect(board.helpLink).toBe('/orders/new?building=zhoucheng-b3');
    const members = await db
      .selectFrom('people')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .select(['people.id', 'people.name'])
      .where('units.building_id', '=', 'zhoucheng-b3')
      .where('people.tags', 'like', '%"党员"%')
      .execute();
    expect(board.members).toHaveLength(members.length);
    const consents = await db
      .selectFrom('board_consents')
      .selectAll()
      .where(
        'person_id',
        'in',
        members.map((m) => m.id),
      )
      .orderBy('recorded_at', 'desc')
      .execute();
    const inForce = new Set<string>();
    const seen = new Set<string>();
    for (const c of consents) {
      if (seen.has(c.person_id)) continue;
      seen.add(c.person_id);
      if (c.given) inForce.add(c.person_id);
    }
    const shown = board.members
      .filter((m: { name: string | null }) => m.name !== null)
      .map((m: { name: string }) => m.name)
      .sort();
    expect(shown).toEqual(
      members
        .filter((m) => inForce.has(m.id))
        .map((m) => m.name)
        .sort(),
    );
    for (const m of board.members) if (m.name === null) expect(m.phone).toBeNull();
  });

  it('withdrawing consent hides the member at once; the history keeps both entries', async () => {
    const worker = await h().login('19900000005');
    const wang = await h().login('19900000002'); // 黄园, party member in wuxingaz 3栋
    const give = await h().as(wang, {
      method: 'POST',
      url: '/api/v1/boards/consents',
      payload: { personId: 'p-19900000002', given: true },
    });
    expect(give.statusCode).toBe(201);
    const on = (await h().app.inject({ url: '/api/v1/boards/buildings/wuxingaz-b3' })).json();
    expect(
      on.members.some((m: { name: string | null; phone: string | null }) => m.name === '黄园' && m.phone === '19900000002'),
    ).toBe(true);
    const withdraw = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/boards/consents',
      payload: { personId: 'p-19900000002', given: false, note: '本人电话撤回' },
    });
    expect(withdraw.statusCode).toBe(201);
    const off = (await h().app.inject({ url: '/api/v1/boards/buildings/wuxingaz-b3' })).json();
    expect(off.members.some((m: { name: string | null }) => m.name === '黄园')).toBe(false);
    expect(off.members.some((m: { door: string }) => m.door === '3栋1单元301')).toBe(true);
    const reg = (await h().as(worker, { method: 'GET', url: '/api/v1/boards/buildings/wuxingaz-b3/consents' })).json();
    const huang = reg.members.find((m: { personId: string }) => m.personId === 'p-19900000002');
    expect(huang.consent).toBe(false);
    expect(huang.history.map((x: { given: boolean }) => x.given)).toEqual([false, true]);
  });

  it('lets nobody record consent for a member outside their subtree (404), nor for a non-member (400)', async () => {
    const worker = await h().login('19900000005');
    const out = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/boards/consents',
      payload: { personId: 'p-19900000010', given: true },
    });
    expect(out.statusCode).toBe(404);
    const nonMember = await h().as(worker, {
      method: 'POST',
      url: '/api/v1/boards/consents',
      payload: { personId: 'p-19900000001', given: true },
    });
    expect(nonMember.statusCode).toBe(400);
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/v1/boards/consents',
          payload: { personId: 'p-19900000002', given: true },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('serves a QR code (SVG) that opens ask-for-help for the building', async () => {
    const res = await h().app.inject({ url: '/api/v1/boards/buildings/zhoucheng-b1/qr.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toContain('<svg');
    expect((await h().app.inject({ url: '/api/v1/boards/buildings/zhoucheng/qr.svg' })).statusCode).toBe(404);
  });
});
