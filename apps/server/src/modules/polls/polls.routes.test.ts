import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from '../budgets/budgets.fixture';

const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)
const OUTSIDER = '19900000004'; // committee member of 龙升社区安置小区

describeEachDialect('polls', (h) => {
  const s: Record<string, Session> = {};
  const post = (who: Session, url: string, payload?: object) => h().as(who, { method: 'POST', url, payload });
  const get = (who: Session, url: string) => h().as(who, { method: 'GET', url });
  const code = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;
  const inSeconds = (sec: number) => new Date(Date.now() + sec * 1000).toISOString();
  const rows = async (table: 'poll_answers' | 'poll_voters') =>
    Number(
      (
        await h()
          .ctx.db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const closeNow = (id: string) =>
    h()
      .ctx.db.updateTable('polls')
      .set({ closes_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
  const ask = async (body: object) => {
    const res = await post(s.staff as Session, '/api/v1/polls', {
      compoundId: 'pl',
      anonymous: false,
      results: 'live',
      closesAt: inSeconds(3600),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx, 'pl');
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff = await h().login(STAFF);
    s.outsider = await h().login(OUTSIDER);
  });

  describe('asking', () => {
    it('refuses bad polls with the field named, and residents asking', async () => {
      const base = {
        compoundId: 'pl',
        kind: 'single',
        title: 't',
        options: ['a', 'b'],
        audience: 'compound',
        anonymous: true,
        results: 'live',
        closesAt: inSeconds(60),
      };
      for (const [bad, path] of [
        [{ ...base, options: ['a'] }, 'options'],
        [{ ...base, kind: 'yes_no' }, 'options'],
        [{ ...base, options: ['a', 'a'] }, 'options'],
        [{ ...base, audience: 'building' }, 'audienceId'],
        [{ ...base, audience: 'building', audienceId: 'wuxingaz' }, 'audienceId'],
        [{ ...base, closesAt: inSeconds(-60) }, 'closesAt'],
      ] as const) {
        const res = await post(s.staff as Session, '/api/v1/polls', bad);
        expect([res.statusCode, code(res), res.json().error.details.fields[0].path], JSON.stringify(bad)).toEqual([
          400,
          'VALIDATION_FAILED',
          path,
        ]);
      }
      expect((await post(s.A as Session, '/api/v1/polls', base)).statusCode).toBe(403);
      expect((await post(s.outsider as Session, '/api/v1/polls', base)).statusCode).toBe(404);
    });
  });

  describe('a named yes/no poll of the compound, live results', () => {
    let id = '';
    it('takes one answer per person, refuses a second and a bad one, writing nothing', async () => {
      id = await ask({ kind: 'yes_no', title: '周六上午停水检修，可以吗？', audience: 'compound' });
      expect((await post(s.A as Session, `/api/v1/polls/${id}/answers`, { choices: ['yes'] })).statusCode).toBe(204);
      const again = await post(s.A as Session, `/api/v1/polls/${id}/answers`, { choices: ['no'] });
      expect([again.statusCode, code(again)]).toEqual([409, 'ALREADY_VOTED']);
      const bad = await post(s.B as Session, `/api/v1/polls/${id}/answers`, { choices: ['maybe'] });
      expect([bad.statusCode, bad.json().error.details.fields[0].reason]).toEqual([400, 'unknown_option']);
      const two = await post(s.B as Session, `/api/v1/polls/${id}/answers`, { choices: ['yes', 'no'] });
      expect([two.statusCode, two.json().error.details.fields[0].reason]).toEqual([400, 'wrong_count']);
      expect((await post(s.B as Session, `/api/v1/polls/${id}/answers`, { choices: ['no'] })).statusCode).toBe(204);
      expect([await rows('poll_voters'), await rows('poll_answers')]).toEqual([2, 2]);
      expect((await get(s.outsider as Session, `/api/v1/polls/${id}`)).statusCode).toBe(404);
    });

    it('lets staff answer for an elder, recording the channel, and shows staff who answered what', async () => {
      const c = await h().ctx.db.selectFrom('people').select('id').where('phone', '=', '18700000103').executeTakeFirstOrThrow(); // 居民C
      const start = await post(s.staff as Session, '/api/v1/auth/acting-for', { personId: c.id, channel: 'phone_call' });
      expect(start.statusCode).toBe(200);
      expect((await post(s.staff as Session, `/api/v1/polls/${id}/answers`, { choices: ['yes'] })).statusCode).toBe(204);
      await h().as(s.staff as Session, { method: 'DELETE', url: '/api/v1/auth/acting-for' });
      const d = (await get(s.staff as Session, `/api/v1/polls/${id}`)).json();
      expect(d.count).toEqual({
        answers: 3,
        options: [
          { key: 'yes', votes: 2 },
          { key: 'no', votes: 1 },
        ],
        order: ['yes', 'no'],
      });
      expect(d.named).toEqual([
        { name: '居民A', choices: ['yes'], channel: 'online' },
        { name: '居民B', choices: ['no'], channel: 'online' },
        { name: '居民C', choices: ['yes'], channel: 'phone_call' },
      ]);
      const seen = (await get(s.D as Session, `/api/v1/polls/${id}`)).json();
      expect([seen.count.answers, seen.named, seen.me]).toEqual([3, null, { staff: false, eligible: true, answered: false }]);
    });

    it('refuses an answer after closing, then freezes the count in the public log once', async () => {
      await closeNow(id);
      const late = await post(s.D as Session, `/api/v1/polls/${id}/answers`, { choices: ['yes'] });
      expect([late.statusCode, code(late)]).toEqual([409, 'POLL_CLOSED']);
      expect(await rows('poll_voters')).toBe(3);
      await get(s.D as Session, `/api/v1/polls/${id}`);
      await get(s.A as Session, `/api/v1/polls/${id}`);
      const log = await h()
        .ctx.db.selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'poll.closed')
        .where('target_id', '=', id)
        .execute();
      expect(log.map((l) => JSON.parse(l.details ?? '{}'))).toEqual([
        {
          kind: 'yes_no',
          answers: 3,
          options: [
            { key: 'yes', votes: 2 },
            { key: 'no', votes: 1 },
          ],
          order: ['yes', 'no'],
        },
      ]);
    });
  });

  describe('an anonymous ranked poll of one building, results at close', () => {
    it('keeps who apart from what, hides the count until closing, and ranks by Borda points', async () => {
      const id = await ask({
        kind: 'ranked',
        title: '楼道先修哪一样？',
        options: ['灯', '扶手', '信报箱'],
        audience: 'building',
        audienceId: 'pl-b1',
        anonymous: true,
        results: 'at_close',
      });
      for (const [who, choices] of [
        ['A', ['o2', 'o1', 'o3']],
        ['B', ['o1', 'o2']],
        ['C', ['o2', 'o3', 'o1']],
      ] as const)
        expect((await post(s[who] as Session, `/api/v1/polls/${id}/answers`, { choices })).statusCode).toBe(204);
      expect((await get(s.A as Session, `/api/v1/polls/${id}`)).json().count).toBe(null);
      expect((await get(s.staff as Session, `/api/v1/polls/${id}`)).json().named).toBe(null);
      const stored = await h().ctx.db.selectFrom('poll_answers').select('person_id').where('poll_id', '=', id).execute();
      expect(stored.map((r) => r.person_id)).toEqual([null, null, null]);
      await closeNow(id);
      expect((await get(s.A as Session, `/api/v1/polls/${id}`)).json().count).toEqual({
        answers: 3,
        options: [
          { key: 'o1', votes: 1, points: 3 },
          { key: 'o2', votes: 2, points: 5 },
          { key: 'o3', votes: 0, points: 1 },
        ],
        order: ['o2', 'o1', 'o3'],
      });
    });

    it('refuses someone outside the audience', async () => {
      const id = await ask({ kind: 'single', title: '志愿者周末排班', options: ['周六', '周日'], audience: 'volunteers' });
      const res = await post(s.A as Session, `/api/v1/polls/${id}/answers`, { choices: ['o1'] });
      expect([res.statusCode, code(res)]).toEqual([403, 'NOT_IN_AUDIENCE']);
      expect((await get(s.A as Session, '/api/v1/polls')).json().map((p: { title: string }) => p.title)).toEqual([
        '楼道先修哪一样？',
        '周六上午停水检修，可以吗？',
      ]);
    });
  });
});
