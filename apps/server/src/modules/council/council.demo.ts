import type { Role } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { hashPassword } from '../accounts/passwords';
import type { AuthContext } from '../accounts/policy';
import { councilServices } from './council.routes';

/** Demo password (same as DEMO_PASSWORD in modules/demo/seed-demo.ts; kept here to avoid a cycle). */
const PASSWORD = 'lianxin2026';

/**
 * Extra demo accounts at 龙升社区安置小区 the council walk-through needs: two residents and the
 * branch secretary who chairs the 业委会 (交叉任职). The registry engineer may list them in
 * DEMO_ACCOUNTS.
 */
export const COUNCIL_DEMO_ACCOUNTS: Array<{ phone: string; name: string; role: Role; nodeId: string }> = [
  { phone: '19900000041', name: '张秀英', role: 'resident', nodeId: 'longshengaz' },
  { phone: '19900000042', name: '刘德明', role: 'resident', nodeId: 'longshengaz' },
  { phone: '19900000043', name: '彭建华', role: 'branch_secretary', nodeId: 'longshengaz' },
];

/** Council members at 龙升 without accounts (people only). */
const EXTRA_MEMBERS = [
  { id: 'p-council-ls-1', name: '王建军', kind: 'branch', title: '党支部委员' },
  { id: 'p-council-ls-2', name: '李春梅', kind: 'owners_committee', title: '业委会委员' },
  { id: 'p-council-ls-3', name: '陈国庆', kind: 'resident_rep', title: '居民代表' },
  { id: 'p-council-ls-4', name: '赵玉兰', kind: 'resident_rep', title: '居民代表' },
];

