import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from '../budgets/budgets.fixture';
import { createPersonAccount } from '../votes/votes.fixture';
import { paperCheck } from '../votes/votes.paper';

const STAFF1 = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

/**
 * The promise of docs/paper-keying.md and keying.service.ts: "two keyers racing for one slot: one
 * wins, the other gets 409 CONFLICT and keys again". Two staff members key each paper ballot of
 * the fixture at the same moment; whatever the interleaving, every 201 answer is exactly one row
 * (its slot, its keyer), and every other answer is exactly 409 CONFLICT, which writes nothing.
 */
describeEachDialect('keying: two keyers racing for one slot', (h) => {
  const s: Record<string, Session> = {};
  let budgetId = '';
  const code = (door: string) => `1-1-${door}.${paperCheck(budgetId, `bk-${door}`)}`;
  const key = (who: string, door: string) =>
    h().as(s[who] as Session, {
      method: 'POST',
      url: `/api/v1/budgets/${budgetId}/paper-keyings`,
      payload: { code: code(door), proposals: [1] },
    });

  beforeAll(async () => {
    await seedBudgetFixture(h().ctx, 'bk');
    await createPersonAccount(h().ctx, '18800000960', '第二位工作人员', 'committee_member', 'bk');
    s.staff1 = await h().login(STAFF1);
    s.staff2 = await h().login('18800000960');
    const res = await h().as(s.staff1 as Session, {
      method: 'POST',
      url: '/api/v1/budgets',
      payload: { nodeId: 'bk', year: 2032, title: '2032年自治金', potFen: 1_000_000 },
    });
    budgetId = res.json().id;
    const proposal = await h().as(s.staff1 as Session, {
      method: 'POST',
      url: `/api/v1/budgets/${budgetId}/proposals`,
      payload: { title: '楼道加装扶手', costFen: 300_000 },
    });
    const review = await h().as(s.staff1 as Session, {
      method: 'POST',
      url: `/api/v1/budgets/${budgetId}/proposals/${proposal.json().id}/review`,
      payload: { feasible: true },
    });
    expect(review.statusCode).toBe(204);
    const open = await h().as(s.staff1 as Session, {
      method: 'POST',
      url: `/api/v1/budgets/${budgetId}/open-voting`,
      payload: { closesAt: new Date(Date.now() + 3600_000).toISOString() },
    });
    expect(open.statusCode).toBe(204);
  });

  it('answers every keying of a race with its own row, or 409 CONFLICT and no row', async () => {
    const staffIds = {
      staff1: (s.staff1 as Session).accountId,
      staff2: (s.staff2 as Session).accountId,
    };
    for (const door of ['101', '102', '201', '202']) {
      const who = ['staff1', 'staff2'] as const;
      const answers = await Promise.all(who.map((w) => key(w, door)));
      const rows = await h()
        .ctx.db.selectFrom('paper_keyings')
        .select(['slot', 'account_id', 'value'])
        .where('kind', '=', 'budget')
        .where('scope_id', '=', budgetId)
        .where('item', '=', `bk-${door}`)
        .orderBy('slot')
        .execute();
      const expected = who
        .map((w, i) => ({ w, r: answers[i] }))
        .filter((x) => x.r?.statusCode === 201)
        .map((x) => ({ slot: x.r?.json().slot, account_id: staffIds[x.w], value: '1' }))
        .sort((a, b) => a.slot - b.slot);
      expect(rows.map((r) => ({ ...r, slot: Number(r.slot) }))).toEqual(expected);
      expect(expected.map((r) => r.slot)).toEqual(expected.map((_, i) => i + 1));
      for (const r of answers) if (r.statusCode !== 201) expect([r.statusCode, r.json().error.code]).toEqual([409, 'CONFLICT']);
    }
  });
});
