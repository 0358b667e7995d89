import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { NEIGHBOUR, RESIDENT, raise, SECRETARY } from './council.fixtures';

/**
 * The council rows of the notification matrix (docs/notifications.md): at each step of an issue,
 * exactly who is told — the raiser, the supporters, the staff, the responsible member.
 */
describeEachDialect('council.notify', (h) => {
  it('tells the raiser and supporters at every step, staff of a new or reopened issue, the responsible member of the decision and actions', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const who = new Map<string, string>([
      [r.personId, 'raiser'],
      [n.personId, 'supporter'],
      [sec.personId, 'secretary'],
    ]);
    let seen = 0;
    /** The notifications about this issue since the last call: [kind, who] sorted. */
    const told = async (issueId: string) => {
      const rows = await h()
        .ctx.db.selectFrom('notifications')
        .select(['kind', 'person_id', 'title'])
        .where('link', '=', `/council/issues/${issueId}`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const fresh = rows.slice(seen);
      seen = rows.length;
      return fresh.map((x) => [x.kind, who.get(x.person_id) ?? x.person_id]).sort((a, b) => String(a).localeCompare(String(b)));
    };
    const post = async (s: Session, url: string, payload: object = {}) => {
      const res = await h().as(s, { method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res;
    };

    const id = await raise(h(), r, { title: '电梯异响' });
    // Staff over longshengaz besides its secretary (community workers, secretaries above it).
    const staff = (await told(id)).filter((x) => x[1] !== 'secretary' && x[1] !== 'raiser');
    for (const [, p] of staff) who.set(String(p), 'staff');
    seen = 0;
    expect(await told(id)).toEqual(
      [['council.raised', 'raiser'], ['council.raised', 'secretary'], ...staff.map(() => ['council.raised', 'staff'])].sort(
        (a, b) => String(a).localeCompare(String(b)),
      ),
    );
    const inbox = (await h().as(r, { url: '/api/v1/notifications' })).json().items;
    expect(inbox[0]).toMatchObject({
      kind: 'council.raised',
      title: '您反映的问题已提交：电梯异响',
      link: `/council/issues/${id}`,
    });

    await post(n, `/api/v1/council/issues/${id}/support`);
    expect(await told(id)).toEqual([['council.supported', 'raiser']]);

    const m = await post(sec, '/api/v1/council/meetings', {
      compoundId: 'longshengaz',
      kind: 'ad_hoc',
      title: '临时议事会',
      scheduledAt: '2026-12-01T08:00:00+08:00',
    });
    const mid = m.json().id;
    const item = await post(sec, `/api/v1/council/meetings/${mid}/agenda`, { issueId: id });
    expect(await told(id)).toEqual([
      ['council.on_agenda', 'raiser'],
      ['council.on_agenda', 'supporter'],
    ]);
    await post(sec, `/api/v1/council/meetings/${mid}/open`);
    const members = (await h().as(sec, { url: `/api/v1/council/meetings/${mid}` })).json().members as Array<{ id: string }>;
    for (const mem of members.slice(0, 4))
      await h().as(sec, {
        method: 'PUT',
        url: `/api/v1/council/meetings/${mid}/attendance`,
        payload: { memberId: mem.id, present: true },
      });
    await post(sec, `/api/v1/council/agenda/${item.json().id}/discussed`);
    expect(await told(id)).toEqual([
      ['council.discussed', 'raiser'],
      ['council.discussed', 'supporter'],
    ]);
    const chair = members[0]?.id ?? '';
    const chairPerson = await h()
      .ctx.db.selectFrom('council_members')
      .select('person_id')
      .where('id', '=', chair)
      .executeTakeFirstOrThrow();
    if (!who.has(chairPerson.person_id)) who.set(chairPerson.person_id, 'responsible');
    const chairIs = who.get(chairPerson.person_id);
    const dec = await post(sec, `/api/v1/council/meetings/${mid}/decisions`, {
      agendaItemId: item.json().id,
      text: '请物业一周内检修电梯',
      votesFor: 2,
      votesAgainst: 0,
      votesAbstain: 1,
      responsibleMemberId: chair,
      deadline: '2026-12-10',
    });
    const withChair = (kind: string) =>
      [[kind, 'raiser'], [kind, 'supporter'], ...(chairIs === 'secretary' ? [] : [[kind, chairIs]])].sort((a, b) =>
        String(a).localeCompare(String(b)),
      );
    expect(await told(id)).toEqual(withChair('council.decided'));
    const act = await post(sec, `/api/v1/council/decisions/${dec.json().id}/actions`, {
      title: '联系电梯维保单位',
      ownerLabel: '物业',
      dueOn: '2026-12-05',
    });
    expect(await told(id)).toEqual(withChair('council.action_added'));
    await post(sec, `/api/v1/council/issues/${id}/start`);
    expect(await told(id)).toEqual([
      ['council.in_progress', 'raiser'],
      ['council.in_progress', 'supporter'],
    ]);
    await post(sec, `/api/v1/council/actions/${act.json().id}/done`, { note: '已检修' });
    expect(await told(id)).toEqual(withChair('council.action_done'));
    await post(sec, `/api/v1/council/issues/${id}/resolve`);
    expect(await told(id)).toEqual([
      ['council.resolved', 'raiser'],
      ['council.resolved', 'supporter'],
    ]);
    const resolved = (await h().as(r, { url: '/api/v1/notifications' })).json().items[0];
    expect(resolved).toMatchObject({ kind: 'council.resolved', title: '您关注的问题已办结：电梯异响' });
    await post(r, `/api/v1/council/issues/${id}/reopen`, { reason: '又响了' });
    expect(await told(id)).toEqual(
      [
        ['council.reopened', 'secretary'],
        ['council.reopened', 'supporter'],
        ...staff.map(() => ['council.reopened', 'staff']),
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
  });
});
