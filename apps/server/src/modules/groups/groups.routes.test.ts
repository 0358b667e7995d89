import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { localIn, makePerson } from '../events/events.test-helpers';

describeEachDialect('groups', (h) => {
  let staff: Session;
  let youth: Session;
  let elder: Session;
  let worker: Session;
  let groupId: string;
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
  const get = (s: Session | null, url: string) => h().as(s, { method: 'GET', url });

  it('lets staff create a club for the young with an age range', async () => {
    staff = await makePerson(h(), { name: '书记', nodeId: 'wuxingaz', role: 'branch_secretary' });
    worker = await makePerson(h(), { name: '社工', nodeId: 'wuxing', role: 'community_worker' });
    youth = await makePerson(h(), { name: '小李', nodeId: 'wuxingaz', birthYear: 2004, tags: ['团员'] });
    elder = await makePerson(h(), { name: '老王', nodeId: 'wuxingaz', birthYear: 1944 });
    const res = await post(staff, '/api/v1/groups', {
      nodeId: 'wuxingaz',
      name: '篮球俱乐部',
      minAge: 14,
      maxAge: 35,
      description: '<i>每周六</i>',
    });
    expect(res.statusCode, res.body).toBe(201);
    groupId = res.json().id;
    expect((await post(youth, '/api/v1/groups', { nodeId: 'wuxingaz', name: 'x' })).statusCode).toBe(404);
    expect((await post(staff, '/api/v1/groups', { nodeId: 'wuxingaz', name: 'x', extra: true })).statusCode).toBe(400);
    expect((await post(staff, '/api/v1/groups', { nodeId: 'longshengaz', name: 'x' })).statusCode).toBe(404);
  });

  it('lets the young join and leave, and refuses an elder with the reason', async () => {
    expect((await post(youth, `/api/v1/groups/${groupId}/join`)).statusCode).toBe(204);
    expect((await post(youth, `/api/v1/groups/${groupId}/join`)).statusCode).toBe(409);
    const no = await post(elder, `/api/v1/groups/${groupId}/join`);
    expect(no.statusCode).toBe(422);
    expect(no.json().error.details.reasons[0]).toMatch(/35 岁及以下/);
    const list = (await get(youth, '/api/v1/groups')).json().groups;
    expect(list.find((g: { id: string }) => g.id === groupId)).toMatchObject({
      name: '篮球俱乐部',
      member: true,
      memberCount: 1,
      description: '<i>每周六</i>',
    });
    expect((await post(youth, `/api/v1/groups/${groupId}/leave`)).statusCode).toBe(204);
    expect((await post(youth, `/api/v1/groups/${groupId}/leave`)).statusCode).toBe(409);
    expect((await post(youth, `/api/v1/groups/${groupId}/join`)).statusCode).toBe(204);
  });

  it('lets staff acting for a resident join them, recording who acted and how', async () => {
    const teen = await makePerson(h(), { name: '小张', nodeId: 'wuxingaz', birthYear: 2008 });
    await h().ctx.accounts.setActingFor(
      (await h().ctx.db.selectFrom('sessions').select('id').where('account_id', '=', worker.accountId).executeTakeFirstOrThrow())
        .id,
      teen.personId,
      'walk_in',
    );
    expect((await post(worker, `/api/v1/groups/${groupId}/join`)).statusCode).toBe(204);
    const m = await h().ctx.groups.membership(groupId, teen.personId);
    expect(m?.role).toBe('member');
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'group.join')
      .where('on_behalf_of', '=', teen.personId)
      .execute();
    expect(audit).toMatchObject([{ actor_account_id: worker.accountId, channel: 'walk_in' }]);
  });

  it('shows the group page with leaders and upcoming events; members only to leaders and staff', async () => {
    expect(
      (await post(staff, `/api/v1/groups/${groupId}/members`, { personId: youth.personId, role: 'leader' })).statusCode,
    ).toBe(204);
    const ev = await post(youth, '/api/v1/events', {
      nodeId: 'wuxingaz',
      groupId,
      title: '周六篮球赛',
      start: localIn(2, '15:00'),
      durationMin: 120,
      minAge: 14,
      maxAge: 35,
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const page = (await get(youth, `/api/v1/groups/${groupId}`)).json();
    expect(page).toMatchObject({ myRole: 'leader', canLead: true, leaders: ['小李'] });
    expect(page.upcoming[0]).toMatchObject({ title: '周六篮球赛' });
    expect(page.members.length).toBeGreaterThanOrEqual(2);
    const asElder = (await get(elder, `/api/v1/groups/${groupId}`)).json();
    expect(asElder.members).toBeNull();
    const outsider = await makePerson(h(), { name: '外人', nodeId: 'longshengaz', birthYear: 2000 });
    expect((await get(outsider, `/api/v1/groups/${groupId}`)).statusCode).toBe(404);
    const feed = await get(null, `/api/v1/calendar/groups/${groupId}/feed.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('SUMMARY:周六篮球赛');
  });
});
