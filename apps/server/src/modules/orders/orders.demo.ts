import { ORDER_CATEGORIES, type OrderCategory } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { VolunteerHoursTable } from '../../db/foundation.tables';
import type { DB } from '../../db/schema';
import type { OrderEventsTable, OrdersTable } from './orders.tables';

const COMPOUND = 'wuxingaz';
const HUANG = 'p-19900000002';
const WAN = 'p-19900000001';
/** How many confirmed services the demo holds (the article: 服务700余次). */
export const DEMO_SERVICES = 736;
const DAY = 24 * 3600 * 1000;
const CHUNK = 400;

const DESCRIPTIONS: Record<OrderCategory, string[]> = {
  shopping: ['买大米和食用油', '代买降压药', '买一周的蔬菜', '代购老花镜'],
  escort: ['陪同去镇卫生院复查', '陪诊：社区医院量血压', '陪同去医院拿药'],
  repair: ['厨房水龙头漏水', '门锁坏了', '换一个灯泡', '修理晾衣架'],
  cleaning: ['帮忙打扫厨房', '过年大扫除', '清理阳台杂物'],
  meals: ['午餐送餐', '晚餐送餐', '助餐：送饭上门'],
  company: ['陪老人聊聊天', '读报纸给老人听', '陪下象棋'],
  errand: ['代缴水电费', '代办医保卡', '代取快递'],
  other: ['帮忙调试电视机', '教用智能手机视频通话'],
};

/** mulberry32: seedable, so every demo database holds the same story. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertChunks<T extends keyof DB>(db: Kysely<DB>, table: T, rows: unknown[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // Rows are built to the table's shape above; `never` lets one helper serve three tables.
    await db
      .insertInto(table)
      .values(chunk as never)
      .execute();
  }
}

/**
 * The orders of the demo (五星社区安置小区): 700+ confirmed services over the past five months by
 * the compound's ~100 volunteers (people tagged 志愿者 there), each with its timeline and hours
 * credited — among them 黄园 bringing rice and oil to 万玉清 — and a few orders open now.
 * Batched inserts; skipped when present.
 */
