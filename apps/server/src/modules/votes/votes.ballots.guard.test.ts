import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import type { AuthContext } from '../accounts/policy';
import { createAuditRepository } from '../audit/audit.repository';
import { createPersonAccount, seedVoteFixture } from './votes.fixture';
import { paperCheck, paperCode, readPaperCode, unitOfCode } from './votes.paper';
import { createVotesRepository } from './votes.repository';
import { createVotesService } from './votes.service';
import { receiptHash } from './votes.shared';

const STAFF1 = '19900000005'; // community worker of 五星社区 (reaches the fixture compound)
const OTHER_STAFF = '19900000004'; // committee member of another compound
const OUTSIDER = '19900000001'; // a resident of another compound
const VTEST_PATH = '/yunlong/yuntian/wuxing/vtest/';
const PINNED_CHECKS = ['GUGWEU', 'YJC9QJ', 'DKTSRS'];

// "An owner's online ballot: once per subject, final, within the window" (votes.service.ts
// castOnline; issue #21): the exact row and public audit entry a ballot writes, the window's two
// edges to the millisecond, who is refused with which answer, and a burst from one owner.

describeEachDialect('votes: an online ballot, once, final, within the window', (h) => {
  const s: Record<string, Session> = {};
  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });

  /** The fixture owner as the service sees them: a resident of the fixture compound. */
  const ownerAuth = (who: Session): AuthContext => ({
    accountId: who.accountId,
    personId: who.personId,
    sessionId: 'test',
    csrfToken: 'test',
    lang: 'zh-CN',
    largeText: false,
    grants: [{ role: 'resident', nodeId: 'vtest', path: VTEST_PATH }],
    actingFor: null,
  });
  /** The votes service with its clock at `at`. */
  const serviceAt = (at: Date) => {
    const { ctx } = h();
    return createVotesService({
      db: ctx.db,
      votes: createVotesRepository(ctx.db, ctx.dialect),
      audit: createAuditRepository(ctx.db, ctx.dialect),
      clock: () => at,
    });
  };
  const open = async (body: Record<string, unknown>) => {
    const res = await post(s.staff1 as Session, '/api/v1/votes', { compoundId: 'vtest', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const ballots = async (voteId: string) =>
    h()
      .ctx.db.selectFrom('vote_ballots')
      .select(['subject', 'choice', 'channel', 'status', 'cast_by_person_id'])
      .where('vote_id', '=', voteId)
      .orderBy('subject')
      .execute();
  const subjectOf = async (voteId: string, who: Session) =>
    (
      await h()
        .ctx.db.selectFrom('vote_voters')
        .select('subject')
        .where('vote_id', '=', voteId)
        .where('person_id', '=', who.personId)
        .executeTakeFirstOrThrow()
    ).subject;
  /** A committee member of the fixture compound, as the service sees them. */
  const staffAuth = (who: Session): AuthContext => ({
    ...ownerAuth(who),
    grants: [{ role: 'committee_member', nodeId: 'vtest', path: VTEST_PATH }],
  });
  const errorOf = (e: unknown) => {
    const err = e as { status?: number; code?: string };
    return [err.status, err.code];
  };

  beforeAll(async () => {
    const phones = await seedVoteFixture(h().ctx);
    for (const [who, phone] of Object.entries(phones)) s[who] = await h().login(phone);
    s.staff1 = await h().login(STAFF1);
    s.otherStaff = await h().login(OTHER_STAFF);
    s.outsider = await h().login(OUTSIDER);
    // A fourth committee member of the compound, also a volunteer of another compound (listed first).
    const { ctx } = h();
    const fourth = await createPersonAccount(ctx, '18800000902', '第四位委员', 'volunteer', 'longshengaz');
    const account = await ctx.db.selectFrom('accounts').select('id').where('person_id', '=', fourth).executeTakeFirstOrThrow();
    await ctx.accounts.grant({ accountId: account.id, role: 'committee_member', nodeId: 'vtest', grantedBy: null });
    s.staff4 = await h().login('18800000902');
  });

  it('writes exactly one ballot row and one public audit entry that names neither the voter nor the row', async () => {
    const voteId = await open({ kind: 'decision', matter: 4, title: '更换门禁', closesAt: new Date(Date.now() + 3_600_000) });
    const cast = await post(s.A as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' });
    expect(cast.statusCode, cast.body).toBe(201);
    const { receipt, ballotId } = cast.json() as { receipt: string; ballotId: string };
    const rows = await h().ctx.db.selectFrom('vote_ballots').selectAll().where('vote_id', '=', voteId).execute();
    expect(rows.map(({ created_at: _at, ...r }) => r)).toEqual([
      {
        id: ballotId,
        vote_id: voteId,
        subject: await subjectOf(voteId, s.A as Session),
        choice: 'yes',
        channel: 'online',
        status: 'counted',
        cast_by_person_id: (s.A as Session).personId,
        entered_by: null,
        confirmed_by: null,
        confirmed_at: null,
        receipt_hash: receiptHash(receipt),
      },
    ]);
    const entries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'on_behalf_of', 'action', 'target_type', 'target_id', 'node_id', 'details'])
      .where('action', '=', 'vote.ballot_cast')
      .where('target_id', '=', receiptHash(receipt))
      .execute();
    expect(entries.map((e) => ({ ...e, details: JSON.parse(String(e.details)) }))).toEqual([
      {
        actor_account_id: null,
        on_behalf_of: null,
        action: 'vote.ballot_cast',
        target_type: 'ballot',
        target_id: receiptHash(receipt),
        node_id: 'vtest',
        details: { voteId, channel: 'online' },
      },
    ]);
  });

  it('takes a ballot from the first millisecond of the window to the last, never outside it', async () => {
    const opensAt = new Date(Date.now() + 600_000);
    const closesAt = new Date(opensAt.getTime() + 3_600_000);
    const voteId = await open({ kind: 'decision', matter: 4, title: '窗口边界', opensAt, closesAt });
    const cast = (at: number, who: Session) =>
      serviceAt(new Date(at))
        .castOnline(ownerAuth(who), voteId, 'no')
        .then(() => 'taken', errorOf);

    expect(await cast(opensAt.getTime() - 1, s.A as Session)).toEqual([409, 'VOTE_NOT_OPEN']);
    expect(await cast(opensAt.getTime(), s.A as Session)).toBe('taken');
    expect(await cast(closesAt.getTime() - 1, s.B as Session)).toBe('taken');
    expect(await cast(closesAt.getTime(), s.D as Session)).toEqual([409, 'VOTE_CLOSED']);
    expect((await ballots(voteId)).map((b) => b.cast_by_person_id).sort()).toEqual(
      [(s.A as Session).personId, (s.B as Session).personId].sort(),
    );

    // Closed by staff inside its window: refused although the clock says open.
    await h().ctx.db.updateTable('votes').set({ status: 'closed' }).where('id', '=', voteId).execute();
    expect(await cast(opensAt.getTime() + 60_000, s.E as Session)).toEqual([409, 'VOTE_CLOSED']);
    expect(await ballots(voteId)).toHaveLength(2);
  });

  it('answers each non-voter exactly: 403 to whom the compound knows, 404 to everyone else; writes nothing', async () => {
    const voteId = await open({ kind: 'decision', matter: 4, title: '谁能投票', closesAt: new Date(Date.now() + 3_600_000) });
    const answers: Array<[string, number, string, unknown]> = [];
    for (const who of ['C', 'staff2', 'staff1', 'staff4', 'otherStaff', 'outsider'] as const) {
      const res = await post(s[who] as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' });
      answers.push([who, res.statusCode, res.json().error.code, res.json().error.details ?? null]);
    }
    const unknown = await post(s.A as Session, '/api/v1/votes/no-such-vote/ballots', { choice: 'yes' });
    answers.push(['unknown vote', unknown.statusCode, unknown.json().error.code, unknown.json().error.details]);
    const hidden = { resource: 'vote' };
    expect(answers).toEqual([
      ['C', 403, 'NOT_A_VOTER', null], // a co-owner whose representative is D
      ['staff2', 403, 'NOT_A_VOTER', null], // staff of the compound who own nothing in it
      ['staff1', 403, 'NOT_A_VOTER', null], // a community worker above the compound
      ['staff4', 403, 'NOT_A_VOTER', null], // staff of this compound and a volunteer elsewhere
      ['otherStaff', 404, 'NOT_FOUND', hidden],
      ['outsider', 404, 'NOT_FOUND', hidden],
      ['unknown vote', 404, 'NOT_FOUND', hidden],
    ]);
    expect(await ballots(voteId)).toEqual([]);
  });

  it('refuses a choice the vote does not offer (400 on the field) and keeps the ballot open for a valid one', async () => {
    const decision = await open({ kind: 'decision', matter: 4, title: '选项', closesAt: new Date(Date.now() + 3_600_000) });
    const consult = await open({
      kind: 'consultation',
      title: '充电桩位置',
      options: ['东门', '北门'],
      closesAt: new Date(Date.now() + 3_600_000),
    });
    const tried: Array<[string, string, number, unknown]> = [];
    for (const [id, choice] of [
      [decision, 'o1'],
      [decision, 'YES'],
      [consult, 'yes'],
      [consult, 'o3'],
    ] as const) {
      const res = await post(s.E as Session, `/api/v1/votes/${id}/ballots`, { choice });
      const fields = res.json().error.details.fields as Array<{ path: string; reason: string }>;
      tried.push([id === decision ? 'decision' : 'consultation', choice, res.statusCode, fields.map((f) => [f.path, f.reason])]);
    }
    const notAnOption = [['choice', 'not an option of this vote']];
    expect(tried).toEqual([
      ['decision', 'o1', 400, notAnOption],
      ['decision', 'YES', 400, [['choice', 'invalid_format']]], // refused by the schema before the service
      ['consultation', 'yes', 400, notAnOption],
      ['consultation', 'o3', 400, notAnOption],
    ]);
    expect([...(await ballots(decision)), ...(await ballots(consult))]).toEqual([]);
    for (const [id, choice] of [
      [decision, 'abstain'],
      [consult, 'o2'],
    ] as const) {
      expect((await post(s.E as Session, `/api/v1/votes/${id}/ballots`, { choice })).statusCode).toBe(201);
    }
    expect((await ballots(decision)).map((b) => b.choice)).toEqual(['abstain']);
    expect((await ballots(consult)).map((b) => b.choice)).toEqual(['o2']);
  });

  it('gives a burst of six ballots from one owner exactly one 201; the five others are ALREADY_VOTED', async () => {
    const voteId = await open({ kind: 'decision', matter: 4, title: '同时投票', closesAt: new Date(Date.now() + 3_600_000) });
    const choices = ['yes', 'no', 'abstain', 'yes', 'no', 'abstain'];
    const answers = await Promise.all(
      choices.map((choice) => post(s.B as Session, `/api/v1/votes/${voteId}/ballots`, { choice })),
    );
    const codes = answers.map((r) => (r.statusCode === 201 ? 201 : `${r.statusCode} ${r.json().error.code}`));
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c !== 201)).toEqual(Array(5).fill('409 ALREADY_VOTED'));
    const winner = choices[codes.indexOf(201)];
    expect(await ballots(voteId)).toEqual([
      {
        subject: await subjectOf(voteId, s.B as Session),
        choice: winner,
        channel: 'online',
        status: 'counted',
        cast_by_person_id: (s.B as Session).personId,
      },
    ]);
    // Final: a later change of mind is refused and changes nothing.
    const again = await post(s.B as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'no' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'ALREADY_VOTED']);
    expect((await ballots(voteId)).map((b) => b.choice)).toEqual([winner]);
  });

  it('counts a paper ballot with who keyed it and when, and writes the same public entry as an online one', async () => {
    const voteId = await open({ kind: 'decision', matter: 4, title: '纸质票', closesAt: new Date(Date.now() + 3_600_000) });
    const at = new Date(Date.now() + 60_000);
    const svc = serviceAt(at);
    const key = (who: Session, unit: string, choice: string) =>
      svc.keyPaper(staffAuth(who), voteId, paperCode(voteId, unit), choice);
    const [staff1, staff2, staff3] = [s.staff1, s.staff2, s.staff3] as [Session, Session, Session];
    // Agreed by two; a mismatch decided by a third.
    expect((await key(staff1, '1-1-102', 'yes')).status).toBe('waiting');
    const agreed = (await key(staff2, '1-1-102', 'yes')).settled;
    await key(staff2, '1-1-201', 'yes');
    expect((await key(staff1, '1-1-201', 'no')).status).toBe('mismatch');
    const decided = (await key(staff3, '1-1-201', 'no')).settled;
    if (!agreed || !decided) throw new Error('not settled');
    const subjects = await h()
      .ctx.db.selectFrom('vote_units')
      .select(['unit', 'subject'])
      .where('vote_id', '=', voteId)
      .where('unit', 'in', ['1-1-102', '1-1-201'])
      .orderBy('unit')
      .execute();
    const row = (id: string, unit: string, choice: string, receipt: string, first: Session, last: Session) => ({
      id,
      vote_id: voteId,
      subject: subjects.find((u) => u.unit === unit)?.subject,
      choice,
      channel: 'paper',
      status: 'counted',
      cast_by_person_id: null,
      entered_by: first.accountId,
      confirmed_by: last.accountId,
      confirmed_at: at.toISOString(),
      receipt_hash: receiptHash(receipt),
      created_at: at.toISOString(),
    });
    const rows = await h()
      .ctx.db.selectFrom('vote_ballots')
      .selectAll()
      .where('vote_id', '=', voteId)
      .orderBy('choice')
      .execute();
    expect(rows).toEqual([
      row(decided.ballotId, '1-1-201', 'no', decided.receipt, staff2, staff3),
      row(agreed.ballotId, '1-1-102', 'yes', agreed.receipt, staff1, staff2),
    ]);
    const entries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'action', 'target_type', 'target_id', 'node_id', 'details'])
      .where('action', '=', 'vote.ballot_cast')
      .where('target_id', 'in', [receiptHash(agreed.receipt), receiptHash(decided.receipt)])
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => ({ ...e, details: JSON.parse(String(e.details)) }))).toEqual(
      [agreed, decided].map((b) => ({
        actor_account_id: null,
        action: 'vote.ballot_cast',
        target_type: 'ballot',
        target_id: receiptHash(b.receipt),
        node_id: 'vtest',
        details: { voteId, channel: 'paper' },
      })),
    );
    // Every keying: its kind, slot, keyer, value and time (the service's clock), and its public
    // entry naming the slot, never the value.
    const keyed = await h()
      .ctx.db.selectFrom('paper_keyings')
      .select(['kind', 'item', 'slot', 'account_id', 'value', 'created_at'])
      .where('scope_id', '=', voteId)
      .orderBy('item')
      .orderBy('slot')
      .execute();
    const k = (item: string, slot: number, who: Session, value: string) => ({
      kind: 'vote',
      item,
      slot,
      account_id: who.accountId,
      value,
      created_at: at.toISOString(),
    });
    expect(keyed.map((r) => ({ ...r, slot: Number(r.slot) }))).toEqual([
      k('1-1-102', 1, staff1, 'yes'),
      k('1-1-102', 2, staff2, 'yes'),
      k('1-1-201', 1, staff2, 'yes'),
      k('1-1-201', 2, staff1, 'no'),
      k('1-1-201', 3, staff3, 'no'),
    ]);
    const keyEntries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'target_type', 'target_id', 'node_id', 'details'])
      .where('action', '=', 'paper.keyed')
      .where('target_id', '=', voteId)
      .orderBy('seq')
      .execute();
    expect(keyEntries.map((e) => [e.actor_account_id, e.target_type, e.node_id, JSON.parse(String(e.details))])).toEqual([
      [staff1.accountId, 'vote', 'vtest', { item: '1-1-102', slot: 1, status: 'waiting' }],
      [staff2.accountId, 'vote', 'vtest', { item: '1-1-102', slot: 2, status: 'agreed' }],
      [staff2.accountId, 'vote', 'vtest', { item: '1-1-201', slot: 1, status: 'waiting' }],
      [staff1.accountId, 'vote', 'vtest', { item: '1-1-201', slot: 2, status: 'mismatch' }],
      [staff3.accountId, 'vote', 'vtest', { item: '1-1-201', slot: 3, status: 'decided' }],
    ]);

    // A unit whose owner voted online, a settled ballot and a keying after closing are refused, and
    // none of them writes a keying.
    const before = await h().ctx.db.selectFrom('paper_keyings').select('item').where('scope_id', '=', voteId).execute();
    await svc.castOnline(ownerAuth(s.E as Session), voteId, 'yes');
    expect(await key(staff3, '1-1-202', 'no').then(() => 'keyed', errorOf)).toEqual([409, 'UNIT_ALREADY_VOTED']);
    expect(await key(staff3, '1-1-102', 'no').then(() => 'keyed', errorOf)).toEqual([409, 'KEYING_SETTLED']);
    // Decided by a third: a fourth keyer is told it is settled, too.
    expect(await key(s.staff4 as Session, '1-1-201', 'yes').then(() => 'keyed', errorOf)).toEqual([409, 'KEYING_SETTLED']);
    expect(
      await serviceAt(new Date(Date.now() + 3_600_000))
        .keyPaper(staffAuth(staff1), voteId, paperCode(voteId, '1-2-202'), 'no')
        .then(() => 'keyed', errorOf),
    ).toEqual([409, 'VOTE_CLOSED']);
    expect(await h().ctx.db.selectFrom('paper_keyings').select('item').where('scope_id', '=', voteId).execute()).toEqual(before);
  });
});

