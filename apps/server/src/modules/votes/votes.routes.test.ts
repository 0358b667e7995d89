import { createHash, verify } from 'node:crypto';
import { checkpointNote, checkpointPath } from '@lianxin/shared';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { createAuditRepository } from '../audit/audit.repository';
import { FIXTURE, seedVoteFixture } from './votes.fixture';
import { votesCloseJob } from './votes.job';
import { paperCode } from './votes.paper';
import { createVotesRepository } from './votes.repository';
import { createVotesService } from './votes.service';

const STAFF1 = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches the fixture compound)

describeEachDialect('votes', (h) => {
  const s: Record<string, Session> = {};
  let voteId = '';

  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });
  const get = (who: Session | null, url: string) => h().as(who, { method: 'GET', url });
  const inSeconds = (sec: number) => new Date(Date.now() + sec * 1000).toISOString();
  const sha = (code: string) => createHash('sha256').update(code.replaceAll('-', '')).digest('hex');

  /** A service whose clock runs `ms` ahead, standing in for a later moment (or another instance). */
  const laterService = (ms: number) => {
    const { db, dialect } = h().ctx;
    return createVotesService({
      db,
      votes: createVotesRepository(db, dialect),
      audit: createAuditRepository(db, dialect),
      clock: () => new Date(Date.now() + ms),
    });
  };

  beforeAll(async () => {
    const phones = await seedVoteFixture(h().ctx);
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff1 = await h().login(STAFF1);
    s.b2 = await h().login(phones.B as string); // B's second device
    s.outsider = await h().login('19900000001'); // 万玉清, resident of another compound
    s.otherStaff = await h().login('19900000004'); // committee member of 龙升社区安置小区
  });

  it('opens a matter-4 vote and freezes the electorate with its totals', async () => {
    const res = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'decision',
      matter: 4,
      title: '<b>续聘</b>物业公司',
      body: '是否续聘现物业公司三年',
      closesAt: inSeconds(3600),
    });
    expect(res.statusCode).toBe(201);
    voteId = res.json().id;
    const el = await get(s.staff1 as Session, `/api/v1/votes/${voteId}/electorate`);
    expect(el.statusCode).toBe(200);
    const body = el.json();
    expect(body.totals).toEqual(FIXTURE.totals);
    const byFirst = Object.fromEntries(body.subjects.map((x: { units: string[] }) => [x.units[0], x]));
    expect(byFirst['1-1-202']).toMatchObject({ units: ['1-1-202', '1-2-101'], area: '100.00', voters: ['业主E'] });
    expect(byFirst['1-1-201']).toMatchObject({ area: '90.00', voters: ['业主D'] });
    expect(byFirst['1-2-102']).toMatchObject({ units: ['1-2-102', '1-2-201'], area: '140.00', developer: true });
    expect(byFirst['1-2-202']).toMatchObject({ area: '50.00', voters: [] });
    const detail = await get(s.A as Session, `/api/v1/votes/${voteId}`);
    expect(detail.json()).toMatchObject({ title: '<b>续聘</b>物业公司', me: { units: ['1-1-101'], voted: false, staff: false } });
  });

  it('lists the compounds where staff may open a vote (their subtree only)', async () => {
    const ids = (await get(s.staff1 as Session, '/api/v1/votes/compounds')).json().map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['vtest', 'vempty', 'wuxingaz']));
    expect(ids).not.toContain('longshengaz');
    expect((await get(s.A as Session, '/api/v1/votes/compounds')).statusCode).toBe(403);
  });

  it('refuses bad vote definitions, other compounds (404) and an empty compound (409)', async () => {
    const base = { compoundId: 'vtest', kind: 'decision', matter: 4, title: 't', closesAt: inSeconds(60) };
    for (const bad of [
      { ...base, matter: 10 },
      { ...base, matter: '4' },
      { ...base, kind: 'consultation', matter: undefined, options: ['only one'] },
      { ...base, admin: true },
      { ...base, closesAt: 'tomorrow' },
      { ...base, closesAt: inSeconds(-10) },
    ]) {
      const res = await post(s.staff1 as Session, '/api/v1/votes', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await post(s.otherStaff as Session, '/api/v1/votes', base)).statusCode).toBe(404);
    expect((await post(s.A as Session, '/api/v1/votes', base)).statusCode).toBe(403);
    const empty = await post(s.staff1 as Session, '/api/v1/votes', { ...base, compoundId: 'vempty' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('ELECTORATE_EMPTY');
  });

  it('refuses ballots before the window opens (409 VOTE_NOT_OPEN)', async () => {
    const res = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'decision',
      matter: 5,
      title: '使用维修资金更换电梯',
      opensAt: inSeconds(600),
      closesAt: inSeconds(7200), // beyond the simulated close later in this suite
    });
    expect(res.statusCode).toBe(201);
    const early = await post(s.A as Session, `/api/v1/votes/${res.json().id}/ballots`, { choice: 'yes' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('VOTE_NOT_OPEN');
  });

  it('takes one final online ballot per owner and shows a receipt code once', async () => {
    const res = await post(s.A as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' });
    expect(res.statusCode).toBe(201);
    expect(res.json().receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const again = await post(s.A as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'no' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_VOTED');
    expect((await get(s.A as Session, `/api/v1/votes/${voteId}`)).json().me.voted).toBe(true);
  });

  it('gives exactly one ballot to an owner voting from two devices at once; the other gets 409', async () => {
    const [r1, r2] = await Promise.all([
      post(s.B as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' }),
      post(s.b2 as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' }), // same choice: which device wins is up to the race
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([201, 409]);
    expect([r1, r2].find((r) => r.statusCode === 409)?.json().error.code).toBe('ALREADY_VOTED');
    const turnout = (await get(s.staff1 as Session, `/api/v1/votes/${voteId}/turnout`)).json();
    expect(turnout.participated).toEqual({ owners: 2, area: '180.00' });
  });

  it('lets only the representative cast for co-owners, and nobody outside the electorate', async () => {
    const c = await post(s.C as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' });
    expect(c.statusCode).toBe(403);
    expect(c.json().error.code).toBe('NOT_A_VOTER');
    expect((await post(s.D as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(201);
    expect((await post(s.outsider as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(404);
    expect((await get(s.outsider as Session, `/api/v1/votes/${voteId}`)).statusCode).toBe(404);
    expect((await get(s.otherStaff as Session, `/api/v1/votes/${voteId}/turnout`)).statusCode).toBe(404);
    expect((await post(null, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(401);
  });

  it('refuses malformed ballots', async () => {
    for (const body of [{ choice: 'maybe' }, { choice: 1 }, { choice: 'yes', extra: 1 }, {}, { choice: 'o1' }]) {
      const res = await post(s.E as Session, `/api/v1/votes/${voteId}/ballots`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('counts a paper ballot once two staff members keyed it blind and agreed', async () => {
    const code = paperCode(voteId, '1-2-101');
    const first = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/paper-keyings`, { code, choice: 'no' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ item: '1-2-101', slot: 1, status: 'waiting', settled: null });
    let t = (await get(s.staff1 as Session, `/api/v1/votes/${voteId}/turnout`)).json();
    expect([t.participated.owners, t.pendingPaper]).toEqual([3, 1]);
    const second = await post(s.staff2 as Session, `/api/v1/votes/${voteId}/paper-keyings`, { code, choice: 'no' });
    expect(second.json()).toMatchObject({ item: '1-2-101', slot: 2, status: 'agreed' });
    expect(second.json().settled.receipt).toMatch(/^[A-Z2-9]{4}-/);
    // E cannot also vote online for the subject whose paper ballot now counts.
    expect((await post(s.E as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).json().error.code).toBe(
      'ALREADY_VOTED',
    );
    t = (await get(s.staff1 as Session, `/api/v1/votes/${voteId}/turnout`)).json();
    expect(t).toMatchObject({
      participated: { owners: 4, area: '370.00' },
      paper: { owners: 1, area: '100.00' },
      pendingPaper: 0,
    });
    expect(t.quorumNeeds).toEqual({ owners: 4, area: '373.34' });
    expect(t.quorumMet).toBe(false);
    const paper = (await get(s.staff2 as Session, `/api/v1/votes/${voteId}/paper-ballots`)).json();
    expect(paper).toEqual([
      {
        item: '1-2-101',
        code: paperCode(voteId, '1-2-101'),
        area: '40.00',
        status: 'agreed',
        value: 'no',
        keyedByMe: true,
        keyers: [
          { slot: 1, name: '邹晓敏', me: false },
          { slot: 2, name: '第二位委员', me: true },
        ],
      },
    ]);
    const online = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/paper-keyings`, {
      code: paperCode(voteId, '1-1-101'),
      choice: 'no',
    });
    expect([online.statusCode, online.json().error.code]).toEqual([409, 'UNIT_ALREADY_VOTED']);
  });

  it('cannot be closed by hand before the window ends, nor show results while open', async () => {
    const early = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/close`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('VOTE_STILL_RUNNING');
    expect((await get(null, `/api/v1/votes/${voteId}/results`)).statusCode).toBe(404);
  });

  it('closes exactly once however many instances race, stores the tally, and then refuses every write with 409', async () => {
    // The developer votes too: 5 of 6 owners, 510.00 of 560.00 m² took part → quorum met.
    expect((await post(s.Dev as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'abstain' })).statusCode).toBe(201);
    // Keyed once, never agreed: it does not count.
    const once = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/paper-keyings`, {
      code: paperCode(voteId, '1-2-202'),
      choice: 'yes',
    });
    expect(once.json().status).toBe('waiting');
    const later = [laterService(3_700_000), laterService(3_700_000), laterService(3_700_000)];
    const closed = await Promise.all([...later.map((x) => x.closeDue()), votesCloseJob(later[0] as never).run()]);
    expect(closed.reduce((a: number, b) => a + Number(b), 0)).toBe(1);
    const v = (await get(s.A as Session, `/api/v1/votes/${voteId}`)).json();
    expect(v.status).toBe('closed');
    // yes: A 100 + B 80 + D 90 = 270.00 by 3 owners; no: E 100.00; abstain: developer 140.00.
    expect(v.result).toEqual({
      kind: 'decision',
      matter: 4,
      rule: 'majority',
      totals: { owners: 6, area: '560.00' },
      participated: { owners: 5, area: '510.00' },
      yes: { owners: 3, area: '270.00' },
      no: { owners: 1, area: '100.00' },
      abstain: { owners: 1, area: '140.00' },
      quorumMet: true,
      passed: true,
    });
    for (const [who, url, body] of [
      [s.E, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' }],
      [s.staff2, `/api/v1/votes/${voteId}/paper-keyings`, { code: paperCode(voteId, '1-2-202'), choice: 'yes' }],
      [s.staff1, `/api/v1/votes/${voteId}/close`, undefined],
    ] as const) {
      const res = await post(who as Session, url, body);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().error.code, url).toBe('VOTE_CLOSED');
    }
  });

  it('publishes, without sign-in, each condition with its percentage and the receipt hashes with choices — never which unit chose what', async () => {
    const res = await get(null, `/api/v1/votes/${voteId}/results`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.result.passed).toBe(true);
    // 5 of 6 owners, 510 of 560 m² took part; yes 3 of 5 owners, 270 of 510 m² (majority rule).
    expect(body.conditions).toEqual([
      { key: 'participation-owners', need: '>=2/3', percent: '83.33', met: true },
      { key: 'participation-area', need: '>=2/3', percent: '91.07', met: true },
      { key: 'yes-owners', need: '>1/2', percent: '60.00', met: true },
      { key: 'yes-area', need: '>1/2', percent: '52.94', met: true },
    ]);
    expect(body.receipts.map((r: { choice: string }) => r.choice).sort()).toEqual(['abstain', 'no', 'yes', 'yes', 'yes']);
    for (const r of body.receipts) expect(Object.keys(r).sort()).toEqual(['choice', 'hash']);
    expect([body.unitListPublic, body.units]).toEqual([false, null]);
    expect(res.body).not.toMatch(/1-1-|1-2-|业主|1880000|邹晓敏/);
  });

  it('gives the printed 公示 the signed checkpoint that holds the closing entry, once sequenced', async () => {
    const closingLeaf = async () =>
      (
        await h()
          .ctx.db.selectFrom('audit_log')
          .select('leaf_index')
          .where('action', '=', 'vote.closed')
          .where('target_id', '=', voteId)
          .executeTakeFirstOrThrow()
      ).leaf_index;
    // Before the sequencer has taken the closing entry in (no job runs in these tests), there is
    // no checkpoint to print.
    expect(await closingLeaf()).toBeNull();
    expect((await get(null, `/api/v1/votes/${voteId}/results`)).json().checkpoint).toBeNull();
    await h().ctx.log.sequence(60_000);
    const cp = (await get(null, `/api/v1/votes/${voteId}/results`)).json().checkpoint;
    expect(cp).toEqual(await h().ctx.log.latestCheckpoint());
    expect(Number(await closingLeaf())).toBeLessThan(cp.treeSize);
    // The public checkpoint of that size is the same signed statement, and its signature holds.
    const pub = await get(null, `/api/v1/log/checkpoints/${cp.treeSize}`);
    expect([pub.statusCode, pub.json()]).toEqual([200, cp]);
    const key = (await get(null, '/api/v1/log/key')).json();
    expect(verify(null, Buffer.from(checkpointNote(cp)), key.pem, Buffer.from(cp.signature, 'base64'))).toBe(true);
    expect((await get(null, `/api/v1/log/checkpoints/${cp.treeSize + 1000}`)).statusCode).toBe(404);
    expect(checkpointPath(cp)).toBe(`/log/checkpoints/${cp.treeSize}?root=${cp.rootHash}`);
  });

  it('shows the unit-by-unit list to the compound’s signed-in owners and staff only', async () => {
    const units = [
      { units: ['1-1-101'], area: '100.00', choice: 'yes' },
      { units: ['1-1-102'], area: '80.00', choice: 'yes' },
      { units: ['1-1-201'], area: '90.00', choice: 'yes' },
      { units: ['1-1-202', '1-2-101'], area: '100.00', choice: 'no' },
      { units: ['1-2-102', '1-2-201'], area: '140.00', choice: 'abstain' },
    ];
    // A voting representative, a co-owner who is not the representative, and staff of the compound.
    for (const who of [s.A, s.C, s.staff1]) {
      const r = await get(who as Session, `/api/v1/votes/${voteId}/results`);
      expect(r.json().units).toEqual(units);
      expect(r.body).not.toMatch(/业主|1880000|邹晓敏/);
    }
    // A resident of another compound and staff of another compound are the public.
    for (const who of [s.outsider, s.otherStaff]) {
      const r = await get(who as Session, `/api/v1/votes/${voteId}/results`);
      expect([r.statusCode, r.json().units]).toEqual([200, null]);
    }
  });

  it('finds an owner’s receipt hash in the published list', async () => {
    const v = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'consultation',
      title: '电动车充电桩装在哪里',
      options: ['东门', '北门'],
      closesAt: inSeconds(3600),
    });
    const id = v.json().id;
    const cast = await post(s.A as Session, `/api/v1/votes/${id}/ballots`, { choice: 'o2' });
    expect(cast.statusCode).toBe(201);
    await laterService(3_700_000).closeDue();
    const r = (await get(null, `/api/v1/votes/${id}/results`)).json();
    expect(r.receipts).toEqual([{ hash: sha(cast.json().receipt), choice: 'o2' }]);
    expect(r.conditions).toEqual([
      { key: 'participation-owners', need: '>=2/3', percent: '16.66', met: false },
      { key: 'participation-area', need: '>=2/3', percent: '17.85', met: false },
    ]);
    expect(r.result).toMatchObject({ kind: 'consultation', participated: { owners: 1, area: '100.00' }, quorumMet: false });
    expect(r.result.options).toEqual([
      { key: 'o1', label: '东门', owners: 0, area: '0.00' },
      { key: 'o2', label: '北门', owners: 1, area: '100.00' },
    ]);
  });

  it('publishes the unit-by-unit list to everyone when the rule recorded at opening says so — never names', async () => {
    const v = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'decision',
      matter: 9,
      title: '小区大门改造',
      closesAt: inSeconds(3600),
      unitListPublic: true,
    });
    expect(v.statusCode).toBe(201);
    const id = v.json().id;
    expect((await get(s.A as Session, `/api/v1/votes/${id}`)).json().unitListPublic).toBe(true);
    for (const [who, choice] of [
      [s.A, 'yes'],
      [s.D, 'no'],
    ] as const)
      expect((await post(who as Session, `/api/v1/votes/${id}/ballots`, { choice })).statusCode).toBe(201);
    await laterService(3_700_000).closeDue();
    const units = [
      { units: ['1-1-101'], area: '100.00', choice: 'yes' },
      { units: ['1-1-201'], area: '90.00', choice: 'no' },
    ];
    for (const who of [null, s.outsider, s.otherStaff, s.A]) {
      const r = await get(who as Session | null, `/api/v1/votes/${id}/results`);
      expect([r.statusCode, r.json().unitListPublic, r.json().units]).toEqual([200, true, units]);
      expect(r.body).not.toMatch(/业主|1880000|邹晓敏/);
    }
    const opened = await h()
      .ctx.db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'vote.opened')
      .where('target_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(opened.details))).toEqual({
      kind: 'decision',
      matter: 9,
      owners: 6,
      area: '560.00',
      unitListPublic: true,
    });
  });

  it('recounts official results with the same tally and reports every disagreement', async () => {
    const csv = 'unit,choice\n1-1-101,同意\n1-1-102,yes\n1-1-201,yes\n1-1-202,反对\n1-2-101,no\n1-2-102,弃权\n';
    const ok = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/official-check`, {
      csv,
      declared: { participatedOwners: 5, participatedArea: '510', yesOwners: 3, yesArea: '270.00', passed: true },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ rows: 6, agrees: true, figureDisagreements: [], ballotDisagreements: [] });
    const off = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/official-check`, {
      csv: csv.replace('1-1-102,yes', '1-1-102,no'),
      declared: { participatedOwners: 5, participatedArea: '510.00', yesOwners: 3, yesArea: '270.00', passed: true },
    });
    const report = off.json();
    expect(report.agrees).toBe(false);
    expect(report.figureDisagreements).toEqual([
      { figure: 'yes.owners', declared: '3', recount: '2' },
      { figure: 'yes.area', declared: '270.00', recount: '190.00' },
      { figure: 'passed', declared: 'true', recount: 'false' },
    ]);
    expect(report.ballotDisagreements).toEqual([{ units: ['1-1-102'], official: 'no', lianxin: 'yes' }]);
    const conflict = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/official-check`, {
      csv: '1-1-202,yes\n1-2-101,no',
    });
    expect(conflict.statusCode).toBe(400);
    expect(JSON.stringify(conflict.json().error.details)).toMatch(/csv line 2/);
    const unknownUnit = await post(s.staff1 as Session, `/api/v1/votes/${voteId}/official-check`, { csv: '7-7-777,yes' });
    expect(JSON.stringify(unknownUnit.json().error.details)).toMatch(/unknown unit .*7-7-777/);
  });
});
