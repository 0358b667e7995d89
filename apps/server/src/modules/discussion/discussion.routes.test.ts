import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

describeEachDialect('discussion board', (h) => {
  it('lets residents post topics and replies, keeps HTML as text and counts replies under races', async () => {
    const a = await h().login('19900000041');
    const b = await h().login('19900000042');
    const t = await h().as(a, {
      method: 'POST',
      url: '/api/v1/discussion/topics',
      payload: { compoundId: 'longshengaz', title: '<b>广场舞</b>时间', body: '<script>alert(1)</script>' },
    });
    expect(t.statusCode).toBe(201);
    const id = t.json().id;
    const replies = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        h().as(b, { method: 'POST', url: `/api/v1/discussion/topics/${id}/replies`, payload: { body: `回复${i}` } }),
      ),
    );
    expect(replies.every((r) => r.statusCode === 201)).toBe(true);
    const got = (await h().as(a, { method: 'GET', url: `/api/v1/discussion/topics/${id}` })).json();
    expect(got).toMatchObject({ title: '<b>广场舞</b>时间', body: '<script>alert(1)</script>', replyCount: 4, mine: true });
    expect(got.replies).toHaveLength(4);
    const list = (await h().as(b, { method: 'GET', url: '/api/v1/discussion/topics?compoundId=longshengaz' })).json();
    expect(list.topics[0].id).toBe(id);
  });

  it('hides a topic with a reason its author still sees; others get 404; no replies while hidden', async () => {
    const a = await h().login('19900000041');
    const b = await h().login('19900000042');
    const sec = await h().login('19900000043');
    const id = (
      await h().as(a, {
        method: 'POST',
        url: '/api/v1/discussion/topics',
        payload: { compoundId: 'longshengaz', title: '卖房广告', body: '…' },
      })
    ).json().id;
    expect(
      (await h().as(b, { method: 'POST', url: `/api/v1/discussion/topics/${id}/hide`, payload: { reason: 'x' } })).statusCode,
    ).toBe(403);
    expect(
      (await h().as(sec, { method: 'POST', url: `/api/v1/discussion/topics/${id}/hide`, payload: { reason: '商业广告' } }))
        .statusCode,
    ).toBe(200);
    expect((await h().as(a, { method: 'GET', url: `/api/v1/discussion/topics/${id}` })).json()).toMatchObject({
      hidden: true,
      hiddenReason: '商业广告',
    });
    expect((await h().as(b, { method: 'GET', url: `/api/v1/discussion/topics/${id}` })).statusCode).toBe(404);
    expect(
      (await h().as(a, { method: 'POST', url: `/api/v1/discussion/topics/${id}/replies`, payload: { body: 'x' } })).statusCode,
    ).toBe(409);
  });

  it('hides a reply, answers 404 to other compounds and 400 to unknown fields', async () => {
    const a = await h().login('19900000041');
    const sec = await h().login('19900000043');
    const id = (
      await h().as(a, {
        method: 'POST',
        url: '/api/v1/discussion/topics',
        payload: { compoundId: 'longshengaz', title: '停车', body: '…' },
      })
    ).json().id;
    const rid = (
      await h().as(a, { method: 'POST', url: `/api/v1/discussion/topics/${id}/replies`, payload: { body: '骂人的话' } })
    ).json().id;
    await h().as(sec, { method: 'POST', url: `/api/v1/discussion/replies/${rid}/hide`, payload: { reason: '不文明用语' } });
    const b = await h().login('19900000042');
    expect((await h().as(b, { method: 'GET', url: `/api/v1/discussion/topics/${id}` })).json().replies).toHaveLength(0);
    const o = await h().login('19900000001');
    expect((await h().as(o, { method: 'GET', url: `/api/v1/discussion/topics/${id}` })).statusCode).toBe(404);
    const bad = await h().as(a, {
      method: 'POST',
      url: '/api/v1/discussion/topics',
      payload: { compoundId: 'longshengaz', title: 'x', body: 'y', pinned: true },
    });
    expect(bad.statusCode).toBe(400);
  });
});
