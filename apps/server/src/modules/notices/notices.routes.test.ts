import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';

const SUBDISTRICT = '19900000007'; // 黄闻, subdistrict admin at 云田镇 (above 五星)
const SECRETARY = '19900000003'; // 李建国, branch secretary at 五星安置小区
const RESIDENT = '19900000001'; // 万玉清, resident at 五星安置小区
const OUTSIDE = '19900000004'; // 周桂兰, committee member at 龙升

const hourFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describeEachDialect('notices', (h) => {
  let admin: Session;
  let resident: Session;
  let noticeId: string;

  it('publishes a notice to a subtree that residents below it read, counting each reader once', async () => {
    admin = await h().login(SUBDISTRICT);
    resident = await h().login(RESIDENT);
    const res = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { nodeId: 'yuntian', title: '停水通知 <script>', body: '周六 8:00–12:00 停水' },
    });
    expect(res.statusCode).toBe(201);
    noticeId = res.json().id;
    expect(res.json().title).toBe('停水通知 <script>');
    const list = (await h().as(resident, { url: '/api/v1/notices' })).json();
    const mine = list.find((n: { id: string }) => n.id === noticeId);
    expect(mine.readByMe).toBe(false);
    expect(mine.readCount).toBeNull();
    await Promise.all([1, 2, 3].map(() => h().as(resident, { url: `/api/v1/notices/${noticeId}` })));
    const staffView = (await h().as(admin, { url: `/api/v1/notices/${noticeId}` })).json();
    expect(staffView.readCount).toBe(2); // the resident once, the admin once
    const again = (await h().as(resident, { url: '/api/v1/notices' })).json();
    expect(again.find((n: { id: string }) => n.id === noticeId).readByMe).toBe(true);
  });

  it('records a first read once and answers true only for it, even for two at once (the repository’s promise)', async () => {
    const reader = (await h().login(OUTSIDE)).personId;
    const { notices } = h().ctx;
    expect((await Promise.all([notices.markRead(noticeId, reader), notices.markRead(noticeId, reader)])).sort()).toEqual([
      false,
      true,
    ]);
    expect(await notices.markRead(noticeId, reader)).toBe(false);
    expect(await notices.markRead(noticeId, admin.personId)).toBe(false);
    const rows = await h()
      .ctx.db.selectFrom('notice_reads')
      .select('person_id')
      .where('notice_id', '=', noticeId)
      .orderBy('person_id')
      .execute();
    expect(rows.map((r) => r.person_id)).toEqual([admin.personId, resident.personId, reader].sort());
  });

  it('hides notices of other subtrees (404) and scheduled or expired ones from residents', async () => {
    const outside = await h().login(OUTSIDE);
    expect((await h().as(outside, { url: `/api/v1/notices/${noticeId}` })).statusCode).toBe(404);
    const list = (await h().as(outside, { url: '/api/v1/notices' })).json();
    expect(list.map((n: { id: string }) => n.id)).not.toContain(noticeId);

    const later = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { nodeId: 'wuxingaz', title: '下周通知', body: '…', publishAt: hourFromNow(24) },
    });
    const laterId = later.json().id;
    expect(later.json().state).toBe('scheduled');
    expect((await h().as(resident, { url: `/api/v1/notices/${laterId}` })).statusCode).toBe(404);
    const staffList = (await h().as(admin, { url: '/api/v1/notices' })).json();
    expect(staffList.find((n: { id: string }) => n.id === laterId).state).toBe('scheduled');
  });

  it('withdraws a notice once; the second withdrawal is an invalid transition', async () => {
    const n = await h().as(admin, {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { nodeId: 'wuxingaz', title: '临时', body: 'x' },
    });
    const id = n.json().id;
    const both = await Promise.all([1, 2].map(() => h().as(admin, { method: 'POST', url: `/api/v1/notices/${id}/withdraw` })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await h().as(resident, { url: `/api/v1/notices/${id}` })).statusCode).toBe(404);
  });

  it('rejects bad input and writes by residents', async () => {
    const bad = [
      { nodeId: 'wuxingaz', title: '', body: 'x' },
      { nodeId: 'wuxingaz', title: 'x', body: 'x', extra: 1 },
      { nodeId: 'wuxingaz', title: 'x', body: 'x', publishAt: 'tomorrow' },
      { nodeId: 'wuxingaz', title: 'x', body: 'x', publishAt: hourFromNow(2), expiresAt: hourFromNow(1) },
    ];
    for (const payload of bad) {
      const res = await h().as(admin, { method: 'POST', url: '/api/v1/notices', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const r = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { nodeId: 'wuxingaz', title: 'x', body: 'y' },
    });
    expect(r.statusCode).toBe(403);
  });

  it('versions the 居民公约, diffs versions, and counts each acknowledgement once', async () => {
    const secretary = await h().login(SECRETARY);
    // The demo may have published versions already: continue from the latest.
    const base = ((await h().as(secretary, { url: '/api/v1/conventions/wuxingaz' })).json().current?.version ?? 0) as number;
    const v1 = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/conventions/wuxingaz/versions',
      payload: { title: '五星安置小区居民公约', body: '一、爱护公共环境\n二、文明养犬\n三、邻里和睦', baseVersion: base },
    });
    expect(v1.statusCode, v1.body).toBe(201);
    // Two editors publishing from the same base: exactly one wins.
    const edits = await Promise.all(
      ['一、爱护公共环境\n二、文明养犬，牵绳出行\n三、邻里和睦', '一、爱护公共环境\n三、邻里和睦\n四、不在绿化带种菜'].map(
        (body) =>
          h().as(secretary, {
            method: 'POST',
            url: '/api/v1/conventions/wuxingaz/versions',
            payload: { title: '居民公约', body, baseVersion: base + 1 },
          }),
      ),
    );
    expect(edits.map((e) => e.statusCode).sort()).toEqual([201, 409]);
    const diff = (await h().as(resident, { url: `/api/v1/conventions/wuxingaz/diff?from=${base + 1}&to=${base + 2}` })).json();
    expect(diff.lines.some((l: { op: string }) => l.op === 'add')).toBe(true);
    expect(diff.lines.some((l: { op: string }) => l.op === 'del')).toBe(true);

    const acks = await Promise.all(
      [1, 2, 3].map(() =>
        h().as(resident, { method: 'POST', url: '/api/v1/conventions/wuxingaz/ack', payload: { version: base + 2 } }),
      ),
    );
    expect(acks.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(acks.filter((a) => a.json().first).length).toBe(1);
    const c = (await h().as(resident, { url: '/api/v1/conventions/wuxingaz' })).json();
    expect(c.current.version).toBe(base + 2);
    expect(c.current.ackedByMe).toBe(true);
    expect(c.versions[0].ackCount).toBeNull();
    const staffView = (await h().as(secretary, { url: '/api/v1/conventions/wuxingaz' })).json();
    expect(staffView.versions.find((v: { version: number }) => v.version === base + 2).ackCount).toBe(1);
    const outside = await h().login(OUTSIDE);
    expect((await h().as(outside, { url: '/api/v1/conventions/wuxingaz' })).statusCode).toBe(404);
    expect(
      (await h().as(resident, { method: 'POST', url: '/api/v1/conventions/wuxingaz/ack', payload: { version: base + 9 } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await h().as(resident, {
          method: 'POST',
          url: '/api/v1/conventions/wuxingaz/versions',
          payload: { title: 'x', body: 'y', baseVersion: base + 2 },
        })
      ).statusCode,
    ).toBe(403);
  });
});
