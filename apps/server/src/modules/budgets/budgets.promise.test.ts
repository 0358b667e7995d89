import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from './budgets.fixture';

const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

/**
 * The promises of budgets.service.ts under racing requests, every answer and every row exact:
 * "two proposals racing for one number: the loser is told to retry rather than renumbered",
 * "one approval ballot per household", and closing "all in one transaction" — once.
 */
describeEachDialect('budgets (自治金): promises under a race', (h) => {
  const s: Record<string, Session> = {};
  let budgetId = '';
  let householdChoice = '';
  const post = (who: string, url: string, payload?: unknown) =>
    h().as(s[who] as Session, { method: 'POST', url, payload: payload as object });
  const answer = (r: { statusCode: number; json(): { error?: { code: string } } }) => [
    r.statusCode,
    r.statusCode < 300 ? null : r.json().error?.code,
  ];

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx, 'bp');
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff = await h().login(STAFF);
    const made = await post('staff', '/api/v1/budgets', { nodeId: 'bp', year: 2031, title: '2031年自治金', potFen: 500_000 });
    expect(made.statusCode).toBe(201);
    budgetId = made.json().id;
  });

  it('numbers proposals sent at once without a gap or a double: each 201 is one row, each other answer 409 CONFLICT', async () => {
    const who = ['A', 'B', 'C', 'D', 'A2'];
    const answers = await Promise.all(
      who.map((w, i) => post(w, `/api/v1/budgets/${budgetId}/proposals`, { title: `提案${w}`, costFen: 100_000 + i })),
    );
    const rows = await h()
      .ctx.db.selectFrom('budget_proposals')
      .select(['id', 'seq', 'title'])
      .where('budget_id', '=', budgetId)
      .orderBy('seq')
      .execute();
    const accepted = answers.filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
    expect(answers.map(answer)).toEqual(answers.map((r) => (r.statusCode === 201 ? [201, null] : [409, 'CONFLICT'])));
    expect(rows.map((r) => r.id).sort()).toEqual([...accepted].sort());
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    // The losers retry (as they were told) and get the next numbers.
    for (const [i, w] of who.entries()) {
      if (answers[i]?.statusCode === 201) continue;
      expect(
        (await post(w, `/api/v1/budgets/${budgetId}/proposals`, { title: `提案${w}`, costFen: 100_000 + i })).statusCode,
      ).toBe(201);
    }
    const all = await h()
      .ctx.db.selectFrom('budget_proposals')
      .select(['seq', 'title'])
      .where('budget_id', '=', budgetId)
      .orderBy('seq')
      .execute();
    expect(all.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(all.map((r) => r.title).sort()).toEqual(who.map((w) => `提案${w}`).sort());
  });

  it('takes one ballot of a household whose two members vote at once: one 201, one 409 ALREADY_VOTED, one row', async () => {
    const proposals = await h()
      .ctx.db.selectFrom('budget_proposals')
      .select(['id', 'title'])
      .where('budget_id', '=', budgetId)
      .execute();
    for (const p of proposals)
      expect((await post('staff', `/api/v1/budgets/${budgetId}/proposals/${p.id}/review`, { feasible: true })).statusCode).toBe(
        204,
      );
    const closesAt = new Date(Date.now() + 3600_000).toISOString();
    expect((await post('staff', `/api/v1/budgets/${budgetId}/open-voting`, { closesAt })).statusCode).toBe(204);
    const byTitle = new Map(proposals.map((p) => [p.title, p.id]));
    const choice = (t: string) => ({ choices: [byTitle.get(t)] });
    const [a, a2] = await Promise.all([
      post('A', `/api/v1/budgets/${budgetId}/ballots`, choice('提案A')),
      post('A2', `/api/v1/budgets/${budgetId}/ballots`, choice('提案B')),
    ]);
    expect([answer(a), answer(a2)].sort()).toEqual([
      [201, null],
      [409, 'ALREADY_VOTED'],
    ]);
    const winner = a.statusCode === 201 ? '提案A' : '提案B';
    householdChoice = winner;
    const rows = await h()
      .ctx.db.selectFrom('budget_ballots')
      .select(['unit_id', 'choices'])
      .where('budget_id', '=', budgetId)
      .execute();
    expect(rows).toEqual([{ unit_id: 'bp-101', choices: JSON.stringify([byTitle.get(winner)]) }]);
    expect((await post('C', `/api/v1/budgets/${budgetId}/ballots`, choice('提案C'))).statusCode).toBe(201);
  });

  it('closes once when two staff close at once: one 200, one 409, one result, one project per winner', async () => {
    await h()
      .ctx.db.updateTable('budgets')
      .set({ voting_closes_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', budgetId)
      .execute();
    const [x, y] = await Promise.all([
      post('staff', `/api/v1/budgets/${budgetId}/close`),
      post('staff', `/api/v1/budgets/${budgetId}/close`),
    ]);
    expect([answer(x), answer(y)].sort()).toEqual([
      [200, null],
      [409, 'BUDGET_NOT_VOTING'],
    ]);
    const result = (x.statusCode === 200 ? x : y).json();
    const funded = result.rows.filter((r: { funded: boolean }) => r.funded);
    // Approved once each: the household's choice and C's; a proposal nobody approved is never funded.
    expect(
      result.rows.map((r: { title: string; approvals: number; funded: boolean }) => [r.title, r.approvals, r.funded]).sort(),
    ).toEqual(
      ['提案A', '提案A2', '提案B', '提案C', '提案D']
        .map((t) => [t, t === householdChoice || t === '提案C' ? 1 : 0, t === householdChoice || t === '提案C'])
        .sort(),
    );
    const projects = await h()
      .ctx.db.selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'project.created')
      .execute();
    const fromThis = [];
    for (const p of projects) {
      const row = await h()
        .ctx.db.selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'project.created')
        .where('target_id', '=', p.target_id)
        .executeTakeFirstOrThrow();
      if (JSON.parse(row.details ?? '{}').fromBudget === budgetId) fromThis.push(p.target_id);
    }
    expect(fromThis.sort()).toEqual(funded.map((r: { projectId: string }) => r.projectId).sort());
    const closed = await h()
      .ctx.db.selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'budget.closed')
      .where('target_id', '=', budgetId)
      .execute();
    expect(closed).toHaveLength(1);
  });
});
