import fs from 'node:fs';
import path from 'node:path';
import { TEAMS, type TeamName } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { saveImage } from '../../lib/uploads';
import { branchOf } from '../pairing/pairing.service';
import { addDays, todayInChina } from './dates';

type Ctx = Pick<AppContext, 'db' | 'config' | 'hours' | 'volunteers' | 'pairing' | 'zones'>;

const SKILLS = ['代购跑腿', '陪诊', '家电维修', '理发', '心理疏导', '助餐送餐', '电脑手机教学', '保洁', '法律咨询', '文艺'];
const AVAILABILITY = ['工作日晚上', '周末全天', '周六上午', '工作日白天', '随叫随到'];

/** The monthly visits of 黄园 to 万玉清 over the past year, the article's "送大米和食用油" last. */
const HUANG_VISITS = [
  '陪她聊天，帮忙打扫卫生',
  '送过冬的棉被，检查电暖器',
  '陪同去社区卫生站量血压',
  '帮忙交水电费，读社区通知',
  '送米面，清理冰箱里过期食物',
  '陪她到党建文化广场散步',
  '修好卫生间漏水的水龙头（找了维修志愿者）',
  '送防暑药品，检查电风扇',
  '帮忙预约下月的健康体检',
  '陪她过中秋，送月饼',
  '提醒按时吃药，整理药盒',
  '送大米和食用油',
];

/** The wuxingaz zones on the demo plan (pixels of demo-site-plan.png, 1200×800). */
const DEMO_ZONES: Array<{
  name: string;
  type: '绿化' | '停车' | '楼道' | '公共区域';
  polygon: Array<[number, number]>;
  max: number;
  team?: TeamName;
}> = [
  {
    name: '中心绿化带',
    type: '绿化',
    polygon: [
      [70, 150],
      [520, 150],
      [520, 222],
      [70, 222],
    ],
    max: 1,
    team: '团员',
  },
  {
    name: '东侧绿化带',
    type: '绿化',
    polygon: [
      [670, 450],
      [1130, 450],
      [1130, 570],
      [670, 570],
    ],
    max: 1,
    team: '党员',
  },
  {
    name: '党建文化广场',
    type: '公共区域',
    polygon: [
      [670, 170],
      [1130, 170],
      [1130, 350],
      [670, 350],
    ],
    max: 2,
    team: '妇联',
  },
  {
    name: '南停车场',
    type: '停车',
    polygon: [
      [60, 450],
      [540, 450],
      [540, 590],
      [60, 590],
    ],
    max: 1,
  },
  {
    name: '3栋楼道',
    type: '楼道',
    polygon: [
      [70, 250],
      [270, 250],
      [270, 314],
      [70, 314],
    ],
    max: 1,
  },
];

function teamOf(tags: string[]): TeamName | null {
  return TEAMS.find((t) => tags.includes(t)) ?? null;
}

/**
 * Volunteer work of the demo: profiles for everyone the registry tagged 志愿者 (teams from their
 * tags, the first of each team its leader), the 黄园 ↔ 万玉清 pair with a year of monthly visits,
 * a few more pairs (some overdue), the wuxingaz site plan with zones claimed by the teams, duties
 * and three monthly clean-ups. Skipped when the profiles exist already.
 */
