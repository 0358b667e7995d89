import { expect, it } from 'vitest';
import { SECRET } from '../../lib/uploads.fixtures';
import { describeEachDialect, type Session } from '../../test/harness';
import { COMMITTEE, NEIGHBOUR, OTHER_VOLUNTEER, OUTSIDER, RESIDENT, raise, SECRETARY, uploadPhoto } from './council.fixtures';

describeEachDialect('council issues', (h) => {
  it('seeds the vegetable-plot case resolved, with each step on the public timeline', async () => {
    const s = await h().login(SECRETARY);
    const list = await h().as(s, { method: 'GET', url: '/api/v1/council/issues?compoundId=longshengaz&status=resolved' });
    const plot = list.json().issues.find((i: { title: string }) => i.title === '绿化带被开垦种菜');
    expect(plot).toBeTruthy();
    const pub = await h().as(null, { method: 'GET', url: `/api/v1/public/council/issues/${plot.id}` });
    expect(pub.statusCode).toBe(200);
    const kinds = pub.json().timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual([
      'raised',
      'on_agenda',
      'discussed',
      'decided',
      'in_progress',
      'action_done',
      'action_done',
      'action_done',
      'resolved',
    ]);
    // Dated as the case happened: raised in early September, decided at the September council,
    // resolved in October — in order.
    const ats = pub.json().timeline.map((e: { at: string }) => e.at) as string[];
    expect([...ats].sort()).toEqual(ats);
    expect(ats[0]?.slice(0, 10)).toBe('2026-09-02');
    expect(ats[3]?.slice(0, 10)).toBe('2026-09-15');
    expect(ats.at(-1)?.slice(0, 7)).toBe('2026-10');
    const d = pub.json().decisions[0];
    expect(d.votesFor + d.votesAgainst + d.votesAbstain).toBeGreaterThan(0);
    expect(JSON.stringify(pub.json())).not.toMatch(/张秀英|1990000/);
  });

  it('keeps HTML in a title as text and answers 400 for unknown fields and wrong types', async () => {
    const s = await h().login(RESIDENT);
    const id = await raise(h(), s, { title: '<script>alert(1)</script>' });
    const got = await h().as(s, { method: 'GET', url: `/api/v1/council/issues/${id}` });
    expect(got.json().title).toBe('<script>alert(1)</script>');
    const bad = await h().as(s, {
      method: 'POST',
      url: '/api/v1/council/issues',
      payload: { compoundId: 'longshengaz', title: 'x', description: 'y', category: 'greenery', admin: true },
    });
    expect(bad.statusCode).toBe(400);
    const badType = await h().as(s, {
      method: 'POST',
      url: '/api/v1/council/issues',
      payload: { compoundId: 'longshengaz', title: 5, description: 'y', category: 'nope' },
    });
    expect(badType.statusCode).toBe(400);
  });

  it("serves an issue's photos under the issue's own visibility, to members and, while it is shown and consented, to the public", async () => {
    const r = await h().login(RESIDENT);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { photoIds: [photoId], photoConsent: true });
    const memberUrl = `/api/v1/council/issues/${id}/photos/${photoId}`;
    const publicUrl = `/api/v1/public/council/issues/${id}/photos/${photoId}`;
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const vol = await h().login(OTHER_VOLUNTEER);
    const get = async (s: Session | null, url: string) => (await h().as(s, { method: 'GET', url })).statusCode;

    const mine = await h().as(r, { method: 'GET', url: memberUrl });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.rawPayload.includes(Buffer.from(SECRET))).toBe(false);
    expect(await get(n, memberUrl)).toBe(200);
    expect(await get(vol, memberUrl)).toBe(404); // another compound's volunteer
    const pub = await h().as(null, { method: 'GET', url: `/api/v1/public/council/issues/${id}` });
    expect(pub.json().photos).toEqual([photoId]);
    const anon = await h().as(null, { method: 'GET', url: publicUrl });
    expect(anon.statusCode).toBe(200);
    expect(anon.headers['cache-control']).toBe('private, max-age=300');
    // a photo only answers under the issue it belongs to
    const other = await raise(h(), n);
    expect(await get(n, `/api/v1/council/issues/${other}/photos/${photoId}`)).toBe(404);
    expect(await get(null, `/api/v1/public/council/issues/${other}/photos/${photoId}`)).toBe(404);
    expect(await get(n, `/api/v1/council/issues/${id}/photos/img_nosuchphoto00000`)).toBe(404);
    expect(await get(n, `/api/v1/council/issues/${id}/photos/..%2F..%2Fetc`)).toBe(400);

    // hidden: only its raiser and staff still see the photos; the public page and its photos are gone
    const hide = await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/hide`, payload: { reason: '涉及隐私' } });
    expect(hide.statusCode).toBe(200);
    expect(await get(r, memberUrl)).toBe(200);
    expect(await get(sec, memberUrl)).toBe(200);
    expect(await get(n, memberUrl)).toBe(404);
    expect(await get(vol, memberUrl)).toBe(404);
    expect(await get(null, publicUrl)).toBe(404);
    expect(await get(vol, publicUrl)).toBe(404);
    // shown again: back for everyone who may see the issue
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/unhide` });
    expect(await get(n, memberUrl)).toBe(200);
    expect(await get(null, publicUrl)).toBe(200);
  });

  it('answers 404 for another compound, both for raising and reading', async () => {
    const r = await h().login(RESIDENT);
    const id = await raise(h(), r);
    const o = await h().login(OUTSIDER);
    expect((await h().as(o, { method: 'GET', url: `/api/v1/council/issues/${id}` })).statusCode).toBe(404);
    const res = await h().as(r, {
      method: 'POST',
      url: '/api/v1/council/issues',
      payload: { compoundId: 'wuxingaz', title: 'a', description: 'b', category: 'other' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('counts a support once per person, even when sent many times at once', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const id = await raise(h(), r);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => h().as(n, { method: 'POST', url: `/api/v1/council/issues/${id}/support` })),
    );
    expect(results.filter((x) => x.statusCode === 200)).toHaveLength(1);
    expect(results.filter((x) => x.statusCode === 409).every((x) => x.json().error.code === 'ALREADY_SUPPORTED')).toBe(true);
    const got = await h().as(n, { method: 'GET', url: `/api/v1/council/issues/${id}` });
    expect(got.json().supportCount).toBe(1);
    expect(got.json().me.supported).toBe(true);
  });

  it('refuses out-of-order steps with 409 INVALID_TRANSITION and lets only staff answer', async () => {
    const r = await h().login(RESIDENT);
    const sec = await h().login(SECRETARY);
    const id = await raise(h(), r);
    const resolve = await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/resolve`, payload: {} });
    expect(resolve.statusCode).toBe(409);
    expect(resolve.json().error.code).toBe('INVALID_TRANSITION');
    expect(
      (await h().as(r, { method: 'POST', url: `/api/v1/council/issues/${id}/answer`, payload: { answer: 'x' } })).statusCode,
    ).toBe(403);
    const answers = await Promise.all(
      [1, 2].map(() =>
        h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/answer`, payload: { answer: '已报修' } }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    // the raiser reopens within 30 days, with a reason
    const reopen = await h().as(r, {
      method: 'POST',
      url: `/api/v1/council/issues/${id}/reopen`,
      payload: { reason: '还是不亮' },
    });
    expect(reopen.statusCode).toBe(200);
    const n = await h().login(NEIGHBOUR);
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/answer`, payload: { answer: '已换灯' } });
    expect(
      (await h().as(n, { method: 'POST', url: `/api/v1/council/issues/${id}/reopen`, payload: { reason: 'x' } })).statusCode,
    ).toBe(403);
  });

  it('lets the secretary raise an issue for a resident by phone: it is hers, the timeline says so, the audit names both', async () => {
    const sec = await h().login(SECRETARY);
    const start = await h().as(sec, {
      method: 'POST',
      url: '/api/v1/auth/acting-for',
      payload: { personId: 'p-19900000041', channel: 'phone_call' },
    });
    expect(start.statusCode, start.body).toBe(200);
    const id = await raise(h(), sec, { title: '代居民反映：楼道灯坏' });
    await h().as(sec, { method: 'DELETE', url: '/api/v1/auth/acting-for' });
    const r = await h().login(RESIDENT);
    const mine = (await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` })).json();
    expect(mine.me.raisedByMe).toBe(true);
    expect(mine.timeline[0].actorRole).toBe('branch_secretary_for_resident');
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['on_behalf_of', 'channel'])
      .where('action', '=', 'council.issue.raised')
      .where('target_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ on_behalf_of: 'p-19900000041', channel: 'phone_call' });
  });

  it('refuses reopening more than 30 days after closing', async () => {
    const r = await h().login(RESIDENT);
    const sec = await h().login(SECRETARY);
    const id = await raise(h(), r);
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/answer`, payload: { answer: '已处理' } });
    await h()
      .ctx.db.updateTable('council_issues')
      .set({ closed_at: new Date(Date.now() - 31 * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const res = await h().as(r, { method: 'POST', url: `/api/v1/council/issues/${id}/reopen`, payload: { reason: '又坏了' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REOPEN_WINDOW_PASSED');
  });

  it('hides an issue with a reason the raiser still sees, and merges a duplicate with its supports', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const a = await raise(h(), r, { title: '原问题' });
    const b = await raise(h(), n, { title: '重复问题' });
    await h().as(r, { method: 'POST', url: `/api/v1/council/issues/${b}/support` });
    const hide = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/issues/${b}/hide`,
      payload: { reason: '含有他人隐私' },
    });
    expect(hide.statusCode).toBe(200);
    const asAuthor = await h().as(n, { method: 'GET', url: `/api/v1/council/issues/${b}` });
    expect(asAuthor.json().hiddenReason).toBe('含有他人隐私');
    expect((await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${b}` })).statusCode).toBe(404);
    expect((await h().as(null, { method: 'GET', url: `/api/v1/public/council/issues/${b}` })).statusCode).toBe(404);
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${b}/unhide` });
    const merge = await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${b}/merge`, payload: { intoIssueId: a } });
    expect(merge.statusCode).toBe(200);
    const into = await h().as(sec, { method: 'GET', url: `/api/v1/council/issues/${a}` });
    expect(into.json().supportCount).toBe(1);
    expect(into.json().timeline.map((e: { kind: string }) => e.kind)).toContain('merged_in');
  });

  it('lets staff hide a comment; the author sees why, others do not see it', async () => {
    const r = await h().login(RESIDENT);
    const n = await h().login(NEIGHBOUR);
    const sec = await h().login(SECRETARY);
    const id = await raise(h(), r);
    const c = await h().as(n, {
      method: 'POST',
      url: `/api/v1/council/issues/${id}/comments`,
      payload: { body: '<img src=x onerror=alert(1)>' },
    });
    expect(c.statusCode).toBe(201);
    await h().as(sec, { method: 'POST', url: `/api/v1/council/comments/${c.json().id}/hide`, payload: { reason: '与议题无关' } });
    const mine = await h().as(n, { method: 'GET', url: `/api/v1/council/issues/${id}` });
    expect(mine.json().comments[0]).toMatchObject({
      hidden: true,
      hiddenReason: '与议题无关',
      body: '<img src=x onerror=alert(1)>',
    });
    const theirs = await h().as(r, { method: 'GET', url: `/api/v1/council/issues/${id}` });
    expect(theirs.json().comments).toHaveLength(0);
  });
});

describeEachDialect('council meetings', (h) => {
  it('walks an issue through a meeting: agenda, attendance, discussed, decided, actions, resolved', async () => {
    const r = await h().login(RESIDENT);
    const sec = await h().login(SECRETARY);
    const photoId = await uploadPhoto(h(), r);
    const id = await raise(h(), r, { title: '楼道堆放杂物', category: 'safety', photoIds: [photoId] });
    const m = await h().as(sec, {
      method: 'POST',
      url: '/api/v1/council/meetings',
      payload: { compoundId: 'longshengaz', kind: 'ad_hoc', title: '临时议事会', scheduledAt: '2026-12-01T08:00:00+08:00' },
    });
    expect(m.statusCode).toBe(201);
    const mid = m.json().id;
    const item = await h().as(sec, { method: 'POST', url: `/api/v1/council/meetings/${mid}/agenda`, payload: { issueId: id } });
    expect(item.statusCode).toBe(201);
    const again = await h().as(sec, { method: 'POST', url: `/api/v1/council/meetings/${mid}/agenda`, payload: { issueId: id } });
    expect(again.statusCode).toBe(409);
    // deciding before the meeting opens is out of order
    const detail0 = (await h().as(sec, { method: 'GET', url: `/api/v1/council/meetings/${mid}` })).json();
    const chair = detail0.members[0].id;
    const early = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/meetings/${mid}/decisions`,
      payload: {
        agendaItemId: item.json().id,
        text: '清理',
        votesFor: 1,
        votesAgainst: 0,
        votesAbstain: 0,
        responsibleMemberId: chair,
        deadline: '2026-12-10',
      },
    });
    expect(early.statusCode).toBe(409);
    expect((await h().as(sec, { method: 'POST', url: `/api/v1/council/meetings/${mid}/open` })).statusCode).toBe(200);
    for (const mem of detail0.members.slice(0, 4)) {
      await h().as(sec, {
        method: 'PUT',
        url: `/api/v1/council/meetings/${mid}/attendance`,
        payload: { memberId: mem.id, present: true },
      });
    }
    const skip = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/meetings/${mid}/decisions`,
      payload: {
        agendaItemId: item.json().id,
        text: '清理',
        votesFor: 2,
        votesAgainst: 0,
        votesAbstain: 1,
        responsibleMemberId: chair,
        deadline: '2026-12-10',
      },
    });
    expect(skip.json().error.code).toBe('INVALID_TRANSITION'); // not discussed yet
    await h().as(sec, { method: 'POST', url: `/api/v1/council/agenda/${item.json().id}/discussed`, payload: {} });
    const tooMany = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/meetings/${mid}/decisions`,
      payload: {
        agendaItemId: item.json().id,
        text: '清理',
        votesFor: 5,
        votesAgainst: 0,
        votesAbstain: 0,
        responsibleMemberId: chair,
        deadline: '2026-12-10',
      },
    });
    expect(tooMany.statusCode).toBe(400);
    const dec = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/meetings/${mid}/decisions`,
      payload: {
        agendaItemId: item.json().id,
        text: '限期清理楼道杂物',
        votesFor: 2,
        votesAgainst: 0,
        votesAbstain: 1,
        responsibleMemberId: chair,
        deadline: '2026-12-10',
      },
    });
    expect(dec.statusCode).toBe(201);
    const did = dec.json().id;
    const act = await h().as(sec, {
      method: 'POST',
      url: `/api/v1/council/decisions/${did}/actions`,
      payload: { title: '逐户通知', ownerLabel: '楼栋长', dueOn: '2026-12-05' },
    });
    await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/start`, payload: {} });
    const early2 = await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/resolve`, payload: {} });
    expect(early2.json().error.code).toBe('ACTIONS_OPEN');
    await h().as(sec, { method: 'POST', url: `/api/v1/council/actions/${act.json().id}/done`, payload: { note: '已通知' } });
    expect(
      (await h().as(sec, { method: 'POST', url: `/api/v1/council/actions/${act.json().id}/done`, payload: {} })).statusCode,
    ).toBe(409);
    expect((await h().as(sec, { method: 'POST', url: `/api/v1/council/issues/${id}/resolve`, payload: {} })).statusCode).toBe(
      200,
    );
    const pub = (await h().as(null, { method: 'GET', url: `/api/v1/public/council/decisions/${did}` })).json();
    expect(pub).toMatchObject({
      votesFor: 2,
      votesAbstain: 1,
      adopted: true,
      noticeState: 'in_notice',
      issueTitle: '楼道堆放杂物',
      issuePhotos: [], // raised without consent to show the photos publicly
    });
    const consent = { method: 'POST', url: `/api/v1/council/issues/${id}/photo-consent`, payload: { given: true } } as const;
    expect((await h().as(r, consent)).statusCode).toBe(200);
    const pubAfter = (await h().as(null, { method: 'GET', url: `/api/v1/public/council/decisions/${did}` })).json();
    expect(pubAfter.issuePhotos).toEqual([photoId]);
    const tl = (await h().as(null, { method: 'GET', url: `/api/v1/public/council/issues/${id}` })).json().timeline;
    expect(tl.map((e: { kind: string }) => e.kind)).toEqual([
      'raised',
      'on_agenda',
      'discussed',
      'decided',
      'in_progress',
      'action_done',
      'resolved',
    ]);
    expect(tl.every((e: { actorRole: string }) => ['resident', 'branch_secretary'].includes(e.actorRole))).toBe(true);
  });

  it('keeps residents and committee members of other compounds away from meetings', async () => {
    const r = await h().login(RESIDENT);
    const res = await h().as(r, {
      method: 'POST',
      url: '/api/v1/council/meetings',
      payload: { compoundId: 'longshengaz', kind: 'monthly', title: 'x', scheduledAt: '2026-12-01T08:00:00Z' },
    });
    expect(res.statusCode).toBe(403);
    const o = await h().login(OUTSIDER);
    const res2 = await h().as(o, { method: 'GET', url: '/api/v1/council/compounds/longshengaz/meetings' });
    expect(res2.statusCode).toBe(404);
    const c = await h().login(COMMITTEE);
    expect((await h().as(c, { method: 'GET', url: '/api/v1/council/compounds/longshengaz/meetings' })).statusCode).toBe(200);
  });

  it('publishes the meetings as an iCalendar feed with escaped text', async () => {
    const sec = await h().login(SECRETARY);
    await h().as(sec, {
      method: 'POST',
      url: '/api/v1/council/meetings',
      payload: {
        compoundId: 'longshengaz',
        kind: 'monthly',
        title: '12月议事会, 年终; 总结',
        scheduledAt: '2026-12-20T19:00:00+08:00',
        place: '党群服务站',
      },
    });
    const res = await h().as(null, { method: 'GET', url: '/api/v1/public/council/compounds/longshengaz/meetings.ics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/calendar/);
    expect(res.body).toContain('SUMMARY:12月议事会\\, 年终\\; 总结');
    expect(res.body).toContain('DTSTART:20261220T110000Z');
    expect(res.body).toContain('SUMMARY:9月党群议事会');
    expect((await h().as(null, { method: 'GET', url: '/api/v1/public/council/compounds/nowhere/meetings.ics' })).statusCode).toBe(
      404,
    );
  });

  it('adds a resident of the compound to the council once, removes and re-adds them', async () => {
    const sec = await h().login(SECRETARY);
    const people = (await h().as(sec, { method: 'GET', url: '/api/v1/council/compounds/longshengaz/people?q=刘德明' })).json()
      .people;
    expect(people[0]).toEqual({ id: 'p-19900000042', name: '刘德明', door: '', phone: '199****0042' });
    const add = () =>
      h().as(sec, {
        method: 'POST',
        url: '/api/v1/council/members',
        payload: { compoundId: 'longshengaz', personId: 'p-19900000042', kind: 'resident_rep' },
      });
    expect((await add()).statusCode).toBe(201);
    expect((await add()).json().error.code).toBe('DUPLICATE');
    const outsider = await h().as(sec, {
      method: 'POST',
      url: '/api/v1/council/members',
      payload: { compoundId: 'longshengaz', personId: 'p-19900000001', kind: 'resident_rep' },
    });
    expect(outsider.statusCode).toBe(400);
    const members = (await h().as(sec, { method: 'GET', url: '/api/v1/council/compounds/longshengaz/members' })).json().members;
    const m = members.find((x: { personId: string }) => x.personId === 'p-19900000042');
    expect((await h().as(sec, { method: 'DELETE', url: `/api/v1/council/members/${m.id}` })).statusCode).toBe(200);
    expect((await add()).statusCode).toBe(201);
  });

  it('lists the compound decisions on the public notice board', async () => {
    const res = await h().as(null, { method: 'GET', url: '/api/v1/public/council/compounds/longshengaz/decisions' });
    expect(res.statusCode).toBe(200);
    const d = res.json().decisions.find((x: { issueTitle: string | null }) => x.issueTitle === '绿化带被开垦种菜');
    expect(d).toMatchObject({ adopted: true });
    expect(['in_notice', 'ended', 'upcoming']).toContain(d.noticeState);
  });
});
