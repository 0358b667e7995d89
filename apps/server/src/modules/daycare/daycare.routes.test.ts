import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { makePerson } from '../events/events.test-helpers';

describeEachDialect('day-care centre', (h) => {
  let staff: Session;
  let elder: Session;
  let young: Session;
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
  const get = (s: Session | null, url: string) => h().as(s, { method: 'GET', url });

  it('lists the elders of the compound and checks one in once a day', async () => {
    staff = await makePerson(h(), { name: '社工', nodeId: 'wuxing', role: 'community_worker' });
    elder = await makePerson(h(), { name: '老人', nodeId: 'wuxingaz', birthYear: 1946 });
    young = await makePerson(h(), { name: '青年', nodeId: 'wuxingaz', birthYear: 1996 });
    await h().ctx.groups.insert({
      node_id: 'wuxingaz',
      kind: 'daycare',
      name: '日间照料中心',
      description: '',
      min_age: 60,
      max_age: null,
      tags: '[]',
    });
    expect((await get(staff, '/api/v1/daycare')).json().centres).toEqual([
      { nodeId: 'wuxingaz', nodeName: '五星社区安置小区', groupName: '日间照料中心' },
    ]);
    expect((await get(elder, '/api/v1/daycare')).json().centres).toEqual([]);
    const list = await get(staff, '/api/v1/daycare/wuxingaz');
    expect(list.statusCode, list.body).toBe(200);
    const names = list.json().elders.map((e: { name: string }) => e.name);
    expect(names).toContain('老人');
    expect(names).not.toContain('青年');
    const both = await Promise.all([
      post(staff, '/api/v1/daycare/wuxingaz/checkins', { personId: elder.personId }),
      post(staff, '/api/v1/daycare/wuxingaz/checkins', { personId: elder.personId }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const first = both.find((r) => r.statusCode === 201)?.json().checkedInAt;
    expect(both.find((r) => r.statusCode === 409)?.json().error.details.checkedInAt).toBe(first);
    const after = (await get(staff, '/api/v1/daycare/wuxingaz')).json();
    expect(after.present).toBe(1);
    expect(after.recent[0].count).toBe(1);
  });

  it('refuses the young, outsiders and residents', async () => {
    expect((await post(staff, '/api/v1/daycare/wuxingaz/checkins', { personId: young.personId })).statusCode).toBe(422);
    expect((await get(elder, '/api/v1/daycare/wuxingaz')).statusCode).toBe(404);
    expect((await post(elder, '/api/v1/daycare/wuxingaz/checkins', { personId: elder.personId })).statusCode).toBe(404);
    expect((await get(staff, '/api/v1/daycare/longshengaz')).statusCode).toBe(404);
    expect((await post(staff, '/api/v1/daycare/wuxingaz/checkins', { personId: elder.personId, at: 'x' })).statusCode).toBe(400);
  });
});
