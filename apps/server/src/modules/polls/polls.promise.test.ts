import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from '../budgets/budgets.fixture';

const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

/**
 * The promises of polls.service.ts under racing requests: "the audience answers once each" (a
 * burst of one person's answers: one 204, every other ALREADY_VOTED, one row each) and "the first
 * read after closing freezes the count and puts it in the public log, once" (a burst of first
 * reads: the same count for all, one log entry).
 */
describeEachDialect('polls: promises under a race', (h) => {
  const s: Record<string, Session> = {};
  let id = '';
  const answerOf = (r: { statusCode: number; json(): { error?: { code: string } } }) => [
    r.statusCode,
    r.statusCode < 300 ? null : r.json().error?.code,
  ];

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx, 'pq');
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff = await h().login(STAFF);
    const res = await h().as(s.staff as Session, {
      method: 'POST',
      url: '/api/v1/polls',
      payload: {
        compoundId: 'pq',
        kind: 'yes_no',
        title: '周日上午清洗水箱，可以吗？',
        audience: 'compound',
        anonymous: false,
        results: 'live',
        closesAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('takes one answer of a person who sends five at once: one 204, four ALREADY_VOTED, one voter row and one answer row', async () => {
    const burst = await Promise.all(
      ['yes', 'no', 'yes', 'no', 'yes'].map((c) =>
        h().as(s.A as Session, { method: 'POST', url: `/api/v1/polls/${id}/answers`, payload: { choices: [c] } }),
      ),
    );
    const won = burst.findIndex((r) => r.statusCode === 204);
    expect(burst.map(answerOf)).toEqual(burst.map((_, i) => (i === won ? [204, null] : [409, 'ALREADY_VOTED'])));
    const voters = await h().ctx.db.selectFrom('poll_voters').select('person_id').where('poll_id', '=', id).execute();
    expect(voters).toEqual([{ person_id: (s.A as Session).personId }]);
    const answers = await h().ctx.db.selectFrom('poll_answers').select('answer').where('poll_id', '=', id).execute();
    expect(answers).toEqual([{ answer: JSON.stringify([won % 2 === 0 ? 'yes' : 'no']) }]);
  });

  it('freezes the count once when many read a just-closed poll at once: the same count for all, one log entry', async () => {
    expect(
      (await h().as(s.B as Session, { method: 'POST', url: `/api/v1/polls/${id}/answers`, payload: { choices: ['no'] } }))
        .statusCode,
    ).toBe(204);
    await h()
      .ctx.db.updateTable('polls')
      .set({ closes_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    const reads = await Promise.all(
      Array.from({ length: 6 }, () => h().as(s.staff as Session, { method: 'GET', url: `/api/v1/polls/${id}` })),
    );
    expect(reads.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const first = reads[0]?.json();
    expect(reads.map((r) => r.json())).toEqual(reads.map(() => first));
    const log = await h()
      .ctx.db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'poll.closed')
      .where('target_id', '=', id)
      .execute();
    expect(log).toHaveLength(1);
    const stored = await h().ctx.db.selectFrom('polls').select('result').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(log[0]?.details ?? '{}')).toEqual(JSON.parse(stored.result ?? '{}'));
  });
});
