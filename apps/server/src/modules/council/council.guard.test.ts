import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { NEIGHBOUR, OUTSIDER, RESIDENT, raise, SECRETARY } from './council.fixtures';

// Council visibility (issue #21): a hidden issue leaves every ordinary member's list and page;
// only its raiser and the compound's staff still see it. Exact lists, not membership.

describeEachDialect('council visibility: hidden issues', (h) => {
  const ids = async (s: Session | null) => {
    const res = await h().as(s, { method: 'GET', url: '/api/v1/council/issues?compoundId=longshengaz' });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().issues as Array<{ id: string }>).map((i) => i.id);
  };

  it('leaves the hidden issue out of an ordinary member’s list and page, and keeps it for its raiser and staff', async () => {
    const resident = await h().login(RESIDENT);
    const neighbour = await h().login(NEIGHBOUR);
    const secretary = await h().login(SECRETARY);
    const hidden = await raise(h(), neighbour, { title: '要隐藏的议题' });
    const shown = await raise(h(), neighbour, { title: '仍然公开的议题' });
    const before = { resident: await ids(resident), neighbour: await ids(neighbour), secretary: await ids(secretary) };
    // newest first
    expect(before.resident.slice(0, 2)).toEqual([shown, hidden]);
    expect(before.neighbour).toEqual(before.resident);
    expect(before.secretary).toEqual(before.resident);

    const hide = await h().as(secretary, {
      method: 'POST',
      url: `/api/v1/council/issues/${hidden}/hide`,
      payload: { reason: '含有他人隐私' },
    });
    expect(hide.statusCode, hide.body).toBe(200);
    expect(await ids(resident)).toEqual(before.resident.filter((i) => i !== hidden));
    expect(await ids(neighbour)).toEqual(before.neighbour);
    expect(await ids(secretary)).toEqual(before.secretary);

    const page = async (s: Session | null, url: string) => {
      const r = await h().as(s, { method: 'GET', url });
      return [r.statusCode, r.statusCode === 200 ? r.json().hiddenReason : r.json().error.code];
    };
    expect(await page(resident, `/api/v1/council/issues/${hidden}`)).toEqual([404, 'NOT_FOUND']);
    expect(await page(null, `/api/v1/public/council/issues/${hidden}`)).toEqual([404, 'NOT_FOUND']);
    expect(await page(neighbour, `/api/v1/council/issues/${hidden}`)).toEqual([200, '含有他人隐私']);
    expect(await page(secretary, `/api/v1/council/issues/${hidden}`)).toEqual([200, '含有他人隐私']);

    // only staff hide (403 for a member); someone of another compound sees neither list nor issue (404)
    const byMember = await h().as(resident, {
      method: 'POST',
      url: `/api/v1/council/issues/${shown}/hide`,
      payload: { reason: '无' },
    });
    expect([byMember.statusCode, byMember.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const outsider = await h().login(OUTSIDER);
    const list = await h().as(outsider, { method: 'GET', url: '/api/v1/council/issues?compoundId=longshengaz' });
    expect([list.statusCode, list.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await page(outsider, `/api/v1/council/issues/${shown}`)).toEqual([404, 'NOT_FOUND']);

    // shown again: back in everyone's list, in its place
    await h().as(secretary, { method: 'POST', url: `/api/v1/council/issues/${hidden}/unhide` });
    expect(await ids(resident)).toEqual(before.resident);
  });
});
