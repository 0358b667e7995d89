import type { Role } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { hashPassword } from '../accounts/passwords';
import { expand, localDay, occKeyOf, parseRrule } from '../calendar/rrule';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { parseTags } from './audience';
import { parseLocal } from './events.service';
import { newTicketCode } from './tickets.service';

const COMPOUND = 'wuxingaz';
const HEALTH_COMPOUND = 'zhoucheng';
const SECRETARY = 'p-19900000003'; // 李建国
const MEDIC = 'p-19900000006'; // 何勇
const WAN = 'p-19900000001'; // 万玉清
const DAY = 24 * 3600 * 1000;

/** Accounts this module adds for its journeys (listed in the report; same demo password). */
export const EVENTS_DEMO_ACCOUNTS: Array<{
  phone: string;
  name: string;
  role: Role;
  nodeId: string;
  birthYear: number;
  tags: string[];
}> = [
  { phone: '19900000611', name: '刘洋', role: 'resident', nodeId: COMPOUND, birthYear: 1997, tags: ['团员'] },
  { phone: '19900000612', name: '张秀英', role: 'resident', nodeId: COMPOUND, birthYear: 1970, tags: ['妇联'] },
];

interface DemoEvent {
  key: string;
  group: string | null;
  kind: 'activity' | 'health_check' | 'daycare';
  title: string;
  place: string;
  time: string;
  durationMin: number;
  rrule: string;
  capacity: number | null;
  minAge: number | null;
  maxAge: number | null;
  organiser: string;
  node: string;
  description: string;
}

/**
 * The article's clubs in 五星社区安置小区 (篮球俱乐部, 阅读社 for the young; 广场舞 and 戏曲 teams
 * every evening on the 党建文化广场; the 日间照料中心 for those over 60, open daily) and the monthly
 * health check in 轴承生活小区 with its home-visit list; some sign-ups, attendance and day-care
 * check-ins over the past weeks. Skipped when the clubs already exist.
 */
