import { expect, it } from 'vitest';
import { describeEachDialect, type Harness, type Session } from '../../test/harness';
import { NEIGHBOUR, RESIDENT, raise, SECRETARY } from './council.fixtures';

/** Opens a meeting on a discussed issue with `present` members present; the meeting, item and members. */
async function meetingWith(h: Harness, sec: Session, issueId: string, present: number) {
  const m = await h.as(sec, {
    method: 'POST',
    url: '/api/v1/council/meetings',
    payload: { compoundId: 'longshengaz', kind: 'ad_hoc', title: '临时议事会', scheduledAt: '2026-12-01T08:00:00+08:00' },
  });
  const mid = m.json().id as string;
  const item = (await h.as(sec, { method: 'POST', url: `/api/v1/council/meetings/${mid}/agenda`, payload: { issueId } })).json();
  await h.as(sec, { method: 'POST', url: `/api/v1/council/meetings/${mid}/open` });
  const members = (await h.as(sec, { url: `/api/v1/council/meetings/${mid}` })).json().members as Array<{
    id: string;
    name: string;
  }>;
  for (const mem of members.slice(0, present))
    await h.as(sec, {
      method: 'PUT',
      url: `/api/v1/council/meetings/${mid}/attendance`,
      payload: { memberId: mem.id, present: true },
    });
  await h.as(sec, { method: 'POST', url: `/api/v1/council/agenda/${item.id}/discussed`, payload: {} });
  return { mid, itemId: item.id as string, members };
}

describeEachDialect('council quorum and responsible', (h) => {
  it('refuses a decision below the quorum (default: more than half), records the figures and names the responsible person', async () => {
    const r = await h().login(RESIDENT);
    const sec = await h().login(SECRETARY);
    const settings = await h().as(sec, { url: '/api/v1/council/compounds/longshengaz/settings' });
    expect(settings.json()).toEqual({
      remindAfterDays: 7,
      isDefault: true,
      quorum: null,
      members: 7,
      quorumRequired: 4,
      supportThresholdPercent: null,
      households: 168,
      supportsNeeded: null,
    });

    const id = await raise(h(), r, { title: '电梯异响' });
    const { mid, itemId, members } = await meetingWith(h(), sec, id, 3);
    const member = (await h().as(sec, { url: '/api/v1/council/compounds/longshengaz/members' }))
      .json()
      .members.find((m: { id: string }) => m.id === members[0]?.id);
    const decide = () =>
      h().as(sec, {
        method: 'POST',
        url: `/api/v1/council/meetings/${mid}/decisions`,
        payload: {
          agendaItemId: itemId,
          text: '请物业一周内检修电梯',
          votesFor: 3,
          votesAgainst: 0,
          votesAbstain: 0,
          responsibleMemberId: members[0]?.id,
          deadline: '2026-12-10',
        },
      });
    const below = await decide();
    expect(below.statusCode).toBe(422);
    expect(below.json().error).toMatchObject({
      code: 'QUORUM_NOT_MET',
      message: '出席的议事会成员未达到法定人数，不能作出决定',
      details: { members: 7, present: 3, required: 4 },
    });
    // Nothing was written: the issue is still discussed, with no decision.
    expect((await h().as(r, { url: `/api/v1/council/issues/${id}` })).json()).toMatchObject({
      status: 'discussed',
      decisions: [],
    });

    // The compound sets its own quorum of 3: the same three members now decide.
    const put = await h().as(sec, {
      method: 'PUT',
      url: '/api/v1/council/compounds/longshengaz/settings',
      payload: { remindAfterDays: 10, quorum: 3 },
    });
    expect(put.json()).toEqual({
      remindAfterDays: 10,
      isDefault: false,
      quorum: 3,
      members: 7,
      quorumRequired: 3,
      supportThresholdPercent: null,
      households: 168,
      supportsNeeded: null,
    });
    const bad = await h().as(sec, {
      method: 'PUT',
      url: '/api/v1/council/compounds/longshengaz/settings',
      payload: { remindAfterDays: 10, quorum: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await decide();
    expect(ok.statusCode, ok.body).toBe(201);
    const did = ok.json().id as string;

    const role =
      member.title || { branch: '党支部', owners_committee: '业委会', resident_rep: '居民代表' }[member.kind as string];
    const label = `${member.name}（${role}）`;
    const quorum = { members: 7, present: 3, required: 3 };
    const staffView = (await h().as(sec, { url: `/api/v1/council/meetings/${mid}` })).json().decisions[0];
    expect([staffView.responsibleLabel, staffView.quorum]).toEqual([label, quorum]);
    const pub = (await h().as(null, { url: `/api/v1/public/council/decisions/${did}` })).json();
    expect([pub.responsibleLabel, pub.quorum]).toEqual([label, quorum]);
    const issue = (await h().as(r, { url: `/api/v1/council/issues/${id}` })).json().decisions[0];
    expect([issue.responsibleLabel, issue.quorum]).toEqual([label, quorum]);
    // The seeded decision (taken before labels were names) says who, not the member kind's code.
    const seeded = (await h().as(null, { url: '/api/v1/public/council/compounds/longshengaz/decisions' })).json().decisions;
    for (const d of seeded) {
      const one = (await h().as(null, { url: `/api/v1/public/council/decisions/${d.id}` })).json();
      expect(one.responsibleLabel).not.toMatch(/^(branch|owners_committee|resident_rep)$/);
    }
  });

  it('lets nobody support their own issue; shows the raiser to staff only, never to neighbours or the public', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const id = await raise(h(), r, { title: '楼道灯坏了' });
    const own = await h().as(r, { method: 'POST', url: `/api/v1/council/issues/${id}/support` });
    expect(own.statusCode).toBe(409);
    expect(own.json().error).toMatchObject({ code: 'OWN_ISSUE_SUPPORT', message: '不能附议自己反映的问题' });
    expect((await h().as(n, { method: 'POST', url: `/api/v1/council/issues/${id}/support` })).statusCode).toBe(200);
    expect((await h().as(r, { url: `/api/v1/council/issues/${id}` })).json().supportCount).toBe(1);

    const raiser = await h()
      .ctx.db.selectFrom('people')
      .select(['name', 'phone'])
      .where('id', '=', r.personId)
      .executeTakeFirstOrThrow();
    const masked = `${raiser.phone?.slice(0, 3)}****${raiser.phone?.slice(7)}`;
    const staffSees = (await h().as(sec, { url: `/api/v1/council/issues/${id}` })).json().reporter;
    // 张秀英 has no unit on record in the demo registry: no door to show.
    expect(staffSees).toEqual({ name: raiser.name, contact: masked, door: '' });
    expect((await h().as(n, { url: `/api/v1/council/issues/${id}` })).json().reporter).toBeNull();
    expect((await h().as(r, { url: `/api/v1/council/issues/${id}` })).json().reporter).toBeNull();
    const pub = await h().as(null, { url: `/api/v1/public/council/issues/${id}` });
    expect(pub.json().reporter).toBeUndefined();
    expect(pub.body).not.toContain(raiser.name);
  });
});
