import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { seedDemo } from './seed-demo';

async function count(q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }): Promise<number> {
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describeEachDialect('demo.seed', (h) => {
  it('reproduces the article: 216 households in 轴承生活小区', async () => {
    const { db } = h().ctx;
    const households = await count(
      db
        .selectFrom('units')
        .select(sql<number>`count(distinct units.id)`.as('n'))
        .innerJoin('people', 'people.unit_id', 'units.id')
        .where('units.compound_id', '=', 'zhoucheng'),
    );
    expect(households).toBe(216);
  });

  it('reproduces the article: 450 households and 1,800 people in 五星社区安置小区, ~100 volunteers', async () => {
    const { db } = h().ctx;
    const households = await count(
      db
        .selectFrom('units')
        .select(sql<number>`count(distinct units.id)`.as('n'))
        .innerJoin('people', 'people.unit_id', 'units.id')
        .where('units.compound_id', '=', 'wuxingaz'),
    );
    const people = await count(
      db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .select(sql<number>`count(*)`.as('n'))
        .where('units.compound_id', '=', 'wuxingaz'),
    );
    const volunteers = await count(
      db
        .selectFrom('people')
        .select(sql<number>`count(*)`.as('n'))
        .where('node_id', '=', 'wuxingaz')
        .where('tags', 'like', '%"志愿者"%'),
    );
    expect(households).toBe(450);
    expect(people).toBe(1800);
    expect(volunteers).toBe(100);
  });

  it('gives 万玉清 (80, living alone, disabled) a 4th-floor home and 黄园 her volunteer and party tags', async () => {
    const { db } = h().ctx;
    const wan = await db
      .selectFrom('people')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .select(['birth_year', 'tags', 'door'])
      .where('people.id', '=', 'p-19900000001')
      .executeTakeFirstOrThrow();
    expect(wan.birth_year).toBe(1946);
    expect(JSON.parse(wan.tags)).toEqual(expect.arrayContaining(['独居老人', '残疾']));
    expect(wan.door.startsWith('4')).toBe(true);
    const huang = await db
      .selectFrom('people')
      .select(['tags', 'unit_id'])
      .where('id', '=', 'p-19900000002')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(huang.tags)).toEqual(expect.arrayContaining(['志愿者', '党员']));
    expect(huang.unit_id).toBeTruthy();
  });

  it('reproduces 龙升: 500+ residents, a branch founded in August with 46 members, the committee chaired by its secretary', async () => {
    const { db } = h().ctx;
    const people = await count(
      db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .select(sql<number>`count(*)`.as('n'))
        .where('units.compound_id', '=', 'longshengaz'),
    );
    expect(people).toBeGreaterThan(500);
    const branch = await db.selectFrom('branches').selectAll().where('compound_id', '=', 'longshengaz').executeTakeFirstOrThrow();
    expect(branch.founded_on?.slice(0, 7)).toBe('2026-08');
    expect(
      await count(db.selectFrom('branch_members').select(sql<number>`count(*)`.as('n')).where('branch_id', '=', branch.id)),
    ).toBe(46);
    const committee = await db
      .selectFrom('committees')
      .selectAll()
      .where('compound_id', '=', 'longshengaz')
      .executeTakeFirstOrThrow();
    // 交叉任职: the branch secretary (the holder of the role, one fact) chairs the committee.
    const secretary = await db
      .selectFrom('role_grants')
      .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
      .select(['accounts.person_id', 'accounts.phone'])
      .where('role_grants.node_id', '=', 'longshengaz')
      .where('role_grants.role', '=', 'branch_secretary')
      .where('role_grants.revoked_at', 'is', null)
      .execute();
    expect(secretary).toEqual([{ person_id: committee.chair_person_id, phone: '19900000043' }]);
    expect(committee.founded_on?.slice(0, 7)).toBe('2026-09');
  });

  it('has 10 compound branches and 4 demonstration sites in the district', async () => {
    const { db } = h().ctx;
    expect(await count(db.selectFrom('branches').select(sql<number>`count(*)`.as('n')))).toBe(10);
    expect(await count(db.selectFrom('branches').select(sql<number>`count(*)`.as('n')).where('demonstration', '=', 1))).toBe(4);
    expect(
      await count(db.selectFrom('stations').select(sql<number>`count(*)`.as('n')).where('compound_id', '=', 'zhoucheng')),
    ).toBe(5);
  });

  it('includes developer-held units, co-owned units and owners of several units', async () => {
    const { db } = h().ctx;
    expect(
      await count(db.selectFrom('units').select(sql<number>`count(*)`.as('n')).where('developer_held', '=', 1)),
    ).toBeGreaterThan(3);
    const coOwned = await db
      .selectFrom('unit_owners')
      .select('unit_id')
      .groupBy('unit_id')
      .having(sql`count(*)`, '>', 1)
      .execute();
    expect(coOwned.length).toBeGreaterThan(5);
    const multi = await db
      .selectFrom('unit_owners')
      .select('person_id')
      .groupBy('person_id')
      .having(sql`count(*)`, '>', 1)
      .execute();
    expect(multi.length).toBeGreaterThan(5);
  });

  it('is safe to run twice (second run adds nothing)', async () => {
    const { ctx } = h();
    const before = await count(ctx.db.selectFrom('people').select(sql<number>`count(*)`.as('n')));
    const again = await seedDemo(ctx);
    expect(again.people).toBe(0);
    expect(await count(ctx.db.selectFrom('people').select(sql<number>`count(*)`.as('n')))).toBe(before);
  });
});
