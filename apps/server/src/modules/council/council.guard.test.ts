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

  it('lists exactly the compound’s own issues, leaves a hidden one out of the public Open311 feed, and audits who hid it', async () => {
    const neighbour = await h().login(NEIGHBOUR);
    const secretary = await h().login(SECRETARY);
    const hidden = await raise(h(), neighbour, { title: '公开接口里要隐藏的议题' });
    const hide = await h().as(secretary, {
      method: 'POST',
      url: `/api/v1/council/issues/${hidden}/hide`,
      payload: { reason: '含有他人隐私' },
    });
    expect(hide.statusCode, hide.body).toBe(200);
    const db = h().ctx.db;
    const own = await db
      .selectFrom('council_issues')
      .select('id')
      .where('compound_id', '=', 'longshengaz')
      .where((eb) => eb.or([eb('hidden', '=', 0), eb('raised_by_person_id', '=', neighbour.personId)]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    // other compounds have issues too: none of them is listed
    const others = await db.selectFrom('council_issues').select('id').where('compound_id', '<>', 'longshengaz').execute();
    expect(others.length).toBeGreaterThan(0);
    expect(await ids(neighbour)).toEqual(own.map((r) => r.id));

    const feed = await h().app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?jurisdiction_id=longshengaz&start_date=2000-01-01T00:00:00Z`,
    });
    expect(feed.statusCode, feed.body).toBe(200);
    const listed = (JSON.parse(feed.body) as Array<{ service_request_id: string }>).map((r) => r.service_request_id).sort();
    const visible = await db
      .selectFrom('council_issues')
      .select('id')
      .where('compound_id', '=', 'longshengaz')
      .where('hidden', '=', 0)
      .execute();
    expect(listed).toEqual(visible.map((r) => r.id).sort());
    expect(listed).not.toContain(hidden);

    const entry = await db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'on_behalf_of', 'channel', 'target_id'])
      .where('target_id', '=', hidden)
      .where('action', 'like', '%hid%')
      .execute();
    expect(entry).toEqual([{ actor_account_id: secretary.accountId, on_behalf_of: null, channel: null, target_id: hidden }]);
  });
});
