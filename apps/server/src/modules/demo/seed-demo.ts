import type { Role } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { hashPassword } from '../accounts/passwords';
import { seedCouncilDemo } from '../council/council.demo';
import { seedEventsDemo } from '../events/events.demo';
import { seedOrdersDemo } from '../orders/orders.demo';
import { seedProjectsDemo } from '../projects/projects.demo';
import { seedVolunteersDemo } from '../volunteers/volunteers.demo';
import { seedVotesDemo } from '../votes/votes.demo';
import { buildRegistryDemo } from './demo-registry';
import { insertRegistryDemo, registryDemoPresent } from './demo-registry.repository';

/** Every demo account signs in with this password; the login page lists them in demo mode only. */
export const DEMO_PASSWORD = 'lianxin2026';

export interface DemoAccount {
  phone: string;
  name: string;
  role: Role;
  nodeId: string;
}

/** The organisation tree of the article (ids are stable so links and tests can name them). */
export const DEMO_TREE = [
  { id: 'yunlong', parent: null, kind: 'district', name: '株洲经开区·云龙示范区' },
  { id: 'xuelin', parent: 'yunlong', kind: 'subdistrict', name: '学林街道' },
  { id: 'sanchong', parent: 'xuelin', kind: 'community', name: '三冲社区' },
  { id: 'zhoucheng', parent: 'sanchong', kind: 'compound', name: '轴承生活小区' },
  { id: 'yuntian', parent: 'yunlong', kind: 'subdistrict', name: '云田镇' },
  { id: 'wuxing', parent: 'yuntian', kind: 'community', name: '五星社区' },
  { id: 'wuxingaz', parent: 'wuxing', kind: 'compound', name: '五星社区安置小区' },
  { id: 'longtoupu', parent: 'yunlong', kind: 'subdistrict', name: '龙头铺街道' },
  { id: 'longsheng', parent: 'longtoupu', kind: 'community', name: '龙升社区' },
  { id: 'longshengaz', parent: 'longsheng', kind: 'compound', name: '龙升社区安置小区' },
  // The district's other seven compound branches (10 in all, as the article counts).
  { id: 'sanchongxc', parent: 'sanchong', kind: 'compound', name: '三冲新村' },
  { id: 'xuelinsq', parent: 'xuelin', kind: 'community', name: '学林社区' },
  { id: 'xuelinya', parent: 'xuelinsq', kind: 'compound', name: '学林雅苑' },
  { id: 'jinlong', parent: 'xuelinsq', kind: 'compound', name: '金龙小区' },
  { id: 'wuxinghy', parent: 'wuxing', kind: 'compound', name: '五星花园' },
  { id: 'yuntiansq', parent: 'yuntian', kind: 'community', name: '云田社区' },
  { id: 'yuntianjy', parent: 'yuntiansq', kind: 'compound', name: '云田家园' },
  { id: 'longshengjy', parent: 'longsheng', kind: 'compound', name: '龙升佳苑' },
  { id: 'longtousq', parent: 'longtoupu', kind: 'community', name: '龙头铺社区' },
  { id: 'longtouxc', parent: 'longtousq', kind: 'compound', name: '龙头新城' },
] as const;

/** One demo account per role (phones in the reserved-looking 1990000xxxx range). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { phone: '19900000001', name: '万玉清', role: 'resident', nodeId: 'wuxingaz' },
  { phone: '19900000002', name: '黄园', role: 'volunteer', nodeId: 'wuxingaz' },
  { phone: '19900000003', name: '李建国', role: 'branch_secretary', nodeId: 'wuxingaz' },
  { phone: '19900000004', name: '周桂兰', role: 'committee_member', nodeId: 'longshengaz' },
  { phone: '19900000005', name: '邹晓敏', role: 'community_worker', nodeId: 'wuxing' },
  { phone: '19900000006', name: '何勇', role: 'medical_staff', nodeId: 'sanchong' },
  { phone: '19900000007', name: '黄闻', role: 'subdistrict_admin', nodeId: 'yuntian' },
  { phone: '19900000008', name: '刘贞', role: 'district_admin', nodeId: 'yunlong' },
  { phone: '19900000009', name: '陈平', role: 'platform_admin', nodeId: 'yunlong' },
  { phone: '19900000010', name: '王淑芬', role: 'volunteer', nodeId: 'zhoucheng' },
];

/** The materialised path of a demo tree node. */
export function pathOf(id: string): string {
  const byId = new Map<string, (typeof DEMO_TREE)[number]>(DEMO_TREE.map((n) => [n.id, n]));
  const parts: string[] = [];
  for (let n = byId.get(id); n; n = n.parent ? byId.get(n.parent) : undefined) parts.unshift(n.id);
  return `/${parts.join('/')}/`;
}

/**
 * Seeds the demo organisation, the registry (buildings, units, owners, people, branches,
 * committees, board consents, stations) and the accounts. Safe to call twice: nodes are skipped
 * when present, the registry when its units exist, accounts when their phone is taken.
 * Other modules add one call to their own demo seeder at the end.
 */
export async function seedDemo(ctx: AppContext, at: Date = new Date()) {
  const now = at.toISOString();
  await ctx.db
    .insertInto('nodes')
    .values(
      DEMO_TREE.map((n) => ({ id: n.id, parent_id: n.parent, kind: n.kind, name: n.name, path: pathOf(n.id), created_at: now })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  let registry = { units: 0, people: 0 };
  if (!(await registryDemoPresent(ctx.db))) {
    const data = buildRegistryDemo();
    await insertRegistryDemo(ctx.db, data, pathOf, at);
    registry = { units: data.units.length, people: data.people.length };
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    if (await ctx.accounts.findByPhone(a.phone)) continue;
    const personId = `p-${a.phone}`;
    // Residents among the demo accounts came in with the registry; staff are people too.
    await ctx.db
      .insertInto('people')
      .values({
        id: personId,
        node_id: a.nodeId,
        name: a.name,
        phone: a.phone,
        birth_year: null,
        id_number: null,
        created_at: now,
        erased_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const accountId = await ctx.accounts.create({ personId, phone: a.phone, passwordHash: hash });
    await ctx.accounts.grant({ accountId, role: a.role, nodeId: a.nodeId, grantedBy: null });
  }
  await seedCouncilDemo(ctx, at);
  const orders = await seedOrdersDemo(ctx, at);
  await seedVolunteersDemo(ctx, at);
  await seedEventsDemo(ctx, at);
  await seedVotesDemo(ctx, at);
  // Last: it also rebuilds the dashboard rollups over every module's demo data.
  await seedProjectsDemo(ctx, at);
  return { nodes: DEMO_TREE.length, accounts: DEMO_ACCOUNTS.length, ...registry, orders };
}