export async function seedOrdersDemo(
  ctx: { db: Kysely<DB> },
  at: Date = new Date(),
): Promise<{ services: number; open: number }> {
  const { db } = ctx;
  // 一键呼叫: each community's 值班室 answers its residents' calls for help.
  const communities = await db.selectFrom('nodes').select('id').where('kind', '=', 'community').orderBy('id').execute();
  for (const [i, c] of communities.entries()) {
    await db
      .insertInto('help_lines')
      .values({
        node_id: c.id,
        name: '社区值班室',
        phone: `0731-2856${String(1000 + i).slice(-4)}`,
        updated_by: null,
        updated_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('node_id').doNothing())
      .execute();
  }
  if (await db.selectFrom('orders').select('id').where('id', 'like', 'demo-o-%').limit(1).executeTakeFirst())
    return { services: 0, open: 0 };
  const compound = await db.selectFrom('nodes').select(['path', 'name']).where('id', '=', COMPOUND).executeTakeFirst();
  if (!compound) return { services: 0, open: 0 };
  const people = await db
    .selectFrom('people')
    .innerJoin('nodes', 'nodes.id', 'people.node_id')
    .leftJoin('units', 'units.id', 'people.unit_id')
    .leftJoin('nodes as b', 'b.id', 'units.building_id')
    .select([
      'people.id',
      'people.tags',
      'people.birth_year',
      'units.building_id',
      'b.path as building_path',
      'b.name as building_name',
    ])
    .where('nodes.path', 'like', `${compound.path}%`)
    .where('people.erased_at', 'is', null)
    .execute();
  const isVolunteer = (t: string) => t.includes('"志愿者"');
  const volunteers = people.filter((p) => isVolunteer(p.tags)).map((p) => p.id);
  if (!volunteers.includes(HUANG)) volunteers.unshift(HUANG);
  const residents = people.filter((p) => !isVolunteer(p.tags) && p.id !== HUANG);
  // Elders and people living alone order most; everyone may.
  const likely = residents.filter((p) => p.tags.includes('独居老人') || (p.birth_year ?? 2000) < 1960);
  const pool = likely.length >= 20 ? likely : residents;
  const wan = people.find((p) => p.id === WAN);
  if (!pool.length || !wan) return { services: 0, open: 0 };

  const rand = prng(20_260_115);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const now = at.getTime();
  const orders: OrdersTable[] = [];
  const events: OrderEventsTable[] = [];
  const hours: VolunteerHoursTable[] = [];
  const organiser = `${compound.name}党支部`;

  const make = (
    i: number,
    resident: (typeof people)[number],
    volunteer: string | null,
    category: OrderCategory,
    description: string,
    placedAt: number,
    status: OrdersTable['status'],
  ) => {
    const id = `demo-o-${String(i).padStart(4, '0')}`;
    const iso = (t: number) => new Date(t).toISOString();
    const takenAt = placedAt + (10 + Math.floor(rand() * 100)) * 60_000;
    const startAt = takenAt + (20 + Math.floor(rand() * 120)) * 60_000;
    const minutes = 20 + Math.floor(rand() * 8) * 10;
    const doneAt = startAt + minutes * 60_000;
    const confirmedAt = doneAt + (30 + Math.floor(rand() * 600)) * 60_000;
    const confirmed = status === 'confirmed';
    const taken = confirmed || status === 'taken';
    const o: OrdersTable = {
      id,
      compound_id: COMPOUND,
      building_id: resident.building_id,
      node_path: resident.building_path ?? compound.path,
      resident_person_id: resident.id,
      placed_by_account_id: null,
      channel: rand() < 0.3 ? 'phone_call' : 'self',
      category,
      description,
      window_start: iso(placedAt + 2 * 3600_000),
      window_end: iso(placedAt + 5 * 3600_000),
      urgency: rand() < 0.15 ? 'urgent' : 'normal',
      status,
      volunteer_person_id: taken ? volunteer : null,
      dispatched_to_person_id: null,
      dispatched_at: null,
      taken_at: taken ? iso(takenAt) : null,
      started_at: confirmed ? iso(startAt) : null,
      done_at: confirmed ? iso(doneAt) : null,
      minutes: confirmed ? minutes : null,
      done_note: confirmed ? '已完成' : null,
      photo_mime: null,
      photo_base64: null,
      confirmed_at: confirmed ? iso(confirmedAt) : null,
      rating: confirmed ? (rand() < 0.85 ? 5 : 4) : null,
      rating_comment: null,
      cancelled_at: null,
      cancel_reason: null,
      escalated_at: null,
      series_id: null,
      series_date: null,
      created_at: iso(placedAt),
      updated_at: iso(confirmed ? confirmedAt : taken ? takenAt : placedAt),
    };
    orders.push(o);
    const ev = (n: number, at: number, action: string, from: string | null, to: string, actor: string | null) =>
      events.push({
        id: `${id}-e${n}`,
        order_id: id,
        at: iso(at),
        action,
        from_status: from,
        to_status: to,
        actor_account_id: null,
        actor_person_id: actor,
        on_behalf_of: null,
        channel: o.channel === 'self' ? null : o.channel,
        note: null,
      });
    ev(1, placedAt, 'placed', null, 'placed', resident.id);
    if (taken) ev(2, takenAt, 'taken', 'placed', 'taken', volunteer);
    if (confirmed && volunteer) {
      ev(3, startAt, 'started', 'taken', 'in_service', volunteer);
      ev(4, doneAt, 'done', 'in_service', 'done', volunteer);
      ev(5, confirmedAt, 'confirmed', 'done', 'confirmed', resident.id);
      hours.push({
        id: `${id}-h`,
        person_id: volunteer,
        compound_id: COMPOUND,
        source_type: 'order',
        source_id: id,
        activity: `点单服务·${description}`,
        served_on: new Date(doneAt + 8 * 3600_000).toISOString().slice(0, 10),
        place: [compound.name, resident.building_name].filter(Boolean).join(' '),
        minutes,
        organiser,
        team: null,
        created_at: iso(confirmedAt),
      });
    }
  };

  // Every volunteer serves at least once; the rest spread over the past 150 days.
  for (let i = 0; i < DEMO_SERVICES; i++) {
    const volunteer = i < volunteers.length ? (volunteers[i] as string) : pick(volunteers);
    const category = pick([...ORDER_CATEGORIES]);
    const placedAt = now - (2 + rand() * 150) * DAY;
    make(i, pick(pool), volunteer, category, pick(DESCRIPTIONS[category]), placedAt, 'confirmed');
  }
  // 黄园's monthly rice and oil for 万玉清 (结对帮扶), the article's own example.
  for (let m = 0; m < 5; m++)
    make(DEMO_SERVICES + m, wan, HUANG, 'shopping', '送大米和食用油', now - (m * 30 + 3) * DAY, 'confirmed');
  // A few orders open right now.
  const open = [
    ['repair', '卫生间灯不亮了', 'placed'],
    ['escort', '明天上午陪同去卫生院复查', 'placed'],
    ['meals', '午餐送餐', 'placed'],
    ['shopping', '买一袋米', 'taken'],
  ] as const;
  open.forEach(([c, d, s], k) => {
    make(DEMO_SERVICES + 10 + k, pick(pool), s === 'taken' ? HUANG : null, c, d, now - (k + 1) * 40 * 60_000, s);
  });

  await db.transaction().execute(async (trx) => {
    await insertChunks(trx, 'orders', orders);
    await insertChunks(trx, 'order_events', events);
    await insertChunks(trx, 'volunteer_hours', hours);
  });
  return { services: hours.length, open: open.length };
}
