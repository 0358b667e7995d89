import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { seedBudgetFixture } from './budgets.fixture';

const STAFF = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)
const OUTSIDER = '19900000004'; // committee member of 龙升社区安置小区

describeEachDialect('budgets (自治金)', (h) => {
  const s: Record<string, Session> = {};
  let budgetId = '';
  const p: Record<string, string> = {};

  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });
  const get = (who: Session | null, url: string) => h().as(who, { method: 'GET', url });
  const code = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;
  const count = async (table: 'budget_proposals' | 'budget_ballots' | 'budgets' | 'projects') =>
    Number(
      (
        await h()
          .ctx.db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const inSeconds = (sec: number) => new Date(Date.now() + sec * 1000).toISOString();

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx);
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff = await h().login(STAFF);
    s.outsider = await h().login(OUTSIDER);
  });

  describe('setting up the pot', () => {
    it('lets staff set up one pot per node and year, and no one else', async () => {
      const res = await post(s.staff as Session, '/api/v1/budgets', {
        nodeId: 'bt',
        year: 2027,
        title: '2027年自治金',
        potFen: 1_000_000,
      });
      expect(res.statusCode).toBe(201);
      budgetId = res.json().id;
      const again = await post(s.staff as Session, '/api/v1/budgets', { nodeId: 'bt', year: 2027, title: '再来一次', potFen: 5 });
      expect([again.statusCode, code(again)]).toEqual([409, 'BUDGET_EXISTS']);
      expect(
        (await post(s.A as Session, '/api/v1/budgets', { nodeId: 'bt', year: 2028, title: 'x', potFen: 5 })).statusCode,
      ).toBe(403);
      const far = await post(s.outsider as Session, '/api/v1/budgets', { nodeId: 'bt', year: 2028, title: 'x', potFen: 5 });
      expect([far.statusCode, code(far)]).toEqual([404, 'NOT_FOUND']);
      const bad = await post(s.staff as Session, '/api/v1/budgets', { nodeId: 'bt', year: 2028, title: 'x', potFen: 10.5 });
      expect([bad.statusCode, code(bad)]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await count('budgets')).toBe(1);
    });

    it('shows the pot to the compound and hides it from other compounds (404)', async () => {
      const mine = await get(s.B as Session, '/api/v1/budgets');
      expect(mine.json().map((b: { id: string; potFen: number; status: string }) => [b.id, b.potFen, b.status])).toEqual([
        [budgetId, 1_000_000, 'proposing'],
      ]);
      expect((await get(s.outsider as Session, '/api/v1/budgets')).json()).toEqual([]);
      expect((await get(s.outsider as Session, `/api/v1/budgets/${budgetId}`)).statusCode).toBe(404);
    });
  });

  describe('proposals and feasibility', () => {
    it('takes proposals within the pot and refuses one over it, writing nothing', async () => {
      const over = await post(s.A as Session, `/api/v1/budgets/${budgetId}/proposals`, {
        title: '全小区换地砖',
        costFen: 1_000_001,
      });
      expect([over.statusCode, code(over)]).toEqual([422, 'PROPOSAL_OVER_POT']);
      expect(await count('budget_proposals')).toBe(0);
      const items: Array<[string, string, number]> = [
        ['A', '楼道加装扶手', 300_000],
        ['B', '健身角换新器材', 600_000],
        ['C', '花坛补种月季', 200_000],
        ['A2', '门口加装遮雨棚', 500_000],
        ['B', '私家车位划线', 100_000],
      ];
      for (const [who, title, costFen] of items) {
        const res = await post(s[who] as Session, `/api/v1/budgets/${budgetId}/proposals`, {
          title,
          costFen,
          plan: { x: 120, y: 80 },
        });
        expect(res.statusCode).toBe(201);
        p[title] = res.json().id;
      }
      expect(await count('budget_proposals')).toBe(5);
    });

    it('shows residents only checked proposals and their own until staff check them', async () => {
      const b = (await get(s.C as Session, `/api/v1/budgets/${budgetId}`)).json();
      expect(b.proposals.map((x: { title: string; mine: boolean }) => [x.title, x.mine])).toEqual([['花坛补种月季', true]]);
      const st = (await get(s.staff as Session, `/api/v1/budgets/${budgetId}`)).json();
      expect(st.proposals.map((x: { seq: number; title: string }) => [x.seq, x.title])).toEqual([
        [1, '楼道加装扶手'],
        [2, '健身角换新器材'],
        [3, '花坛补种月季'],
        [4, '门口加装遮雨棚'],
        [5, '私家车位划线'],
      ]);
    });

    it('will not open voting before every proposal is checked', async () => {
      const res = await post(s.staff as Session, `/api/v1/budgets/${budgetId}/open-voting`, { closesAt: inSeconds(3600) });
      expect([res.statusCode, code(res)]).toEqual([409, 'PROPOSALS_UNREVIEWED']);
    });

    it('records feasibility, and a refusal only with its reason, which is then published', async () => {
      const url = (t: string) => `/api/v1/budgets/${budgetId}/proposals/${p[t]}/review`;
      const noReason = await post(s.staff as Session, url('私家车位划线'), { feasible: false });
      expect([noReason.statusCode, code(noReason)]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await post(s.A as Session, url('楼道加装扶手'), { feasible: true })).statusCode).toBe(403);
      for (const t of ['楼道加装扶手', '健身角换新器材', '花坛补种月季', '门口加装遮雨棚'])
        expect((await post(s.staff as Session, url(t), { feasible: true })).statusCode).toBe(204);
      const refuse = await post(s.staff as Session, url('私家车位划线'), { feasible: false, reason: '公共区域不得划为私家车位' });
      expect(refuse.statusCode).toBe(204);
      const twice = await post(s.staff as Session, url('私家车位划线'), { feasible: true });
      expect([twice.statusCode, code(twice)]).toEqual([409, 'INVALID_TRANSITION']);
      const seen = (await get(s.C as Session, `/api/v1/budgets/${budgetId}`)).json();
      expect(
        seen.proposals.map((x: { title: string; status: string; refusalReason: string | null }) => [
          x.title,
          x.status,
          x.refusalReason,
        ]),
      ).toEqual([
        ['楼道加装扶手', 'feasible', null],
        ['健身角换新器材', 'feasible', null],
        ['花坛补种月季', 'feasible', null],
        ['门口加装遮雨棚', 'feasible', null],
        ['私家车位划线', 'refused', '公共区域不得划为私家车位'],
      ]);
    });
  });

  describe('approval voting within the pot', () => {
    const ballot = (who: string, titles: string[]) =>
      post(s[who] as Session, `/api/v1/budgets/${budgetId}/ballots`, { choices: titles.map((t) => p[t]) });

    it('refuses a ballot before voting opens', async () => {
      const res = await ballot('A', ['楼道加装扶手']);
      expect([res.statusCode, code(res)]).toEqual([409, 'BUDGET_NOT_VOTING']);
    });

    it('opens voting and closes proposals', async () => {
      expect(
        (await post(s.staff as Session, `/api/v1/budgets/${budgetId}/open-voting`, { closesAt: inSeconds(3600) })).statusCode,
      ).toBe(204);
      const late = await post(s.C as Session, `/api/v1/budgets/${budgetId}/proposals`, { title: '晚到的提案', costFen: 100 });
      expect([late.statusCode, code(late)]).toEqual([409, 'BUDGET_NOT_PROPOSING']);
    });

    it('refuses a ballot over the budget, a refused or repeated proposal, and a resident without a home; nothing written', async () => {
      const over = await ballot('A', ['健身角换新器材', '门口加装遮雨棚']);
      expect([over.statusCode, code(over)]).toEqual([422, 'BALLOT_OVER_BUDGET']);
      const refused = await ballot('A', ['私家车位划线']);
      expect([refused.statusCode, code(refused), refused.json().error.details]).toEqual([
        400,
        'VALIDATION_FAILED',
        { fields: [{ path: 'choices', reason: 'unknown_proposal', message: '不是可投票的提案' }] },
      ]);
      const dup = await ballot('A', ['楼道加装扶手', '楼道加装扶手']);
      expect([dup.statusCode, dup.json().error.details.fields[0].reason]).toEqual([400, 'duplicate']);
      const homeless = await ballot('N', ['楼道加装扶手']);
      expect([homeless.statusCode, code(homeless)]).toEqual([422, 'NO_HOUSEHOLD']);
      expect(await count('budget_ballots')).toBe(0);
    });

    it('takes one ballot per household, returns a receipt once, and refuses the second (same household, other person)', async () => {
      const a = await ballot('A', ['楼道加装扶手', '健身角换新器材']);
      expect(a.statusCode).toBe(201);
      expect(a.json()).toEqual({ receipt: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/), costFen: 900_000 });
      const a2 = await ballot('A2', ['门口加装遮雨棚']);
      expect([a2.statusCode, code(a2)]).toEqual([409, 'ALREADY_VOTED']);
      expect((await ballot('B', ['健身角换新器材', '花坛补种月季'])).statusCode).toBe(201);
      expect((await ballot('C', ['门口加装遮雨棚', '花坛补种月季', '楼道加装扶手'])).statusCode).toBe(201);
      expect(await count('budget_ballots')).toBe(3);
      const me = (await get(s.A2 as Session, `/api/v1/budgets/${budgetId}`)).json().me;
      expect(me).toEqual({ staff: false, household: 'bt-101', voted: true });
      // The public log names the receipt's hash, never the household.
      const hash = createHash('sha256').update(a.json().receipt.replaceAll('-', '')).digest('hex');
      const entry = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'actor_account_id', 'details'])
        .where('target_id', '=', hash)
        .executeTakeFirstOrThrow();
      expect([entry.action, entry.actor_account_id, JSON.parse(entry.details ?? '{}')]).toEqual([
        'budget.ballot_cast',
        null,
        { budgetId, channel: 'online' },
      ]);
    });

    it('will not close before the closing time', async () => {
      const res = await post(s.staff as Session, `/api/v1/budgets/${budgetId}/close`);
      expect([res.statusCode, code(res)]).toEqual([409, 'VOTE_STILL_RUNNING']);
    });
  });

  describe('allocation', () => {
    it('refuses a ballot after the closing time, writing nothing', async () => {
      // The closing time passes (moved into the past rather than waited for).
      await h()
        .ctx.db.updateTable('budgets')
        .set({ voting_closes_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', budgetId)
        .execute();
      const res = await post(s.D as Session, `/api/v1/budgets/${budgetId}/ballots`, { choices: [p.楼道加装扶手] });
      expect([res.statusCode, code(res)]).toEqual([409, 'BUDGET_NOT_VOTING']);
      const far = await post(s.outsider as Session, `/api/v1/budgets/${budgetId}/ballots`, { choices: [p.楼道加装扶手] });
      expect(far.statusCode).toBe(404);
      expect(await count('budget_ballots')).toBe(3);
    });

    it('allocates down the list by approvals, skipping what no longer fits, and makes the winners projects', async () => {
      const projectsBefore = await count('projects');
      const res = await post(s.staff as Session, `/api/v1/budgets/${budgetId}/close`);
      expect(res.statusCode).toBe(200);
      const r = res.json();
      // Approvals: 扶手 2 (A, C), 器材 2 (A, B), 月季 2 (B, C), 雨棚 1 (C). Ties: cheaper first.
      expect(
        r.rows.map((x: { title: string; approvals: number; rank: number; funded: boolean; leftBeforeFen: number }) => [
          x.title,
          x.approvals,
          x.rank,
          x.funded,
          x.leftBeforeFen,
        ]),
      ).toEqual([
        ['花坛补种月季', 2, 1, true, 1_000_000],
        ['楼道加装扶手', 2, 2, true, 800_000],
        ['健身角换新器材', 2, 3, false, 500_000],
        ['门口加装遮雨棚', 1, 4, true, 500_000],
      ]);
      expect([r.rule, r.potFen, r.ballots, r.households, r.spentFen, r.leftFen]).toEqual([
        'greedy-by-approvals',
        1_000_000,
        3,
        4,
        1_000_000,
        0,
      ]);
      expect(r.ruleText).toContain('不够就跳过');
      expect(await count('projects')).toBe(projectsBefore + 3);
      const winners = r.rows.filter((x: { funded: boolean }) => x.funded);
      for (const w of winners) {
        const pub = await get(null, `/api/v1/public/projects/${w.projectId}`);
        expect(pub.statusCode).toBe(200);
        expect([pub.json().title, pub.json().budgetFen, pub.json().funding]).toEqual([
          w.title,
          w.costFen,
          [{ source: '2027年自治金', amountFen: w.costFen }],
        ]);
      }
      expect(r.rows.find((x: { funded: boolean }) => !x.funded).projectId).toBe(null);
      const closedEntry = await h()
        .ctx.db.selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'budget.closed')
        .where('target_id', '=', budgetId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(closedEntry.details ?? '{}')).toMatchObject({ ballots: 3, spentFen: 1_000_000 });
    });

    it('closes once, refuses ballots afterwards, and publishes every receipt hash with its choices', async () => {
      const again = await post(s.staff as Session, `/api/v1/budgets/${budgetId}/close`);
      expect([again.statusCode, code(again)]).toEqual([409, 'BUDGET_NOT_VOTING']);
      const late = await post(s.D as Session, `/api/v1/budgets/${budgetId}/ballots`, { choices: [p.楼道加装扶手] });
      expect([late.statusCode, code(late)]).toEqual([409, 'BUDGET_NOT_VOTING']);
      const receipts = (await get(s.B as Session, `/api/v1/budgets/${budgetId}/receipts`)).json();
      expect(receipts.map((x: { choices: string[] }) => x.choices.length).sort()).toEqual([2, 2, 3]);
      const detail = (await get(s.B as Session, `/api/v1/budgets/${budgetId}`)).json();
      expect([detail.status, detail.result.spentFen]).toEqual(['closed', 1_000_000]);
      expect(detail.proposals.filter((x: { projectId: string | null }) => x.projectId).length).toBe(3);
    });
  });
});