async function ensureAccount(
  ctx: AppContext,
  a: { phone: string; name: string; role: Role; nodeId: string },
  hash: string,
  at: Date,
) {
  const found = await ctx.accounts.findByPhone(a.phone);
  if (found) return found.id;
  let personId = `p-${a.phone}`;
  if (a.role === 'branch_secretary') {
    // The branch secretary is one person: the one the registry made secretary and 业委会 chair
    // (交叉任职) gets the account and the role, under the article's name, so the organisation
    // page and the role say the same.
    const chair = await ctx.db
      .selectFrom('committees')
      .select('chair_person_id')
      .where('compound_id', '=', a.nodeId)
      .executeTakeFirst();
    if (chair?.chair_person_id) {
      personId = chair.chair_person_id;
      await ctx.db.updateTable('people').set({ name: a.name, phone: a.phone }).where('id', '=', personId).execute();
    }
  }
  await ctx.db
    .insertInto('people')
    .values({
      id: personId,
      node_id: a.nodeId,
      name: a.name,
      phone: a.phone,
      birth_year: null,
      id_number: null,
      created_at: at.toISOString(),
      erased_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const accountId = await ctx.accounts.create({ personId, phone: a.phone, passwordHash: hash });
  await ctx.accounts.grant({ accountId, role: a.role, nodeId: a.nodeId, grantedBy: null });
  return accountId;
}

/** A signed-in-like context for seeding through the services (so demo data obeys the rules). */
async function authFor(ctx: AppContext, phone: string): Promise<AuthContext | null> {
  const acc = await ctx.accounts.findByPhone(phone);
  if (!acc) return null;
  return {
    accountId: acc.id,
    personId: acc.person_id,
    sessionId: 'demo-seed',
    csrfToken: '',
    lang: 'zh-CN',
    largeText: false,
    grants: await ctx.accounts.grantsOf(acc.id),
    actingFor: null,
  };
}

/**
 * The article's case at 龙升社区安置小区 — vegetables grown in the green belts, raised by a
 * resident, supported, put to the September council, decided (clear the plots, find a place
 * outside the compound), carried out and resolved — plus a few open issues in each demo compound.
 * Skipped when council issues already exist.
 */
export async function seedCouncilDemo(ctx: AppContext, at: Date = new Date()): Promise<void> {
  const any = await ctx.db.selectFrom('council_issues').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const hash = await hashPassword(PASSWORD);
  for (const a of COUNCIL_DEMO_ACCOUNTS) await ensureAccount(ctx, a, hash, at);
  const now = at.toISOString();
  for (const m of EXTRA_MEMBERS) {
    await ctx.db
      .insertInto('people')
      .values({
        id: m.id,
        node_id: 'longshengaz',
        name: m.name,
        phone: null,
        birth_year: null,
        id_number: null,
        created_at: now,
        erased_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  const s = councilServices(ctx);
  const secretary = await authFor(ctx, '19900000043');
  const resident = await authFor(ctx, '19900000041');
  const neighbour = await authFor(ctx, '19900000042');
  const committee = await authFor(ctx, '19900000004');
  if (!secretary || !resident || !neighbour) return;

  const members: Array<{ personId: string; kind: 'branch' | 'owners_committee' | 'resident_rep'; title: string }> = [
    { personId: secretary.personId, kind: 'branch', title: '党支部书记、业委会主任' },
    ...(committee ? [{ personId: committee.personId, kind: 'owners_committee' as const, title: '业委会委员' }] : []),
    { personId: 'p-19900000041', kind: 'resident_rep', title: '居民代表' },
    ...EXTRA_MEMBERS.map((m) => ({
      personId: m.id,
      kind: m.kind as 'branch' | 'owners_committee' | 'resident_rep',
      title: m.title,
    })),
  ];
  for (const m of members)
    await s.meetingsService.addMember(secretary, { compoundId: 'longshengaz', ...m }).catch(() => undefined);

  const plotId = await s.issues.raise(resident, {
    compoundId: 'longshengaz',
    title: '绿化带被开垦种菜',
    description: '小区3栋和5栋之间的绿化带被部分居民开垦成菜地，浇粪水有异味，还引来蚊虫，破坏了绿化。希望党支部和业委会管一管。',
    category: 'greenery',
    photoIds: [],
  });
  await s.issues.support(neighbour, plotId);
  if (committee) await s.issues.support(committee, plotId);
  await s.issues.comment(neighbour, plotId, '种菜的多是上了年纪的老人，能不能在小区外面找块地给他们种？');

  const meetingId = await s.meetingsService.create(secretary, {
    compoundId: 'longshengaz',
    kind: 'monthly',
    title: '9月党群议事会',
    scheduledAt: '2026-09-15T07:30:00.000Z',
    place: '小区党群服务站',
  });
  const itemId = await s.meetingsService.addAgendaItem(secretary, meetingId, { issueId: plotId });
  await s.meetingsService.setStatus(secretary, meetingId, 'in_session');
  const memberRows = await s.meetings.members('longshengaz');
  for (const m of memberRows) await s.meetingsService.setAttendance(secretary, meetingId, m.id, true);
  await s.meetingsService.markDiscussed(secretary, itemId, '种菜居民代表到会说明情况，大家认为绿化带是全体业主的共有部分。');
  const chair = memberRows.find((m) => m.person_id === secretary.personId) ?? memberRows[0];
  const present = memberRows.length;
  const decisionId = await s.meetingsService.decide(secretary, meetingId, {
    agendaItemId: itemId,
    text: '清理绿化带内的菜地，恢复绿化；由党支部协调小区外的闲置地块，供有需要的居民种菜。',
    votesFor: Math.max(1, present - 1),
    votesAgainst: 0,
    votesAbstain: present > 1 ? 1 : 0,
    responsibleMemberId: chair?.id ?? '',
    deadline: '2026-10-15',
    noticeDays: 7,
  });
  await s.meetingsService.setMinutes(
    secretary,
    meetingId,
    '一、议题：绿化带种菜问题。\n二、讨论：与会成员一致认为绿化带属于业主共有部分，不宜种菜；同时要照顾老人种菜的需求。\n三、决定：清理菜地、恢复绿化，在小区外协调地块。',
  );
  await s.meetingsService.setStatus(secretary, meetingId, 'closed');
  const actions = [
    { title: '张贴公告并逐户告知种菜居民', ownerLabel: '党支部', dueOn: '2026-09-20' },
    { title: '协调小区外闲置地块作为居民菜园', ownerLabel: '业委会', dueOn: '2026-10-05' },
    { title: '组织党员志愿者清理菜地、补植绿化', ownerLabel: '党员志愿服务队', dueOn: '2026-10-15' },
  ];
  await s.issues.start(secretary, plotId, '落实决定：公告、协调地块、清理补植。');
  for (const a of actions) {
    const id = await s.meetingsService.addAction(secretary, decisionId, a);
    await s.meetingsService.completeAction(secretary, id, '已完成');
  }
  await s.issues.resolve(secretary, plotId, '菜地已清理，绿化已补植；小区外菜园已划分给12户居民。');
  await dateTheStory(ctx, plotId, meetingId, decisionId);

  // A few open issues in each demo compound.
  await s.issues.raise(neighbour, {
    compoundId: 'longshengaz',
    title: '消防通道被电动车占用',
    description: '2栋东侧的消防通道晚上停满电动车，万一有事消防车进不来。',
    category: 'safety',
    photoIds: [],
  });
  await s.issues.raise(resident, {
    compoundId: 'longshengaz',
    title: '小区东门路灯不亮',
    description: '东门进来第二盏路灯坏了一个多星期，晚上老人走路不安全。',
    category: 'facility_repair',
    photoIds: [],
  });
  const others: Array<
    [
      string,
      string,
      { title: string; description: string; category: 'environment' | 'parking' | 'neighbour_dispute' | 'facility_repair' },
    ]
  > = [
    [
      '19900000001',
      'wuxingaz',
      { title: '垃圾分类点夏天异味大', description: '1栋旁的垃圾分类点清运不及时，夏天味道很大。', category: 'environment' },
    ],
    [
      '19900000001',
      'wuxingaz',
      { title: '广场舞音乐太晚', description: '晚上九点半以后广场上音乐还很响，影响老人休息。', category: 'neighbour_dispute' },
    ],
    [
      '19900000010',
      'zhoucheng',
      { title: '小区门口乱停车', description: '大门两侧经常有外来车辆停放，救护车进出困难。', category: 'parking' },
    ],
    [
      '19900000010',
      'zhoucheng',
      { title: '3栋楼道灯坏了', description: '3栋2单元三楼到五楼的声控灯不亮。', category: 'facility_repair' },
    ],
  ];
  for (const [phone, compoundId, issue] of others) {
    const who = await authFor(ctx, phone);
    if (who) await s.issues.raise(who, { compoundId, ...issue, photoIds: [] }).catch(() => undefined);
  }
}

/** When each step of the case happened (UTC; 09:30 in 株洲 is 01:30Z), as the article tells it. */
const STORY = {
  raised: '2026-09-02T01:30:00.000Z',
  supports: ['2026-09-02T04:10:00.000Z', '2026-09-03T01:45:00.000Z'],
  comment: '2026-09-03T02:05:00.000Z',
  meetingCreated: '2026-09-05T01:00:00.000Z',
  meetingOpened: '2026-09-15T07:30:00.000Z',
  meetingClosed: '2026-09-15T09:20:00.000Z',
  decided: '2026-09-15T08:30:00.000Z',
  actionsDone: ['2026-09-19T03:00:00.000Z', '2026-10-04T03:00:00.000Z', '2026-10-14T03:00:00.000Z'],
  resolved: '2026-10-16T02:00:00.000Z',
  /** The timeline's events in order, and when each happened. */
  events: [
    ['raised', '2026-09-02T01:30:00.000Z'],
    ['on_agenda', '2026-09-05T01:05:00.000Z'],
    ['discussed', '2026-09-15T07:55:00.000Z'],
    ['decided', '2026-09-15T08:30:00.000Z'],
    ['in_progress', '2026-09-16T01:00:00.000Z'],
    ['action_done', '2026-09-19T03:00:00.000Z'],
    ['action_done', '2026-10-04T03:00:00.000Z'],
    ['action_done', '2026-10-14T03:00:00.000Z'],
    ['resolved', '2026-10-16T02:00:00.000Z'],
  ],
} as const;

const day = (iso: string) => iso.slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The services stamp each step with the moment it was seeded; the demo's public timeline should
 * read like the weeks the case took. Dates the case's rows as the article tells it (the audit log
 * keeps the real moments it was written). Runs before the dashboard rollups are rebuilt, so the
 * months there agree.
 */
async function dateTheStory(ctx: AppContext, issueId: string, meetingId: string, decisionId: string): Promise<void> {
  const events = await ctx.db
    .selectFrom('council_events')
    .select(['id', 'kind'])
    .where('issue_id', '=', issueId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  // Only a story told the way it is written here is re-dated.
  if (events.map((e) => e.kind).join() !== STORY.events.map(([k]) => k).join()) return;
  const decision = await ctx.db
    .selectFrom('council_decisions')
    .select(['notice_from', 'notice_until'])
    .where('id', '=', decisionId)
    .executeTakeFirstOrThrow();
  const noticeDays = Math.round((Date.parse(decision.notice_until) - Date.parse(decision.notice_from)) / 86_400_000);
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, e] of events.entries()) {
      await trx
        .updateTable('council_events')
        .set({ at: STORY.events[i]?.[1] ?? STORY.resolved })
        .where('id', '=', e.id)
        .execute();
    }
    await trx
      .updateTable('council_issues')
      .set({ created_at: STORY.raised, updated_at: STORY.resolved, closed_at: STORY.resolved })
      .where('id', '=', issueId)
      .execute();
    const supports = await trx.selectFrom('council_supports').select('person_id').where('issue_id', '=', issueId).execute();
    for (const [i, sp] of supports.entries()) {
      await trx
        .updateTable('council_supports')
        .set({ created_at: STORY.supports[i] ?? STORY.supports[0] })
        .where('issue_id', '=', issueId)
        .where('person_id', '=', sp.person_id)
        .execute();
    }
    await trx.updateTable('council_comments').set({ created_at: STORY.comment }).where('issue_id', '=', issueId).execute();
    await trx
      .updateTable('council_meetings')
      .set({ created_at: STORY.meetingCreated, opened_at: STORY.meetingOpened, closed_at: STORY.meetingClosed })
      .where('id', '=', meetingId)
      .execute();
    await trx
      .updateTable('council_agenda_items')
      .set({ created_at: STORY.events[1][1] })
      .where('meeting_id', '=', meetingId)
      .execute();
    await trx
      .updateTable('council_decisions')
      .set({ created_at: STORY.decided, notice_from: day(STORY.decided), notice_until: addDays(day(STORY.decided), noticeDays) })
      .where('id', '=', decisionId)
      .execute();
    const actions = await trx
      .selectFrom('council_actions')
      .select('id')
      .where('decision_id', '=', decisionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const [i, a] of actions.entries()) {
      const at = STORY.actionsDone[i] ?? STORY.resolved;
      await trx
        .updateTable('council_actions')
        .set({ created_at: STORY.events[4][1], done_at: at })
        .where('id', '=', a.id)
        .execute();
    }
  });
}
