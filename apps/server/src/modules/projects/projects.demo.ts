import type { AppContext } from '../../context';
import { saveImage } from '../../lib/uploads';
import type { AuthContext } from '../accounts/policy';
import { createRollup } from '../dashboard/rollup';
import { seedNoticesDemo } from '../notices/notices.demo';
import { demoPhoto } from './demo-images';
import { createProjectsService } from './projects.service';

const TITLE = '轴承生活小区提质改造工程';
/** The district admin of the demo (刘贞) records the project, as a district would. */
const RECORDER_PHONE = '19900000008';

const ITEMS = [
  { name: '疏通管网', budgetFen: 86_000_000 },
  { name: '硬化路面', budgetFen: 124_000_000 },
  { name: '补植绿化', budgetFen: 38_000_000 },
  { name: '安装监控', budgetFen: 49_000_000 },
];

/** Spending entries: [item, yuan×100 (fen), date, note]. Sums stay within each item's budget. */
const SPENDING: Array<[string, number, string, string]> = [
  ['疏通管网', 42_000_000, '2025-10-15', '主管网清淤及破损管段更换（第一期）'],
  ['疏通管网', 41_500_000, '2025-10-30', '雨污分流改造（第二期）'],
  ['硬化路面', 61_000_000, '2025-10-28', '主干道沥青摊铺'],
  ['硬化路面', 60_800_000, '2025-11-18', '楼间道路硬化及停车位划线'],
  ['补植绿化', 36_200_000, '2025-11-26', '补植乔灌木、铺设草皮'],
  ['安装监控', 47_600_000, '2025-12-10', '出入口及楼道高清监控 48 路'],
];

/**
 * The article's 近300万元 renovation of 轴承生活小区 (last October): four work items, funding,
 * milestones, spending with the amounts audited, before/after photos, published for the public.
 * Then the notices and 居民公约 demo, and last the dashboard rollups over every module's demo data
 * (so this call goes at the end of seedDemo).
 */
export async function seedProjectsDemo(ctx: AppContext, at: Date = new Date()): Promise<void> {
  const exists = await ctx.db
    .selectFrom('projects')
    .select('id')
    .where('node_id', '=', 'zhoucheng')
    .where('title', '=', TITLE)
    .executeTakeFirst();
  const account = await ctx.accounts.findByPhone(RECORDER_PHONE);
  if (!exists && account) {
    const auth: AuthContext = {
      accountId: account.id,
      personId: account.person_id,
      sessionId: 'demo-seed',
      csrfToken: '',
      lang: 'zh-CN',
      largeText: false,
      grants: await ctx.accounts.grantsOf(account.id),
      actingFor: null,
    };
    const svc = createProjectsService({ db: ctx.db, projects: ctx.projects, audit: ctx.audit });
    const p = await svc.create(auth, {
      nodeId: 'zhoucheng',
      title: TITLE,
      summary:
        '轴承生活小区建于上世纪八十年代，是原株洲轴承总厂职工宿舍区，居住着 216 户破产企业职工。去年 10 月，区里统筹投入近 300 万元进行提质改造：疏通管网、硬化路面、补植绿化、安装监控，为小区实行业主自治创造良好的硬件条件。',
      contractor: '株洲市城建市政工程有限公司',
      status: 'in_progress',
      progress: 10,
      startedOn: '2025-10-08',
      funding: [
        { source: '区财政老旧小区改造资金', amountFen: 250_000_000 },
        { source: '学林街道配套资金', amountFen: 47_000_000 },
      ],
      items: ITEMS,
      milestones: [
        { title: '开工', dueOn: '2025-10-08' },
        { title: '管网疏通完成', dueOn: '2025-10-31' },
        { title: '路面硬化完成', dueOn: '2025-11-20' },
        { title: '绿化、监控完工', dueOn: '2025-12-15' },
        { title: '竣工验收', dueOn: '2025-12-28' },
      ],
    });
    const itemId = new Map(p.items.map((i) => [i.name, i.id]));
    for (const [item, amountFen, spentOn, note] of SPENDING) {
      await svc.addSpending(auth, p.id, { itemId: itemId.get(item) ?? '', amountFen, spentOn, note, voucherUploadId: null });
    }
    for (const kind of ['before', 'after'] as const) {
      const img = await saveImage(ctx, demoPhoto(kind), { nodeId: 'zhoucheng', accountId: account.id });
      await svc.addPhoto(auth, p.id, {
        kind,
        uploadId: img.id,
        caption: kind === 'before' ? '改造前：坑洼路面' : '改造后：平整的柏油路',
        // Photos of the road alone, taken by the community: published with the project.
        publicConsent: true,
      });
    }
    const done = ['2025-10-08', '2025-10-30', '2025-11-19', '2025-12-12', '2025-12-28'];
    const detail = await svc.getForStaff(auth, p.id);
    for (const [i, m] of detail.milestones.entries()) await svc.setMilestone(auth, p.id, m.id, done[i] ?? null);
    await svc.patch(auth, p.id, { status: 'completed', progress: 100, finishedOn: '2025-12-28', published: true });
  }
  await seedNoticesDemo(ctx, at);
  await createRollup(ctx.dashboard).rebuild();
}