export async function seedEventsDemo(ctx: AppContext, at: Date = new Date()) {
  const existing = await ctx.groups.listRelated('/yunlong/yuntian/wuxing/wuxingaz/');
  if (existing.some((g) => g.name === '篮球俱乐部' && g.node_id === COMPOUND)) return { groups: 0, events: 0 };

  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of EVENTS_DEMO_ACCOUNTS) {
    if (await ctx.accounts.findByPhone(a.phone)) continue;
    const personId = `p-${a.phone}`;
    await ctx.db
      .insertInto('people')
      .values({
        id: personId,
        node_id: a.nodeId,
        name: a.name,
        phone: a.phone,
        birth_year: a.birthYear,
        tags: JSON.stringify(a.tags),
        id_number: null,
        created_at: at.toISOString(),
        erased_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const accountId = await ctx.accounts.create({ personId, phone: a.phone, passwordHash: hash });
    await ctx.accounts.grant({ accountId, role: a.role, nodeId: a.nodeId, grantedBy: null });
  }

  const noAudit = async () => {};
  const groups: Record<string, string> = {};
  const groupDefs = [
    {
      key: 'basketball',
      kind: 'club' as const,
      name: '篮球俱乐部',
      description: '青年篮球爱好者的俱乐部，每周六下午友谊赛。',
      minAge: 14,
      maxAge: 40,
    },
    {
      key: 'reading',
      kind: 'club' as const,
      name: '阅读社',
      description: '面向青少年和年轻人的读书会，每月分享一本书。',
      minAge: 12,
      maxAge: 45,
    },
    {
      key: 'dance',
      kind: 'club' as const,
      name: '广场舞表演队',
      description: '每晚在党建文化广场排练，欢迎中年姐妹加入。',
      minAge: null,
      maxAge: null,
    },
    {
      key: 'opera',
      kind: 'club' as const,
      name: '戏曲表演队',
      description: '花鼓戏、京剧爱好者，每晚在党建文化广场排练。',
      minAge: null,
      maxAge: null,
    },
    {
      key: 'daycare',
      kind: 'daycare' as const,
      name: '日间照料中心',
      description: '为 60 岁以上老人提供日间照料、助餐和文娱活动，每天开放。',
      minAge: 60,
      maxAge: null,
    },
  ];
  for (const g of groupDefs) {
    groups[g.key] = await ctx.groups.insert(
      {
        node_id: COMPOUND,
        kind: g.kind,
        name: g.name,
        description: g.description,
        min_age: g.minAge,
        max_age: g.maxAge,
        tags: '[]',
      },
      noAudit,
    );
  }

  const today = localDay(at);
  const startDay = localDay(new Date(at.getTime() - 28 * DAY));
  const defs: DemoEvent[] = [
    {
      key: 'basketball',
      group: 'basketball',
      kind: 'activity',
      title: '篮球友谊赛',
      place: '小区篮球场',
      time: '15:00',
      durationMin: 120,
      rrule: 'FREQ=WEEKLY;BYDAY=SA',
      capacity: 20,
      minAge: 14,
      maxAge: 40,
      organiser: 'p-19900000611',
      node: COMPOUND,
      description: '自带球鞋，场边有饮用水。',
    },
    {
      key: 'reading',
      group: 'reading',
      kind: 'activity',
      title: '阅读分享会',
      place: '五星社区图书室',
      time: '14:30',
      durationMin: 90,
      rrule: 'FREQ=MONTHLY;BYDAY=1SU',
      capacity: 15,
      minAge: 12,
      maxAge: 45,
      organiser: SECRETARY,
      node: COMPOUND,
      description: '本月共读《平凡的世界》。',
    },
    {
      key: 'dance',
      group: 'dance',
      kind: 'activity',
      title: '广场舞排练',
      place: '党建文化广场',
      time: '19:00',
      durationMin: 90,
      rrule: 'FREQ=DAILY',
      capacity: null,
      minAge: null,
      maxAge: null,
      organiser: 'p-19900000612',
      node: COMPOUND,
      description: '每晚排练，雨天暂停。',
    },
    {
      key: 'opera',
      group: 'opera',
      kind: 'activity',
      title: '戏曲排练',
      place: '党建文化广场',
      time: '19:30',
      durationMin: 90,
      rrule: 'FREQ=DAILY',
      capacity: null,
      minAge: null,
      maxAge: null,
      organiser: SECRETARY,
      node: COMPOUND,
      description: '花鼓戏《刘海砍樵》选段。',
    },
    {
      key: 'daycare',
      group: 'daycare',
      kind: 'daycare',
      title: '日间照料中心开放',
      place: '日间照料中心',
      time: '08:30',
      durationMin: 510,
      rrule: 'FREQ=DAILY',
      capacity: 40,
      minAge: 60,
      maxAge: null,
      organiser: SECRETARY,
      node: COMPOUND,
      description: '午餐助餐、量血压、棋牌和看报。',
    },
    {
      key: 'craft',
      group: 'daycare',
      kind: 'daycare',
      title: '日间照料·手工课',
      place: '日间照料中心活动室',
      time: '09:30',
      durationMin: 90,
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU',
      capacity: 12,
      minAge: 60,
      maxAge: null,
      organiser: SECRETARY,
      node: COMPOUND,
      description: '剪纸和编中国结，材料由中心准备。',
    },
    {
      key: 'health',
      group: null,
      kind: 'health_check',
      title: '每月免费健康体检',
      place: '公共卫生服务站',
      time: '08:30',
      durationMin: 180,
      rrule: 'FREQ=MONTHLY;BYDAY=2SA',
      capacity: 60,
      minAge: null,
      maxAge: null,
      organiser: MEDIC,
      node: HEALTH_COMPOUND,
      description: '量血压、测血糖、心电图；行动不便的居民由医护人员上门。',
    },
  ];
  const ids: Record<string, string> = {};
  for (const e of defs) {
    const rule = parseRrule(e.rrule);
    const from = parseLocal(
      `${e.key === 'health' || e.key === 'reading' ? localDay(new Date(at.getTime() - 70 * DAY)) : startDay}T${e.time}`,
    );
    const first = expand(from, rule, from, new Date(from.getTime() + 400 * DAY), 1)[0] ?? from;
    ids[e.key] = await ctx.events.insertEvent(
      {
        node_id: e.node,
        group_id: e.group ? (groups[e.group] ?? null) : null,
        kind: e.kind,
        title: e.title,
        place: e.place,
        description: e.description,
        starts_at: first.toISOString(),
        duration_min: e.durationMin,
        rrule: e.rrule,
        capacity: e.capacity,
        min_age: e.minAge,
        max_age: e.maxAge,
        tags: '[]',
        signup_opens_hours: null,
        signup_closes_min: 0,
        organiser_person_id: e.organiser,
      },
      noAudit,
    );
  }

  // Members and leaders, from the registry's people of the compound.
  const year = Number(today.slice(0, 4));
  const people = (await ctx.events.peopleUnder('/yunlong/yuntian/wuxing/wuxingaz/')).filter((p) => p.birth_year !== null);
  const isAccount = (id: string) => /^p-199000006/.test(id) || /^p-1990000000/.test(id);
  const elders = people.filter((p) => year - (p.birth_year ?? year) >= 60 && !isAccount(p.id)).slice(0, 24);
  const youngs = people
    .filter((p) => year - (p.birth_year ?? 0) <= 35 && year - (p.birth_year ?? 0) >= 16 && !isAccount(p.id))
    .slice(0, 16);
  const women = people
    .filter((p) => year - (p.birth_year ?? 0) >= 40 && year - (p.birth_year ?? 0) < 65 && !isAccount(p.id))
    .slice(0, 18);
  const join = (g: string, id: string, role: 'member' | 'leader' = 'member') =>
    ctx.groups.join(groups[g] as string, id, role, noAudit);
  await join('basketball', 'p-19900000611', 'leader');
  await join('dance', 'p-19900000612', 'leader');
  await join('opera', SECRETARY, 'leader');
  await join('daycare', SECRETARY, 'leader');
  await join('reading', SECRETARY, 'leader');
  for (const p of youngs) await join(p.id.charCodeAt(p.id.length - 1) % 2 ? 'basketball' : 'reading', p.id);
  for (const [i, p] of women.entries()) await join(i % 3 === 0 ? 'opera' : 'dance', p.id);
  for (const p of elders) await join('daycare', p.id);
  await join('daycare', WAN);

  // Past sign-ups with attendance (the last two weeks), and some future places taken.
  const now = at;
  const signAndAttend = async (
    eventKey: string,
    durationMin: number,
    personIds: string[],
    from: Date,
    to: Date,
    attendRate: number,
    capacity: number | null,
  ) => {
    const ev = defs.find((d) => d.key === eventKey) as DemoEvent;
    const eventId = ids[eventKey] as string;
    const startRow = await ctx.events.findEvent(eventId);
    if (!startRow) return 0;
    let n = 0;
    for (const [k, start] of expand(new Date(startRow.starts_at), parseRrule(ev.rrule), from, to).entries()) {
      const init = {
        event_id: eventId,
        occ_key: occKeyOf(start),
        starts_at: start.toISOString(),
        ends_at: new Date(start.getTime() + durationMin * 60_000).toISOString(),
        capacity,
      };
      for (const [i, pid] of personIds.entries()) {
        if ((i + k) % 3 === 2) continue;
        const s = await ctx.events.signUp(
          init,
          { personId: pid, ticketCode: newTicketCode(), actorAccountId: 'demo', channel: null },
          noAudit,
        );
        n++;
        if (start < now && s.status === 'confirmed' && (i * 7 + k) % 10 < attendRate * 10)
          await ctx.events.checkIn(s.id, 'demo', noAudit);
      }
    }
    return n;
  };
  const twoWeeksAgo = new Date(now.getTime() - 14 * DAY);
  let signups = 0;
  signups += await signAndAttend(
    'dance',
    90,
    women.filter((_, i) => i % 3 !== 0).map((p) => p.id),
    twoWeeksAgo,
    now,
    0.8,
    null,
  );
  signups += await signAndAttend(
    'craft',
    90,
    elders.slice(0, 10).map((p) => p.id),
    twoWeeksAgo,
    now,
    0.9,
    12,
  );
  signups += await signAndAttend(
    'craft',
    90,
    elders.slice(10, 14).map((p) => p.id),
    now,
    new Date(now.getTime() + 3 * DAY),
    0,
    12,
  );
  signups += await signAndAttend(
    'basketball',
    120,
    youngs.map((p) => p.id),
    twoWeeksAgo,
    new Date(now.getTime() + 8 * DAY),
    0.7,
    20,
  );

  // Day-care check-ins for the past week.
  for (let d = 7; d >= 1; d--) {
    const day = localDay(new Date(now.getTime() - d * DAY));
    for (const [i, p] of elders.entries()) {
      if ((i + d) % 4 === 0) continue;
      await ctx.daycare.checkIn({ node_id: COMPOUND, person_id: p.id, day, checked_in_by: 'demo' }, noAudit).catch(() => null);
    }
  }

  // The health check's home-visit list in 轴承生活小区: one visit recorded already.
  const housebound = (await ctx.events.peopleUnder('/yunlong/xuelin/sanchong/zhoucheng/')).filter((p) =>
    parseTags(p.tags).some((t) => ['残疾', '独居老人'].includes(t)),
  );
  const medicAccount = await ctx.accounts.findByPhone('19900000006');
  if (housebound[0] && medicAccount) {
    await ctx.health.addVisit(
      {
        event_id: ids.health as string,
        person_id: housebound[0].id,
        outcome: 'visited',
        visited_on: localDay(new Date(now.getTime() - 12 * DAY)),
        visitor_account_id: medicAccount.id,
        note: '上门量血压，已送检测报告',
      },
      noAudit,
    );
  }
  return { groups: groupDefs.length, events: defs.length, signups };
}