export async function seedVolunteersDemo(
  ctx: Ctx,
  at: Date = new Date(),
): Promise<{ profiles: number; visits: number; zones: number }> {
  const any = await ctx.db.selectFrom('volunteer_profiles').select('person_id').limit(1).executeTakeFirst();
  if (any) return { profiles: 0, visits: 0, zones: 0 };
  const today = todayInChina(at);
  const now = at.toISOString();
  const compounds = await ctx.db
    .selectFrom('nodes')
    .select(['id', 'path', 'name'])
    .where('kind', '=', 'compound')
    .orderBy('id')
    .execute();
  let profiles = 0;
  const byCompound = new Map<string, Array<{ id: string; name: string; team: TeamName | null }>>();
  for (const c of compounds) {
    const people = await ctx.volunteers.peopleTagged(c.path, '志愿者');
    // 黄园 leads the party team of wuxingaz: put her first, then the first of each team leads it.
    people.sort((a, b) => (a.id === 'p-19900000002' ? -1 : b.id === 'p-19900000002' ? 1 : 0));
    const led = new Set<string>();
    const rows = people.map((p, i) => {
      const team = teamOf(JSON.parse(p.tags) as string[]);
      const leader = team !== null && !led.has(team);
      if (leader && team) led.add(team);
      return {
        person_id: p.id,
        compound_id: c.id,
        skills: JSON.stringify(
          [SKILLS[i % SKILLS.length], SKILLS[(i * 7 + 3) % SKILLS.length]].filter((s, j, a) => a.indexOf(s) === j),
        ),
        availability: AVAILABILITY[i % AVAILABILITY.length] as string,
        team,
        team_leader: leader ? 1 : 0,
        team_joined_at: team ? now : null,
        status: 'active' as const,
        joined_at: now,
        left_at: null,
        updated_at: now,
        // 黄园 agreed that the elders whose orders she takes may call her (一键呼叫).
        share_phone: p.id === 'p-19900000002' ? 1 : 0,
      };
    });
    for (let i = 0; i < rows.length; i += 200)
      await ctx.db
        .insertInto('volunteer_profiles')
        .values(rows.slice(i, i + 200))
        .execute();
    profiles += rows.length;
    byCompound.set(
      c.id,
      people.map((p) => ({ id: p.id, name: p.name, team: teamOf(JSON.parse(p.tags) as string[]) })),
    );
  }

  const wuxing = compounds.find((c) => c.id === 'wuxingaz');
  if (!wuxing) return { profiles, visits: 0, zones: 0 };
  const organiser = branchOf(wuxing.name);
  let visits = 0;

  // 黄园 ↔ 万玉清: monthly, on the 1st, for the past twelve months.
  const firsts: string[] = [];
  for (let m = 11; m >= 0; m--) {
    const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - m);
    firsts.push(d.toISOString().slice(0, 10));
  }
  const huang = await ctx.db.selectFrom('people').select('id').where('id', 'in', ['p-19900000002', 'p-19900000001']).execute();
  if (huang.length === 2) {
    const lastVisit = firsts[firsts.length - 1] as string;
    const pairId = await ctx.pairing.insert({
      compound_id: wuxing.id,
      volunteer_id: 'p-19900000002',
      resident_id: 'p-19900000001',
      cadence_days: 30,
      starts_on: addDays(firsts[0] as string, -7),
      ends_on: null,
      next_due_on: addDays(lastVisit, 30),
      created_by: null,
    });
    await ctx.db.updateTable('pairings').set({ last_visit_on: lastVisit }).where('id', '=', pairId).execute();
    for (const [i, date] of firsts.entries()) {
      const what = HUANG_VISITS[i] as string;
      const minutes = 60 + (i % 3) * 15;
      const visitId = await ctx.pairing.insertVisit({
        pairing_id: pairId,
        visited_on: date,
        minutes,
        what,
        condition: i === 6 ? 'needs_attention' : 'well',
        order_id: null,
        logged_by: null,
      });
      await ctx.hours.credit({
        person_id: 'p-19900000002',
        compound_id: wuxing.id,
        source_type: 'visit',
        source_id: visitId,
        activity: `结对帮扶：${what}`,
        served_on: date,
        place: `${wuxing.name} · 万玉清家`,
        minutes,
        organiser,
        team: '党员',
      });
      visits++;
    }
  }

  // More pairs: older residents living alone with other volunteers; every third one overdue.
  const elders = await ctx.volunteers.peopleTagged(wuxing.path, '独居老人');
  const vols = (byCompound.get(wuxing.id) ?? []).filter((v) => v.id !== 'p-19900000002');
  const others = elders.filter((e) => e.id !== 'p-19900000001').slice(0, 8);
  for (const [i, elder] of others.entries()) {
    const vol = vols[i * 3];
    if (!vol) break;
    const last = addDays(today, i % 3 === 0 ? -45 - i : -10 - i);
    const pairId = await ctx.pairing.insert({
      compound_id: wuxing.id,
      volunteer_id: vol.id,
      resident_id: elder.id,
      cadence_days: 30,
      starts_on: addDays(last, -60),
      ends_on: null,
      next_due_on: addDays(last, 30),
      created_by: null,
    });
    await ctx.db.updateTable('pairings').set({ last_visit_on: last }).where('id', '=', pairId).execute();
    const visitId = await ctx.pairing.insertVisit({
      pairing_id: pairId,
      visited_on: last,
      minutes: 45,
      what: '上门看望，聊聊家常',
      condition: 'well',
      order_id: null,
      logged_by: null,
    });
    await ctx.hours.credit({
      person_id: vol.id,
      compound_id: wuxing.id,
      source_type: 'visit',
      source_id: visitId,
      activity: '结对帮扶：上门看望，聊聊家常',
      served_on: last,
      place: `${wuxing.name} · ${elder.name}家`,
      minutes: 45,
      organiser,
      team: vol.team,
    });
    visits++;
  }

  // The site plan and its zones.
  const png = fs.readFileSync(path.join(import.meta.dirname, '../zones/demo-site-plan.png'));
  const img = await saveImage({ db: ctx.db, config: ctx.config }, png, {
    nodeId: wuxing.id,
    accountId: null,
    visibility: 'members',
    ownerType: 'site_plan',
    ownerId: wuxing.id,
  });
  await ctx.zones.savePlan({
    compound_id: wuxing.id,
    mime: img.mime,
    width: 1200,
    height: 800,
    storage_key: img.id,
    uploaded_by: null,
  });
  const members = byCompound.get(wuxing.id) ?? [];
  const zoneIds: string[] = [];
  for (const z of DEMO_ZONES) {
    const id = await ctx.zones.insert({
      compound_id: wuxing.id,
      name: z.name,
      type: z.type,
      polygon: JSON.stringify(z.polygon),
      max_claims: z.max,
      created_by: null,
    });
    zoneIds.push(id);
    if (!z.team) continue;
    const leader = members.find((m) => m.team === z.team);
    if (!leader) continue;
    await ctx.zones.takePlace(id);
    await ctx.zones.insertClaim({ zone_id: id, person_id: null, team: z.team, claimed_by: leader.id });
    // A few duties by members of the claiming team.
    const team = members.filter((m) => m.team === z.team).slice(0, 3);
    for (const [i, m] of team.entries()) {
      const doneOn = addDays(today, -7 * (i + 1));
      const what = z.type === '绿化' ? '修剪草坪，捡拾垃圾' : '清扫地面，整理座椅';
      const dutyId = await ctx.zones.insertDuty({
        zone_id: id,
        person_id: m.id,
        done_on: doneOn,
        minutes: 40,
        what,
        photo_key: null,
        photo_mime: null,
      });
      await ctx.hours.credit({
        person_id: m.id,
        compound_id: wuxing.id,
        source_type: 'duty',
        source_id: dutyId,
        activity: `片区包干（${z.name}）：${what}`,
        served_on: doneOn,
        place: `${wuxing.name} · ${z.name}`,
        minutes: 40,
        organiser,
        team: m.team,
      });
    }
  }

  // 家园美化清洁行动: the last Saturday-ish of each of the past three months.
  for (let m = 3; m >= 1; m--) {
    const d = new Date(`${today.slice(0, 7)}-20T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - m);
    const heldOn = d.toISOString().slice(0, 10);
    const attendees = members.slice(m * 5, m * 5 + 12).map((p) => ({ personId: p.id, minutes: 120 }));
    const id = await ctx.zones.insertCleanup(
      { compound_id: wuxing.id, held_on: heldOn, title: '家园美化清洁行动', organiser, zone_ids: zoneIds, created_by: null },
      attendees,
    );
    for (const a of attendees) {
      await ctx.hours.credit({
        person_id: a.personId,
        compound_id: wuxing.id,
        source_type: 'event',
        source_id: `cleanup:${id}`,
        activity: '家园美化清洁行动',
        served_on: heldOn,
        place: wuxing.name,
        minutes: a.minutes,
        organiser,
        team: members.find((p) => p.id === a.personId)?.team ?? null,
      });
    }
  }
  return { profiles, visits, zones: DEMO_ZONES.length };
}
