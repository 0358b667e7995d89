import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createAuditRepository } from '../audit/audit.repository';
import { seedVoteFixture } from './votes.fixture';
import { paperCheck, paperCode } from './votes.paper';
import { createVotesRepository } from './votes.repository';
import { createVotesService } from './votes.service';

const STAFF1 = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

describeEachDialect('votes.paper keying (blind, twice, a third on a mismatch)', (h) => {
  const s: Record<string, Session> = {};
  let voteId = '';

  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });
  const get = (who: Session | null, url: string) => h().as(who, { method: 'GET', url });
  const key = (who: Session | undefined, unit: string, choice: string, code = paperCode(voteId, unit)) =>
    post(who as Session, `/api/v1/votes/${voteId}/paper-keyings`, { code, choice });
  const keyings = async () =>
    (
      await h()
        .ctx.db.selectFrom('paper_keyings')
        .select(['item', 'slot', 'value'])
        .where('scope_id', '=', voteId)
        .orderBy('item')
        .orderBy('slot')
        .execute()
    ).map((r) => `${r.item}#${r.slot}=${r.value}`);
  const ballots = async () =>
    (
      await h()
        .ctx.db.selectFrom('vote_ballots')
        .select(['subject', 'channel', 'choice', 'status'])
        .where('vote_id', '=', voteId)
        .orderBy('channel')
        .orderBy('choice')
        .execute()
    ).map((b) => `${b.channel}:${b.choice}:${b.status}`);

  beforeAll(async () => {
    const phones = await seedVoteFixture(h().ctx);
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff1 = await h().login(STAFF1);
    s.otherStaff = await h().login('19900000004'); // committee member of 龙升社区安置小区
    const res = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'decision',
      matter: 6,
      title: '筹集维修资金',
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    voteId = res.json().id;
  });

  it('prints one ballot per unit, each with a code whose check value the server recomputes', async () => {
    const sheet = await get(s.staff2 as Session, `/api/v1/votes/${voteId}/paper-sheet`);
    expect(sheet.statusCode).toBe(200);
    const units = sheet.json().units as Array<{ unit: string; area: string; code: string }>;
    expect(units.map((u) => `${u.unit} ${u.area}`)).toEqual([
      '1-1-101 100.00',
      '1-1-102 80.00',
      '1-1-201 90.00',
      '1-1-202 60.00',
      '1-2-101 40.00',
      '1-2-102 70.00',
      '1-2-201 70.00',
      '1-2-202 50.00',
    ]);
    for (const u of units) expect(u.code).toBe(`${u.unit}.${paperCheck(voteId, u.unit)}`);
    expect(sheet.json().vote).toMatchObject({ id: voteId, title: '筹集维修资金', matter: 6, compoundName: '测试小区' });
    expect((await get(s.A as Session, `/api/v1/votes/${voteId}/paper-sheet`)).statusCode).toBe(403);
    expect((await get(s.otherStaff as Session, `/api/v1/votes/${voteId}/paper-sheet`)).statusCode).toBe(404);
  });

  it('refuses a code with a wrong check value or of another unit, and writes nothing (422)', async () => {
    const good = paperCode(voteId, '1-1-102');
    for (const code of [
      `1-1-102.${paperCheck(voteId, '1-1-101')}`,
      `1-1-102.${paperCheck('another-vote', '1-1-102')}`,
      '1-1-102',
      '.ABCDEF',
      `9-9-999.${paperCheck(voteId, '9-9-999')}`,
    ]) {
      const r = await key(s.staff1, '1-1-102', 'yes', code);
      expect([r.statusCode, r.json().error.code], code).toEqual([422, 'PAPER_CODE_INVALID']);
      expect(r.json().error.message).toBe('选票上的编码无法识别或校验不符，请重新扫描或核对编码');
    }
    const badChoice = await key(s.staff1, '1-1-102', 'o1', good);
    expect(badChoice.statusCode).toBe(400);
    expect(await keyings()).toEqual([]);
  });

  it('counts a ballot when two staff members key the same choice blind; neither sees the other’s', async () => {
    // The phone camera hands over the whole URL of the keying page; lower case is read too.
    const url = `https://lianxin.example/votes/${voteId}/keying?code=${encodeURIComponent(paperCode(voteId, '1-1-102'))}`;
    const first = await key(s.staff1, '1-1-102', 'yes', url);
    expect([first.statusCode, first.json()]).toEqual([201, { item: '1-1-102', slot: 1, status: 'waiting', settled: null }]);
    // The second keyer's list shows that someone keyed it, not what.
    const list = (await get(s.staff2 as Session, `/api/v1/votes/${voteId}/paper-ballots`)).json();
    expect(list).toEqual([
      {
        item: '1-1-102',
        code: paperCode(voteId, '1-1-102'),
        area: '80.00',
        status: 'waiting',
        value: null,
        keyedByMe: false,
        keyers: [{ slot: 1, name: '邹晓敏', me: false }],
      },
    ]);
    expect(await ballots()).toEqual([]);
    const lower = paperCode(voteId, '1-1-102').replace(/\.(.*)$/, (_, c: string) => `.${c.toLowerCase()}`);
    const second = await key(s.staff2, '1-1-102', 'yes', lower);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ item: '1-1-102', slot: 2, status: 'agreed' });
    expect(second.json().settled.receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await ballots()).toEqual(['paper:yes:counted']);
    const fourth = await key(s.staff3, '1-1-102', 'no');
    expect([fourth.statusCode, fourth.json().error.code]).toEqual([409, 'KEYING_SETTLED']);
  });

  it('refuses the same staff member keying a ballot twice (409, nothing written)', async () => {
    expect((await key(s.staff1, '1-2-202', 'abstain')).statusCode).toBe(201);
    for (const choice of ['abstain', 'yes']) {
      const again = await key(s.staff1, '1-2-202', choice);
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'KEYED_ALREADY']);
      expect(again.json().error.message).toBe('您已录入过这张纸质票，须由另一位工作人员独立录入');
    }
    expect(await keyings()).toEqual(['1-1-102#1=yes', '1-1-102#2=yes', '1-2-202#1=abstain']);
  });

  it('sends a mismatch to a third staff member, never one of the first two, whose keying decides', async () => {
    expect((await key(s.staff1, '1-1-201', 'yes')).json().status).toBe('waiting');
    const second = await key(s.staff2, '1-1-201', 'no');
    expect(second.json()).toEqual({ item: '1-1-201', slot: 2, status: 'mismatch', settled: null });
    // The mismatch queue shows who keyed, not the two choices.
    const queue = (await get(s.staff3 as Session, `/api/v1/votes/${voteId}/paper-ballots`)).json();
    expect(queue.find((x: { item: string }) => x.item === '1-1-201')).toEqual({
      item: '1-1-201',
      code: paperCode(voteId, '1-1-201'),
      area: '90.00',
      status: 'mismatch',
      value: null,
      keyedByMe: false,
      keyers: [
        { slot: 1, name: '邹晓敏', me: false },
        { slot: 2, name: '第二位委员', me: false },
      ],
    });
    for (const who of [s.staff1, s.staff2]) {
      const r = await key(who, '1-1-201', 'yes');
      expect([r.statusCode, r.json().error.code]).toEqual([409, 'KEYED_ALREADY']);
    }
    expect((await get(s.staff1 as Session, `/api/v1/votes/${voteId}/turnout`)).json().pendingPaper).toBe(2);
    const third = await key(s.staff3, '1-1-201', 'no');
    expect(third.json()).toMatchObject({ item: '1-1-201', slot: 3, status: 'decided' });
    const after = (await get(s.staff1 as Session, `/api/v1/votes/${voteId}/paper-ballots`)).json();
    expect(after.find((x: { item: string }) => x.item === '1-1-201')).toMatchObject({ status: 'decided', value: 'no' });
    expect(await ballots()).toEqual(['paper:no:counted', 'paper:yes:counted']);
    // Recorded: each keying is an audit entry naming the slot, never the choice.
    const entries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'paper.keyed')
      .where('target_id', '=', voteId)
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => JSON.parse(String(e.details)))).toEqual([
      { item: '1-1-102', slot: 1, status: 'waiting' },
      { item: '1-1-102', slot: 2, status: 'agreed' },
      { item: '1-2-202', slot: 1, status: 'waiting' },
      { item: '1-1-201', slot: 1, status: 'waiting' },
      { item: '1-1-201', slot: 2, status: 'mismatch' },
      { item: '1-1-201', slot: 3, status: 'decided' },
    ]);
  });

  it('refuses a paper ballot for a unit whose owner voted online, even mid-keying (409, nothing written)', async () => {
    expect((await post(s.A as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(201);
    const r = await key(s.staff1, '1-1-101', 'no');
    expect([r.statusCode, r.json().error.code]).toEqual([409, 'UNIT_ALREADY_VOTED']);
    // E's paper ballot is keyed once; E then votes online; the second keying is refused.
    expect((await key(s.staff2, '1-1-202', 'no')).json().status).toBe('waiting');
    expect((await post(s.E as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(201);
    const late = await key(s.staff1, '1-1-202', 'no');
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'UNIT_ALREADY_VOTED']);
    // E's other unit belongs to the same owner: one owner, one ballot.
    const other = await key(s.staff1, '1-2-101', 'no');
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'UNIT_ALREADY_VOTED']);
    expect(await keyings()).toEqual([
      '1-1-102#1=yes',
      '1-1-102#2=yes',
      '1-1-201#1=yes',
      '1-1-201#2=no',
      '1-1-201#3=no',
      '1-1-202#1=no',
      '1-2-202#1=abstain',
    ]);
  });

  it('gives a contested slot to one keyer only', async () => {
    expect((await key(s.staff1, '1-2-102', 'yes')).statusCode).toBe(201);
    const [r2, r3] = await Promise.all([key(s.staff2, '1-2-102', 'yes'), key(s.staff3, '1-2-102', 'yes')]);
    expect([r2.statusCode, r3.statusCode].sort()).toEqual([201, 409]);
    expect(await ballots()).toEqual([
      'online:yes:counted',
      'online:yes:counted',
      'paper:no:counted',
      'paper:yes:counted',
      'paper:yes:counted',
    ]);
  });

  it('tallies only agreed and decided paper ballots, and refuses keying once closed', async () => {
    const { db, dialect } = h().ctx;
    const later = createVotesService({
      db,
      votes: createVotesRepository(db, dialect),
      audit: createAuditRepository(db, dialect),
      clock: () => new Date(Date.now() + 3_700_000),
    });
    expect(await later.closeDue()).toBe(1);
    // Counted: A online yes 100, E online yes 100, B paper yes 80 (agreed), developer paper yes
    // 140 (agreed), C+D paper no 90 (decided by the third). 1-2-202 keyed once: not counted.
    const v = (await get(s.staff1 as Session, `/api/v1/votes/${voteId}`)).json();
    expect(v.result).toEqual({
      kind: 'decision',
      matter: 6,
      rule: 'three-quarters',
      totals: { owners: 6, area: '560.00' },
      participated: { owners: 5, area: '510.00' },
      yes: { owners: 4, area: '420.00' },
      no: { owners: 1, area: '90.00' },
      abstain: { owners: 0, area: '0.00' },
      quorumMet: true,
      passed: true,
    });
    const before = await keyings();
    const closed = await key(s.staff2, '1-2-202', 'abstain');
    expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'VOTE_CLOSED']);
    expect(await keyings()).toEqual(before);
  });
});
