import { beforeAll, expect, it } from 'vitest';
import { nowIso } from '../../lib/ids';
import { describeEachDialect, type Session } from '../../test/harness';
import { createAuditRepository } from '../audit/audit.repository';
import { createPersonAccount, FIXTURE, seedVoteFixture } from './votes.fixture';
import { createVotesRepository } from './votes.repository';
import { createVotesService } from './votes.service';

const STAFF1 = '19900000005'; // community worker of 五星社区 (reaches the fixture compound)

// "The electorate is frozen when the vote opens" (issue #21): registry changes made while a vote
// runs change neither who may vote nor the totals it is closed against.

describeEachDialect('votes: the electorate frozen at opening', (h) => {
  const s: Record<string, Session> = {};
  const post = (who: Session | null, url: string, payload?: unknown) =>
    h().as(who, { method: 'POST', url, payload: payload as object });
  const get = (who: Session | null, url: string) => h().as(who, { method: 'GET', url });

  beforeAll(async () => {
    const phones = await seedVoteFixture(h().ctx);
    for (const who of ['A', 'B', 'E'] as const) s[who] = await h().login(phones[who] as string);
    s.staff1 = await h().login(STAFF1);
  });

  it('closes against the electorate frozen at opening, whatever the registry says by then', async () => {
    const opened = await post(s.staff1 as Session, '/api/v1/votes', {
      compoundId: 'vtest',
      kind: 'decision',
      matter: 4,
      title: '冻结名册',
      body: '开票后名册变化不影响计票',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const voteId = opened.json().id as string;
    expect((await post(s.A as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode).toBe(201);

    // While it runs: A's unit doubles, the unowned unit gets an owner, a new unit with a new owner appears.
    const { ctx } = h();
    await ctx.db.updateTable('units').set({ area_hundredths: 20000 }).where('id', '=', 'vt-a').execute();
    const latePhone = '18800000950';
    const late = await createPersonAccount(ctx, latePhone, '新业主', 'resident', 'vtest');
    await ctx.db
      .insertInto('units')
      .values({
        id: 'vt-late',
        compound_id: 'vtest',
        building_id: 'vtest-b1',
        stairwell: '3',
        door: '101',
        area_hundredths: 100000,
        area_source: 'registered',
        developer_held: 0,
        created_at: nowIso(),
      })
      .execute();
    await ctx.db
      .insertInto('unit_owners')
      .values([
        { unit_id: 'vt-late', person_id: late, representative: 0 },
        { unit_id: 'vt-none', person_id: late, representative: 0 },
      ])
      .execute();
    const lateSession = await h().login(latePhone);
    const refused = await post(lateSession, `/api/v1/votes/${voteId}/ballots`, { choice: 'no' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'NOT_A_VOTER']);
    expect((await post(s.B as Session, `/api/v1/votes/${voteId}/ballots`, { choice: 'no' })).statusCode).toBe(201);
    expect((await get(s.staff1 as Session, `/api/v1/votes/${voteId}/electorate`)).json().totals).toEqual(FIXTURE.totals);

    const later = createVotesService({
      db: ctx.db,
      votes: createVotesRepository(ctx.db, ctx.dialect),
      audit: createAuditRepository(ctx.db, ctx.dialect),
      clock: () => new Date(Date.now() + 3_700_000),
    });
    expect(await later.closeDue()).toBe(1);
    const v = (await get(s.A as Session, `/api/v1/votes/${voteId}`)).json();
    // A counts with the 100.00 m² frozen at opening, not the 200.00 registered since.
    expect(v.result).toEqual({
      kind: 'decision',
      matter: 4,
      rule: 'majority',
      totals: { owners: 6, area: '560.00' },
      participated: { owners: 2, area: '180.00' },
      yes: { owners: 1, area: '100.00' },
      no: { owners: 1, area: '80.00' },
      abstain: { owners: 0, area: '0.00' },
      quorumMet: false,
      passed: false,
    });
    expect(await later.closeDue()).toBe(0);
    // closed once, by the job (no actor), with the figures it closed on
    const closedEntries = await ctx.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'action', 'target_type', 'node_id', 'details'])
      .where('target_id', '=', voteId)
      .where('action', '=', 'vote.closed')
      .execute();
    expect(closedEntries.map((e) => ({ ...e, details: JSON.parse(e.details ?? 'null') }))).toEqual([
      {
        actor_account_id: null,
        action: 'vote.closed',
        target_type: 'vote',
        node_id: 'vtest',
        details: { participated: { owners: 2, area: '180.00' }, quorumMet: false, passed: false },
      },
    ]);
  });
});
