import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createPersonAccount } from '../votes/votes.fixture';
import { paperCheck } from '../votes/votes.paper';
import { seedBudgetFixture } from './budgets.fixture';

const STAFF1 = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)
const OUTSIDER = '19900000004'; // committee member of 龙升社区安置小区

describeEachDialect('budgets: paper ballots, keyed blind twice (a third on a mismatch)', (h) => {
  const s: Record<string, Session> = {};
  const p: Record<string, string> = {};
  let budgetId = '';

  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });
  const get = (who: Session | null, url: string) => h().as(who, { method: 'GET', url });
  const errorOf = (res: { statusCode: number; json(): { error?: { code: string } } }) => [res.statusCode, res.json().error?.code];
  const code = (door: string) => `1-1-${door}.${paperCheck(budgetId, `bt-${door}`)}`;
  const key = (who: string, door: string, proposals: number[], c = code(door)) =>
    post(s[who] as Session, `/api/v1/budgets/${budgetId}/paper-keyings`, { code: c, proposals });
  const keyings = async () =>
    (
      await h()
        .ctx.db.selectFrom('paper_keyings')
        .select(['item', 'slot', 'value'])
        .where('kind', '=', 'budget')
        .orderBy('item')
        .orderBy('slot')
        .execute()
    ).map((r) => `${r.item}#${r.slot}=${r.value}`);
  const ballots = async () =>
    (
      await h()
        .ctx.db.selectFrom('budget_ballots')
        .select(['unit_id', 'channel', 'choices', 'cost_fen', 'cast_by_person_id', 'entered_by_account_id'])
        .where('budget_id', '=', budgetId)
        .orderBy('unit_id')
        .execute()
    ).map((b) => ({ ...b, cost_fen: Number(b.cost_fen) }));
  const accountOf = async (phone: string) =>
    (await h().ctx.db.selectFrom('accounts').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;
  const ids = (...titles: string[]) => JSON.stringify(titles.map((t) => p[t]).sort());

  beforeAll(async () => {
    const phones = await seedBudgetFixture(h().ctx);
    await createPersonAccount(h().ctx, '18800000950', '第二位工作人员', 'committee_member', 'bt');
    await createPersonAccount(h().ctx, '18800000951', '第三位工作人员', 'committee_member', 'bt');
    for (const [who, phone] of Object.entries({
      ...phones,
      staff1: STAFF1,
      staff2: '18800000950',
      staff3: '18800000951',
      outsider: OUTSIDER,
    }))
      s[who] = await h().login(phone);
    const res = await post(s.staff1 as Session, '/api/v1/budgets', {
      nodeId: 'bt',
      year: 2027,
      title: '2027年自治金',
      potFen: 1_000_000,
    });
    budgetId = res.json().id;
    for (const [who, title, costFen] of [
      ['A', '楼道加装扶手', 300_000],
      ['B', '健身角换新器材', 600_000],
      ['C', '花坛补种月季', 200_000],
      ['A2', '门口加装遮雨棚', 500_000],
    ] as const) {
      const r = await post(s[who] as Session, `/api/v1/budgets/${budgetId}/proposals`, { title, costFen });
      p[title] = r.json().id;
      await post(s.staff1 as Session, `/api/v1/budgets/${budgetId}/proposals/${p[title]}/review`, { feasible: true });
    }
    const open = await post(s.staff1 as Session, `/api/v1/budgets/${budgetId}/open-voting`, {
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(open.statusCode).toBe(204);
    // B's household (102) votes online.
    const online = await post(s.B as Session, `/api/v1/budgets/${budgetId}/ballots`, {
      choices: [p.健身角换新器材, p.花坛补种月季],
    });
    expect(online.statusCode).toBe(201);
  });

  it('prints one ballot per household with its code and the feasible proposals, for staff only', async () => {
    const res = await get(s.staff2 as Session, `/api/v1/budgets/${budgetId}/paper-sheet`);
    expect(res.statusCode).toBe(200);
    const sheet = res.json();
    expect(sheet.units).toEqual(
      ['101', '102', '201', '202'].map((d) => ({ unit: `1-1-${d}`, compoundName: '自治金测试小区', code: code(d) })),
    );
    expect(sheet.proposals).toEqual([
      { seq: 1, title: '楼道加装扶手', costFen: 300_000 },
      { seq: 2, title: '健身角换新器材', costFen: 600_000 },
      { seq: 3, title: '花坛补种月季', costFen: 200_000 },
      { seq: 4, title: '门口加装遮雨棚', costFen: 500_000 },
    ]);
    expect([sheet.budget.title, sheet.budget.potFen, sheet.budget.nodeName]).toEqual([
      '2027年自治金',
      1_000_000,
      '自治金测试小区',
    ]);
    expect((await get(s.A as Session, `/api/v1/budgets/${budgetId}/paper-sheet`)).statusCode).toBe(403);
    expect((await get(s.outsider as Session, `/api/v1/budgets/${budgetId}/paper-sheet`)).statusCode).toBe(404);
  });

  it('counts exactly one ballot with the exact choices when two staff members agree', async () => {
    const first = await key('staff1', '101', [3, 1]);
    expect([first.statusCode, first.json()]).toEqual([201, { item: '1-1-101', slot: 1, status: 'waiting', settled: null }]);
    expect(await ballots()).toHaveLength(1); // only B's online ballot
    const second = await key(
      'staff2',
      '101',
      [1, 3],
      `https://x.example/budgets/${budgetId}/keying?code=${encodeURIComponent(code('101'))}`,
    );
    expect(second.statusCode).toBe(201);
    expect([second.json().status, second.json().slot, typeof second.json().settled.receipt]).toEqual(['agreed', 2, 'string']);
    expect(await ballots()).toEqual([
      {
        unit_id: 'bt-101',
        channel: 'paper',
        choices: ids('楼道加装扶手', '花坛补种月季'),
        cost_fen: 500_000,
        cast_by_person_id: null,
        entered_by_account_id: await accountOf(STAFF1),
      },
      {
        unit_id: 'bt-102',
        channel: 'online',
        choices: ids('健身角换新器材', '花坛补种月季'),
        cost_fen: 800_000,
        cast_by_person_id: 'p-18700000102',
        entered_by_account_id: null,
      },
    ]);
    const again = await key('staff3', '101', [1, 3]);
    expect(errorOf(again)).toEqual([409, 'KEYING_SETTLED']);
    expect(await keyings()).toEqual(['bt-101#1=1,3', 'bt-101#2=1,3']);
  });

  it('sends a mismatch to a third staff member, whose keying decides; nobody keys a ballot twice', async () => {
    expect((await key('staff1', '201', [1])).json().status).toBe('waiting');
    expect((await key('staff2', '201', [2])).json()).toEqual({ item: '1-1-201', slot: 2, status: 'mismatch', settled: null });
    const list = (await get(s.staff3 as Session, `/api/v1/budgets/${budgetId}/paper-ballots`)).json();
    expect(
      list.map((b: { item: string; status: string; value: string | null; keyedByMe: boolean }) => [
        b.item,
        b.status,
        b.value,
        b.keyedByMe,
      ]),
    ).toEqual([
      ['1-1-101', 'agreed', '1,3', false],
      ['1-1-201', 'mismatch', null, false],
    ]);
    const twice = await key('staff1', '201', [2]);
    expect(errorOf(twice)).toEqual([409, 'KEYED_ALREADY']);
    expect(await ballots()).toHaveLength(2);
    const third = await key('staff3', '201', [2]);
    expect([third.json().status, third.json().slot]).toEqual(['decided', 3]);
    const row = (await ballots()).find((b) => b.unit_id === 'bt-201');
    expect([row?.channel, row?.choices, row?.cost_fen]).toEqual(['paper', ids('健身角换新器材'), 600_000]);
    expect(await keyings()).toEqual(['bt-101#1=1,3', 'bt-101#2=1,3', 'bt-201#1=1', 'bt-201#2=2', 'bt-201#3=2']);
  });

  it('refuses a household that voted online, a set over the pot, unknown numbers and bad codes, writing nothing', async () => {
    const before = await keyings();
    expect(errorOf(await key('staff1', '102', [1]))).toEqual([409, 'UNIT_ALREADY_VOTED']);
    expect(errorOf(await key('staff1', '202', [1, 2, 4]))).toEqual([422, 'BALLOT_OVER_BUDGET']);
    expect(errorOf(await key('staff1', '202', [9]))).toEqual([400, 'VALIDATION_FAILED']);
    expect(errorOf(await key('staff1', '202', [1, 1]))).toEqual([400, 'VALIDATION_FAILED']);
    expect(errorOf(await key('staff1', '202', []))).toEqual([400, 'VALIDATION_FAILED']);
    expect(errorOf(await key('staff1', '202', [1], `1-1-202.${paperCheck(budgetId, 'bt-201')}`))).toEqual([
      422,
      'PAPER_CODE_INVALID',
    ]);
    expect((await key('A', '202', [1])).statusCode).toBe(403);
    expect((await key('outsider', '202', [1])).statusCode).toBe(404);
    expect(await keyings()).toEqual(before);
    expect(await ballots()).toHaveLength(3);
  });

  it('refuses keying after the closing time, and the result counts the paper ballots', async () => {
    await h()
      .ctx.db.updateTable('budgets')
      .set({ voting_closes_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', budgetId)
      .execute();
    const before = await keyings();
    expect(errorOf(await key('staff1', '202', [1]))).toEqual([409, 'BUDGET_NOT_VOTING']);
    expect(await keyings()).toEqual(before);
    const res = await post(s.staff1 as Session, `/api/v1/budgets/${budgetId}/close`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    // Ballots: 101 paper {1,3}, 102 online {2,3}, 201 paper {2}. 器材 2, 月季 2, 扶手 1, 雨棚 0.
    expect(
      r.rows.map((x: { title: string; approvals: number; funded: boolean; leftBeforeFen: number }) => [
        x.title,
        x.approvals,
        x.funded,
        x.leftBeforeFen,
      ]),
    ).toEqual([
      ['花坛补种月季', 2, true, 1_000_000],
      ['健身角换新器材', 2, true, 800_000],
      ['楼道加装扶手', 1, false, 200_000],
      ['门口加装遮雨棚', 0, false, 200_000],
    ]);
    expect([r.ballots, r.spentFen, r.leftFen]).toEqual([3, 800_000, 200_000]);
    expect(errorOf(await get(s.staff1 as Session, `/api/v1/budgets/${budgetId}/paper-sheet`))).toEqual([
      409,
      'BUDGET_NOT_VOTING',
    ]);
  });
});
