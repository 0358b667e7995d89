import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createAuditRepository } from '../audit/audit.repository';
import { seedVoteFixture } from './votes.fixture';
import { createVotesRepository } from './votes.repository';
import { createVotesService } from './votes.service';

const STAFF1 = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

/** The votes rows of the notification matrix: opened, 48 h before closing to those who have not voted, result. */
describeEachDialect('votes.notify', (h) => {
  const s: Record<string, Session> = {};
  let phones: Record<string, string> = {};
  const name = new Map<string, string>();

  beforeAll(async () => {
    phones = await seedVoteFixture(h().ctx);
    for (const [who, phone] of Object.entries(phones)) {
      s[who] = await h().login(phone);
      name.set(`p-${phone}`, who);
    }
    s.staff1 = await h().login(STAFF1);
  });

  /** A service whose clock stands at `at` (a later moment). */
  const serviceAt = (at: () => Date) => {
    const { db, dialect } = h().ctx;
    return createVotesService({
      db,
      votes: createVotesRepository(db, dialect),
      audit: createAuditRepository(db, dialect),
      notifications: h().ctx.notifications,
      clock: at,
    });
  };
  const told = async (voteId: string, kind: string) => {
    const rows = await h()
      .ctx.db.selectFrom('notifications')
      .select(['person_id', 'title', 'body'])
      .where('kind', '=', kind)
      .where('link', 'like', `/votes/${voteId}%`)
      .execute();
    return rows
      .map((r) => [name.get(r.person_id) ?? r.person_id, r.title, r.body])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  };

  it('tells every owner who may vote when it opens, reminds those who have not voted 48 h before it closes, once, and tells all the result', async () => {
    const opened = Date.now();
    const closesAt = new Date(opened + 72 * 3600_000);
    const res = await h().as(s.staff1 as Session, {
      method: 'POST',
      url: '/api/v1/votes',
      payload: {
        compoundId: 'vtest',
        kind: 'decision',
        matter: 4,
        title: '续聘物业公司',
        body: '是否续聘三年',
        closesAt: closesAt.toISOString(),
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const bj = new Date(closesAt.getTime() + 8 * 3600_000);
    const deadline = `${bj.getUTCMonth() + 1}月${bj.getUTCDate()}日 ${String(bj.getUTCHours()).padStart(2, '0')}:${String(bj.getUTCMinutes()).padStart(2, '0')}`;
    // D represents C+D; the developer votes for its own units.
    expect(await told(id, 'vote.opened')).toEqual(
      ['A', 'B', 'D', 'Dev', 'E'].map((w) => [w, '业主表决已开始：续聘物业公司', `请在 ${deadline} 前投票`]),
    );
    expect(
      (await h().as(s.A as Session, { method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choice: 'yes' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await h().as(s.B as Session, { method: 'POST', url: `/api/v1/votes/${id}/ballots`, payload: { choice: 'yes' } }))
        .statusCode,
    ).toBe(201);

    expect(await serviceAt(() => new Date(closesAt.getTime() - 48 * 3600_000 - 60_000)).remindDue()).toBe(0);
    const at48 = serviceAt(() => new Date(closesAt.getTime() - 47 * 3600_000));
    expect((await Promise.all([at48.remindDue(), at48.remindDue()])).sort()).toEqual([0, 1]);
    expect(await at48.remindDue()).toBe(0);
    expect(await told(id, 'vote.reminder')).toEqual(
      ['D', 'Dev', 'E'].map((w) => [w, '表决即将截止，您还未投票：续聘物业公司', `截止时间 ${deadline}`]),
    );

    expect(await serviceAt(() => new Date(closesAt.getTime() + 1000)).closeDue()).toBe(1);
    expect(await told(id, 'vote.result')).toEqual(
      ['A', 'B', 'D', 'Dev', 'E'].map((w) => [w, '表决结果已公布：续聘物业公司', '参与未达法定人数']),
    );
  });
});
