import type { AppContext } from '../../context';
import type { AuthContext } from '../accounts/policy';
import { createNoticesService } from './notices.service';

const V1 = `第一条 爱护小区公共环境，不乱扔垃圾，垃圾分类投放。
第二条 文明养犬，及时清理犬只粪便。
第三条 不在楼道堆放杂物，保持消防通道畅通。
第四条 邻里之间互帮互助、和睦相处。
第五条 积极参加小区志愿服务和家园美化清洁行动。`;

const V2 = `第一条 爱护小区公共环境，不乱扔垃圾，垃圾分类投放。
第二条 文明养犬，出门牵绳，及时清理犬只粪便。
第三条 不在楼道堆放杂物，保持消防通道畅通。
第四条 不在公共绿化带内种菜、圈地，共同维护绿化成果。
第五条 邻里之间互帮互助、和睦相处。
第六条 积极参加小区志愿服务和家园美化清洁行动。`;

async function authOf(ctx: AppContext, phone: string): Promise<AuthContext | null> {
  const a = await ctx.accounts.findByPhone(phone);
  if (!a) return null;
  return {
    accountId: a.id,
    personId: a.person_id,
    sessionId: 'demo-seed',
    csrfToken: '',
    lang: 'zh-CN',
    largeText: false,
    grants: await ctx.accounts.grantsOf(a.id),
    actingFor: null,
  };
}

/** Notices and a 居民公约 with two versions for the demo; skipped when already there. */
export async function seedNoticesDemo(ctx: AppContext, at: Date = new Date()): Promise<void> {
  const any = await ctx.db.selectFrom('convention_versions').select('id').where('node_id', '=', 'wuxingaz').executeTakeFirst();
  if (any) return;
  const district = await authOf(ctx, '19900000008');
  const secretary = await authOf(ctx, '19900000003');
  const resident = await authOf(ctx, '19900000001');
  if (!district || !secretary) return;
  const svc = createNoticesService({ db: ctx.db, notices: ctx.notices, audit: ctx.audit });
  await svc.create(district, {
    nodeId: 'yunlong',
    title: '关于开展“家园美化清洁行动”的通知',
    body: '各小区党支部：本月最后一个周六上午 9:00，请组织“党团妇”志愿服务队开展家园美化清洁行动，清理楼道杂物和绿化带垃圾。',
  });
  await svc.create(district, {
    nodeId: 'zhoucheng',
    title: '轴承生活小区提质改造工程竣工公示',
    body: '轴承生活小区提质改造工程（疏通管网、硬化路面、补植绿化、安装监控）已竣工验收，资金使用明细见项目公开页，欢迎居民监督。',
  });
  await svc.create(secretary, {
    nodeId: 'wuxingaz',
    title: '本周四健康义诊',
    body: '周四上午 8:30–11:30 在小区党员活动室免费测血压、血糖。行动不便的老人请告知楼栋长，医护人员上门服务。',
    expiresAt: new Date(at.getTime() + 14 * 86_400_000).toISOString(),
  });
  await svc.publishVersion(secretary, 'wuxingaz', {
    title: '五星社区安置小区居民公约',
    body: V1,
    note: '首次公布',
    baseVersion: 0,
  });
  await svc.publishVersion(secretary, 'wuxingaz', {
    title: '五星社区安置小区居民公约',
    body: V2,
    note: '经党群议事会讨论，增加不在绿化带种菜一条',
    baseVersion: 1,
  });
  if (resident) await svc.acknowledge(resident, 'wuxingaz', 2);
}
