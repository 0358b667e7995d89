import { createHash } from 'node:crypto';
import type { AppContext } from '../../context';
import { newId } from '../../lib/ids';
import { hashPassword } from '../accounts/passwords';
import type { AuthContext } from '../accounts/policy';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { loadElectorate } from '../registry/electorate';
import { createVotesRepository } from './votes.repository';
import { createVotesService, newReceiptCode, receiptHash } from './votes.service';

/** Phones of the demo owner accounts created for 五星社区安置小区 (password DEMO_PASSWORD). */
export const DEMO_OWNER_PHONES = ['19900001001', '19900001002', '19900001003', '19900001004'] as const;

const LONGSHENG_TITLE = '选举龙升社区安置小区第一届业主委员会';

/** A deterministic number in [0, 1) from a text, so the demo ballots are the same on every machine. */
function unitRandom(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

async function staffAuth(ctx: AppContext, phone: string): Promise<AuthContext | null> {
  const account = await ctx.accounts.findByPhone(phone);
  if (!account) return null;
  return {
    accountId: account.id,
    personId: account.person_id,
    sessionId: 'demo-seed',
    csrfToken: '',
    lang: 'zh-CN',
    largeText: false,
    grants: await ctx.accounts.grantsOf(account.id),
    actingFor: null,
  };
}

/**
 * Owner accounts for a few units of 五星社区安置小区, so owners can vote online in the demo: the
 * registered owners (their one voter) of the first units in address order that have no account.
 */
async function seedOwnerAccounts(ctx: AppContext): Promise<Array<{ phone: string; name: string; units: string[] }>> {
  const created: Array<{ phone: string; name: string; units: string[] }> = [];
  if (await ctx.accounts.findByPhone(DEMO_OWNER_PHONES[0])) return created;
  const electorate = await loadElectorate(ctx.db, 'wuxingaz');
  const hash = await hashPassword(DEMO_PASSWORD);
  let i = 0;
  for (const s of electorate.subjects) {
    const phone = DEMO_OWNER_PHONES[i];
    if (!phone) break;
    const personId = s.voters.length === 1 ? s.voters[0] : undefined;
    if (!personId || s.developer) continue;
    if (await ctx.db.selectFrom('accounts').select('id').where('person_id', '=', personId).executeTakeFirst()) continue;
    const person = await ctx.db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst();
    const accountId = await ctx.accounts.create({ personId, phone, passwordHash: hash });
    await ctx.accounts.grant({ accountId, role: 'resident', nodeId: 'wuxingaz', grantedBy: null });
    created.push({ phone, name: person?.name ?? '', units: s.units });
    i++;
  }
  return created;
}

/**
 * The September vote that set up the 业委会 of 龙升社区安置小区 (matter 3, art. 278), closed with its
 * result, and an open consultation in 五星社区安置小区. Idempotent: skipped when already there.
 */
export async function seedVotesDemo(ctx: AppContext, at: Date = new Date()) {
  const owners = await seedOwnerAccounts(ctx);
  const repo = createVotesRepository(ctx.db, ctx.dialect);
  const existing = await ctx.db.selectFrom('votes').select('id').where('title', '=', LONGSHENG_TITLE).executeTakeFirst();
  const staff = await staffAuth(ctx, '19900000004'); // 周桂兰, committee member at 龙升社区安置小区
  const hasUnits = await ctx.db
    .selectFrom('units')
    .select('id')
    .where('compound_id', '=', 'longshengaz')
    .limit(1)
    .executeTakeFirst();
  if (existing || !staff || !hasUnits) return { owners, votes: 0 };

  const september = createVotesService({
    db: ctx.db,
    votes: repo,
    audit: ctx.audit,
    clock: () => new Date('2026-09-06T01:00:00.000Z'),
  });
  const voteId = await september.create(staff, {
    compoundId: 'longshengaz',
    kind: 'decision',
    matter: 3,
    title: LONGSHENG_TITLE,
    body: '根据《民法典》第二百七十八条，选举业主委员会由业主共同决定。候选人由小区党支部推荐、业主自荐产生，书记兼任业委会主任候选人，实行“双向进入、交叉任职”。',
    closesAt: '2026-09-20T10:00:00.000Z',
  });

  // About 84% of owners took part, about 88% of them in favour: the figures of a real resettlement compound.
  const electorate = await repo.listElectorate(voteId);
  await repo.transaction(async (trx) => {
    for (const s of electorate) {
      const voters = JSON.parse(s.voters) as string[];
      const r = unitRandom(`longsheng-${s.subject}`);
      if (r >= 0.84) continue;
      const choice = r < 0.74 ? 'yes' : r < 0.8 ? 'no' : 'abstain';
      // Owners nobody can cast for online (no owner on record) stayed away in the demo.
      const voter = voters[0];
      if (!voter) continue;
      await repo.insertBallot(trx, {
        id: newId(),
        vote_id: voteId,
        subject: s.subject,
        choice,
        channel: 'online',
        status: 'counted',
        cast_by_person_id: voter,
        entered_by: null,
        confirmed_by: null,
        confirmed_at: null,
        receipt_hash: receiptHash(newReceiptCode()),
        created_at: `2026-09-${String(7 + Math.floor(r * 12)).padStart(2, '0')}T02:00:00.000Z`,
      });
    }
  });
  const closer = createVotesService({
    db: ctx.db,
    votes: repo,
    audit: ctx.audit,
    clock: () => new Date('2026-09-20T10:00:05.000Z'),
  });
  await closer.closeDue();

  // A live, non-binding consultation in 五星社区安置小区, open for 30 days from seeding.
  const secretary = await staffAuth(ctx, '19900000003'); // 李建国
  if (secretary) {
    await createVotesService({ db: ctx.db, votes: repo, audit: ctx.audit }).create(secretary, {
      compoundId: 'wuxingaz',
      kind: 'consultation',
      title: '电动自行车集中充电棚建在哪里？',
      body: '为消除楼道充电的安全隐患，小区计划建一处集中充电棚，请业主选择位置。本次为意见征询，不作为业主共同决定。',
      options: ['东门停车区', '3栋与4栋之间绿地旁', '北门空地'],
      closesAt: new Date(at.getTime() + 30 * 24 * 3600 * 1000).toISOString(),
    });
  }
  return { owners, votes: 2 };
}
