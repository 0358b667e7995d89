import type { AppContext } from '../../context';
import { nowIso } from '../../lib/ids';
import { createPersonAccount } from '../votes/votes.fixture';

/**
 * A small compound for 自治金 tests under 五星社区 (the demo community worker 邹晓敏 reaches it):
 * units 101, 102, 201 and 202 of 1栋; A and A2 live in 101 (one household), B in 102, C in 201, D in 202, and N
 * has an account but no registered home.
 */
export async function seedBudgetFixture(ctx: AppContext, prefix = 'bt') {
  const now = nowIso();
  const base = '/yunlong/yuntian/wuxing/';
  await ctx.db
    .insertInto('nodes')
    .values([
      { id: prefix, parent_id: 'wuxing', kind: 'compound', name: '自治金测试小区', path: `${base}${prefix}/`, created_at: now },
      {
        id: `${prefix}-b1`,
        parent_id: prefix,
        kind: 'building',
        name: '1栋',
        path: `${base}${prefix}/${prefix}-b1/`,
        created_at: now,
      },
    ])
    .execute();
  const unit = (door: string) => ({
    id: `${prefix}-${door}`,
    compound_id: prefix,
    building_id: `${prefix}-b1`,
    stairwell: '1',
    door,
    area_hundredths: 8000,
    area_source: 'registered' as const,
    developer_held: 0,
    created_at: now,
  });
  await ctx.db
    .insertInto('units')
    .values([unit('101'), unit('102'), unit('201'), unit('202')])
    .execute();
  const homes: Record<string, string | null> = { A: '101', A2: '101', B: '102', C: '201', D: '202', N: null };
  const phones: Record<string, string> = {};
  let n = 0;
  for (const [who, door] of Object.entries(homes)) {
    const phone = `1870000${String(100 + n++).padStart(4, '0')}`;
    phones[who] = phone;
    const personId = await createPersonAccount(ctx, phone, `居民${who}`, 'resident', prefix);
    if (door)
      await ctx.db
        .updateTable('people')
        .set({ unit_id: `${prefix}-${door}` })
        .where('id', '=', personId)
        .execute();
  }
  return phones;
}
