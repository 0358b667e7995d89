import type { Role } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { nowIso } from '../../lib/ids';
import { hashPassword } from '../accounts/passwords';
import { DEMO_PASSWORD } from '../demo/seed-demo';

/**
 * A small compound for vote tests, under 五星社区 (so the demo community worker reaches it), built
 * to exercise every counting rule:
 *   1-1-101 A 100.00 · 1-1-102 B 80.00 · 1-1-201 C+D co-owners, D representative, 90.00 ·
 *   1-1-202 E 60.00 + 1-2-101 E 40.00 (one buyer) · 1-2-102 and 1-2-201 developer-held 70.00 each ·
 *   1-2-202 no owner recorded 50.00
 * → 6 owners, 560.00 m².
 */
export const FIXTURE = {
  compoundId: 'vtest',
  people: ['A', 'B', 'C', 'D', 'E', 'Dev'] as const,
  totals: { owners: 6, area: '560.00' },
};

export async function createPersonAccount(
  ctx: AppContext,
  phone: string,
  name: string,
  role: Role,
  nodeId: string,
  hash?: string,
) {
  const personId = `p-${phone}`;
  await ctx.db
    .insertInto('people')
    .values({
      id: personId,
      node_id: nodeId,
      name,
      phone,
      birth_year: null,
      id_number: null,
      created_at: nowIso(),
      erased_at: null,
    })
    .execute();
  const accountId = await ctx.accounts.create({ personId, phone, passwordHash: hash ?? (await hashPassword(DEMO_PASSWORD)) });
  await ctx.accounts.grant({ accountId, role, nodeId, grantedBy: null });
  return personId;
}

/** Inserts the fixture compound; returns phone numbers of the owners' and two more staff members' accounts. */
export async function seedVoteFixture(ctx: AppContext) {
  const now = nowIso();
  const base = '/yunlong/yuntian/wuxing/';
  await ctx.db
    .insertInto('nodes')
    .values([
      { id: 'vtest', parent_id: 'wuxing', kind: 'compound', name: '测试小区', path: `${base}vtest/`, created_at: now },
      { id: 'vtest-b1', parent_id: 'vtest', kind: 'building', name: '1栋', path: `${base}vtest/vtest-b1/`, created_at: now },
      { id: 'vempty', parent_id: 'wuxing', kind: 'compound', name: '空小区', path: `${base}vempty/`, created_at: now },
    ])
    .execute();
  const hash = await hashPassword(DEMO_PASSWORD);
  const phones: Record<string, string> = {};
  let n = 0;
  for (const who of FIXTURE.people) {
    const phone = `1880000${String(100 + n++).padStart(4, '0')}`;
    phones[who] = phone;
    await createPersonAccount(ctx, phone, `业主${who}`, 'resident', 'vtest', hash);
  }
  phones.staff2 = '18800000900';
  await createPersonAccount(ctx, phones.staff2, '第二位委员', 'committee_member', 'vtest', hash);
  // A third staff member: the one who decides when two blind keyings of a paper ballot differ.
  phones.staff3 = '18800000901';
  await createPersonAccount(ctx, phones.staff3, '第三位委员', 'committee_member', 'vtest', hash);
  const unit = (id: string, stairwell: string, door: string, area: number, developer = 0) => ({
    id,
    compound_id: 'vtest',
    building_id: 'vtest-b1',
    stairwell,
    door,
    area_hundredths: area,
    area_source: 'registered' as const,
    developer_held: developer,
    created_at: now,
  });
  await ctx.db
    .insertInto('units')
    .values([
      unit('vt-a', '1', '101', 10000),
      unit('vt-b', '1', '102', 8000),
      unit('vt-cd', '1', '201', 9000),
      unit('vt-e1', '1', '202', 6000),
      unit('vt-e2', '2', '101', 4000),
      unit('vt-dev1', '2', '102', 7000, 1),
      unit('vt-dev2', '2', '201', 7000, 1),
      unit('vt-none', '2', '202', 5000),
    ])
    .execute();
  const p = (who: string) => `p-${phones[who]}`;
  await ctx.db
    .insertInto('unit_owners')
    .values([
      { unit_id: 'vt-a', person_id: p('A'), representative: 0 },
      { unit_id: 'vt-b', person_id: p('B'), representative: 0 },
      { unit_id: 'vt-cd', person_id: p('C'), representative: 0 },
      { unit_id: 'vt-cd', person_id: p('D'), representative: 1 },
      { unit_id: 'vt-e1', person_id: p('E'), representative: 0 },
      { unit_id: 'vt-e2', person_id: p('E'), representative: 0 },
      { unit_id: 'vt-dev1', person_id: p('Dev'), representative: 0 },
      { unit_id: 'vt-dev2', person_id: p('Dev'), representative: 0 },
    ])
    .execute();
  return phones;
}