// The code printed on a paper ballot (votes.paper.ts): what it reads, and what it refuses.
describe('votes: a paper ballot code', () => {
  it('is the unit and six symbols of the vote-and-unit hash, the same every time', () => {
    expect(paperCheck('v1', '1-1-202')).toBe(paperCheck('v1', '1-1-202'));
    expect(paperCheck('v1', '1-1-202')).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
    expect(paperCode('v1', '1-1-202')).toBe(`1-1-202.${paperCheck('v1', '1-1-202')}`);
    // Pinned: a printed ballot stays valid across releases.
    expect([paperCheck('v1', '1-1-202'), paperCheck('v2', '1-1-202'), paperCheck('v1', '1-1-201')]).toEqual(PINNED_CHECKS);
  });

  it('reads a typed code, a lower-case one, one with spaces, and the keying URL a phone camera hands over', () => {
    const check = paperCheck('v1', '1-1-202');
    const url = `https://lianxin.example/votes/v1/keying?x=1&code=${encodeURIComponent(`1-1-202.${check}`)}#top`;
    expect(
      [`1-1-202.${check}`, `  1-1-202.${check.toLowerCase()} `, `1-1-202 . ${check}`, url].map((c) => readPaperCode(c)),
    ).toEqual(Array(4).fill({ label: '1-1-202', check }));
    // A unit label with dots keeps all but the last.
    expect(readPaperCode('A.1-101.XYZ')).toEqual({ label: 'A.1-101', check: 'XYZ' });
    expect(['1-1-202', '.ABCDEF', ' .ABCDEF', '', '   ']).toSatisfy((codes: string[]) =>
      codes.every((c) => readPaperCode(c) === null),
    );
  });

  it('names its unit only when the check value is right for this vote (else PAPER_CODE_INVALID)', () => {
    expect(unitOfCode('v1', paperCode('v1', '1-1-202'))).toBe('1-1-202');
    expect(unitOfCode('v1', `1-1-202.${paperCheck('v1', '1-1-202').toLowerCase()}`)).toBe('1-1-202');
    const refused = [paperCode('v2', '1-1-202'), `1-1-201.${paperCheck('v1', '1-1-202')}`, '1-1-202', ''].map((c) => {
      try {
        return unitOfCode('v1', c);
      } catch (e) {
        return (e as { code: string }).code;
      }
    });
    expect(refused).toEqual(Array(4).fill('PAPER_CODE_INVALID'));
  });
});
