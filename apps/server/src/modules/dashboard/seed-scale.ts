import { randomBytes } from 'node:crypto';
import { todayInChina } from '../volunteers/dates';
import type { BulkColumn, BulkWriter } from './bulk-writer';

/** How big a city to generate. Defaults give the issue's city for 1,000 compounds. */
export interface ScaleOptions {
  compounds: number;
  /** Totals across the city (split evenly over the compounds). */
  orders: number;
  people: number;
  households: number;
  hours: number;
  /** Months of history, ending this month. */
  months: number;
  /** Rows per insert batch (one transaction each on SQLite, one statement on PostgreSQL). */
  batch: number;
  /** Node-id prefix, so several cities can share a database. */
  prefix?: string;
  log?: (line: string) => void;
  clock?: () => Date;
}

export const SCALE_DEFAULTS = { orders: 5000, people: 1000, households: 300, hours: 1000 } as const;

export interface ScaleResult {
  districtId: string;
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
}

/** mulberry32: seeded, so a size always makes the same city. */
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

const CATEGORIES = ['shopping', 'escort', 'repair', 'cleaning', 'meals', 'company', 'errands', 'other'];
const ISSUE_CATEGORIES = ['环境卫生', '停车', '绿化/菜地', '违建', '设施维修', '安全', '邻里纠纷'];
const ISSUE_STATUSES = ['raised', 'on_agenda', 'discussed', 'decided', 'in_progress', 'resolved', 'answered'];

const T: Record<string, BulkColumn[]> = {
  nodes: [
    ['id', 'text'],
    ['parent_id', 'text'],
    ['kind', 'text'],
    ['name', 'text'],
    ['path', 'text'],
    ['created_at', 'text'],
  ],
  units: [
    ['id', 'text'],
    ['compound_id', 'text'],
    ['building_id', 'text'],
    ['stairwell', 'text'],
    ['door', 'text'],
    ['area_hundredths', 'int'],
    ['area_source', 'text'],
    ['developer_held', 'int'],
    ['created_at', 'text'],
  ],
  people: [
    ['id', 'text'],
    ['node_id', 'text'],
    ['name', 'text'],
    ['phone', 'text'],
    ['birth_year', 'int'],
    ['tags', 'text'],
    ['created_at', 'text'],
    ['unit_id', 'text'],
  ],
  branches: [
    ['id', 'text'],
    ['compound_id', 'text'],
    ['name', 'text'],
    ['demonstration', 'int'],
    ['created_at', 'text'],
  ],
  branch_members: [
    ['branch_id', 'text'],
    ['person_id', 'text'],
  ],
  volunteer_profiles: [
    ['person_id', 'text'],
    ['compound_id', 'text'],
    ['team', 'text'],
    ['status', 'text'],
    ['joined_at', 'text'],
    ['updated_at', 'text'],
  ],
  orders: [
    ['id', 'text'],
    ['compound_id', 'text'],
    ['building_id', 'text'],
    ['node_path', 'text'],
    ['resident_person_id', 'text'],
    ['channel', 'text'],
    ['category', 'text'],
    ['window_start', 'text'],
    ['window_end', 'text'],
    ['urgency', 'text'],
    ['status', 'text'],
    ['volunteer_person_id', 'text'],
    ['taken_at', 'text'],
    ['done_at', 'text'],
    ['minutes', 'int'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ],
  volunteer_hours: [
    ['id', 'text'],
    ['person_id', 'text'],
    ['compound_id', 'text'],
    ['source_type', 'text'],
    ['source_id', 'text'],
    ['activity', 'text'],
    ['served_on', 'text'],
    ['minutes', 'int'],
    ['organiser', 'text'],
    ['created_at', 'text'],
  ],
  council_issues: [
    ['id', 'text'],
    ['compound_id', 'text'],
    ['title', 'text'],
    ['description', 'text'],
    ['category', 'text'],
    ['status', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
    ['closed_at', 'text'],
  ],
};

/**
 * Fills a database with a city: district → subdistricts (≤100 compounds each) → communities (10
 * compounds each) → compounds with 10 buildings, units, residents (with party members and
 * volunteers among them), a branch, council issues, orders over the months of history and hours
 * entries. Writes in batches through a BulkWriter; the caller rebuilds the dashboard rollups.
 */
export async function seedScale(w: BulkWriter, o: ScaleOptions, tables: ReadonlySet<string>): Promise<ScaleResult> {
  const started = performance.now();
  const now = (o.clock ?? (() => new Date()))();
  const nowIso = now.toISOString();
  const p = o.prefix ?? `sc${randomBytes(3).toString('hex')}`;
  const rand = prng(o.compounds * 7919 + o.orders);
  const counts: Record<string, number> = {};
  const buffers = new Map<string, unknown[][]>();
  const log = o.log ?? (() => {});

  async function flush(table: string) {
    const rows = buffers.get(table);
    if (!rows?.length) return;
    await w.insert(table, T[table] as BulkColumn[], rows);
    counts[table] = (counts[table] ?? 0) + rows.length;
    buffers.set(table, []);
  }
  let full = false;
  /** Buffers a row (synchronously: the generator makes millions); full buffers flush per compound. */
  function push(table: string, row: unknown[]) {
    if (!tables.has(table)) return;
    let b = buffers.get(table);
    if (!b) {
      b = [];
      buffers.set(table, b);
    }
    b.push(row);
    if (b.length >= o.batch) full = true;
  }
  /** Parents before children (foreign keys): every table flushes, in T's order. */
  async function flushAll() {
    for (const t of Object.keys(T)) await flush(t);
    full = false;
  }

  // The last `months` months as Beijing's calendar has them (the dashboard counts Beijing months),
  // each starting at midnight on the 1st in Beijing.
  const [thisYear, thisMonth] = todayInChina(now).split('-').map(Number) as [number, number];
  const monthStarts: number[] = [];
  for (let i = o.months - 1; i >= 0; i--) monthStarts.push(Date.UTC(thisYear, thisMonth - 1 - i, 1) - 8 * 3600_000);
  const monthEnd = (i: number) => (i + 1 < monthStarts.length ? (monthStarts[i + 1] as number) : now.getTime());
  const randomTime = () => {
    const i = Math.floor(rand() * monthStarts.length);
    const start = monthStarts[i] as number;
    return start + Math.floor(rand() * (monthEnd(i) - start));
  };

  const district = `${p}-d`;
  push('nodes', [district, null, 'district', `规模测试区 ${p}`, `/${district}/`, nowIso]);
  const perOrders = Math.floor(o.orders / o.compounds);
  const perPeople = Math.floor(o.people / o.compounds);
  const perUnits = Math.floor(o.households / o.compounds);
  const perHours = Math.floor(o.hours / o.compounds);
  let seq = 0;
  for (let c = 0; c < o.compounds; c++) {
    const sub = `${p}-s${Math.floor(c / 100)}`;
    const com = `${p}-m${Math.floor(c / 10)}`;
    const subPath = `/${district}/${sub}/`;
    const comPath = `${subPath}${com}/`;
    if (c % 100 === 0) push('nodes', [sub, district, 'subdistrict', `街道 ${Math.floor(c / 100) + 1}`, subPath, nowIso]);
    if (c % 10 === 0) push('nodes', [com, sub, 'community', `社区 ${Math.floor(c / 10) + 1}`, comPath, nowIso]);
    const cid = `${p}-c${c}`;
    const cPath = `${comPath}${cid}/`;
    push('nodes', [cid, com, 'compound', `小区 ${c + 1}`, cPath, nowIso]);
    const buildings: string[] = [];
    for (let b = 0; b < 10; b++) {
      const bid = `${cid}-b${b}`;
      buildings.push(bid);
      push('nodes', [bid, cid, 'building', `${b + 1}栋`, `${cPath}${bid}/`, nowIso]);
    }
    const units: string[] = [];
    for (let u = 0; u < perUnits; u++) {
      const uid = `${cid}-u${u}`;
      units.push(uid);
      const b = buildings[u % 10] as string;
      const door = `${Math.floor(u / 20) + 1}0${(u % 2) + 1}`;
      push('units', [
        uid,
        cid,
        b,
        String((Math.floor(u / 10) % 2) + 1),
        `${door}-${u}`,
        6000 + Math.floor(rand() * 8000),
        'registered',
        0,
        nowIso,
      ]);
    }
    const people: string[] = [];
    const branchId = `${cid}-br`;
    push('branches', [branchId, cid, `小区 ${c + 1} 党支部`, c % 25 === 0 ? 1 : 0, nowIso]);
    for (let i = 0; i < perPeople; i++) {
      const pid = `${cid}-p${i}`;
      people.push(pid);
      const unit = units.length ? (units[i % units.length] as string) : null;
      const party = i % 30 === 0;
      push('people', [pid, cid, `居民${i}`, null, 1940 + Math.floor(rand() * 70), party ? '["党员"]' : '[]', nowIso, unit]);
      if (party) push('branch_members', [branchId, pid]);
      if (i % 33 === 1) push('volunteer_profiles', [pid, cid, party ? '党员' : '团员', 'active', nowIso, nowIso]);
    }
    const volunteers = people.filter((_, i) => i % 33 === 1);
    for (let k = 0; k < 20; k++) {
      const t = randomTime();
      const status = ISSUE_STATUSES[Math.floor(rand() * ISSUE_STATUSES.length)] as string;
      const closed =
        status === 'resolved' || status === 'answered'
          ? new Date(Math.min(now.getTime(), t + 86_400_000 * 7)).toISOString()
          : null;
      push('council_issues', [
        `${cid}-i${k}`,
        cid,
        '居民反映',
        '…',
        ISSUE_CATEGORIES[k % ISSUE_CATEGORIES.length],
        status,
        new Date(t).toISOString(),
        nowIso,
        closed,
      ]);
    }
    for (let k = 0; k < perOrders; k++) {
      const t = randomTime();
      const created = new Date(t).toISOString();
      const r = rand();
      const status = r < 0.85 ? 'confirmed' : r < 0.9 ? 'done' : r < 0.95 ? 'cancelled' : r < 0.98 ? 'taken' : 'placed';
      const taken = status !== 'placed' && status !== 'cancelled';
      // Time to take: most within the hour, a long tail.
      const takeMin = Math.floor(rand() < 0.7 ? rand() * 60 : rand() * rand() * 1440);
      const takenAt = taken ? Math.min(now.getTime(), t + takeMin * 60_000) : null;
      const served = status === 'confirmed' || status === 'done';
      const doneAt = served && takenAt ? Math.min(now.getTime(), takenAt + (30 + Math.floor(rand() * 120)) * 60_000) : null;
      const resident = people.length ? (people[Math.floor(rand() * people.length)] as string) : `${cid}-p0`;
      const vol = taken && volunteers.length ? (volunteers[Math.floor(rand() * volunteers.length)] as string) : null;
      seq++;
      push('orders', [
        `${p}-o${seq}`,
        cid,
        buildings[k % 10],
        cPath,
        resident,
        'self',
        CATEGORIES[k % CATEGORIES.length],
        created,
        created,
        rand() < 0.1 ? 'urgent' : 'normal',
        status,
        vol,
        takenAt ? new Date(takenAt).toISOString() : null,
        doneAt ? new Date(doneAt).toISOString() : null,
        served ? 30 + Math.floor(rand() * 90) : null,
        created,
        created,
      ]);
    }
    for (let k = 0; k < perHours && volunteers.length; k++) {
      const day = new Date(randomTime()).toISOString();
      push('volunteer_hours', [
        `${cid}-h${k}`,
        volunteers[k % volunteers.length],
        cid,
        'manual',
        `${cid}-hs${k}`,
        '志愿服务',
        day.slice(0, 10),
        30 + Math.floor(rand() * 150),
        '小区党支部',
        day,
      ]);
    }
    if (full) await flushAll();
    if ((c + 1) % 100 === 0 || c + 1 === o.compounds) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      log(
        `  ${c + 1}/${o.compounds} compounds, ${total.toLocaleString('en')} rows, ${Math.round(total / ((performance.now() - started) / 1000)).toLocaleString('en')} rows/s`,
      );
    }
  }
  await flushAll();
  const seconds = (performance.now() - started) / 1000;
  const totalRows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { districtId: district, rows: counts, totalRows, seconds, rowsPerSecond: Math.round(totalRows / seconds) };
}

/** Parses `--compounds 1000 --orders 5000000 …`; unknown flags and bad numbers throw. */
export function parseScaleArgs(args: string[]): Omit<ScaleOptions, 'log' | 'clock'> {
  const v: Record<string, number> = {};
  const allowed = ['compounds', 'orders', 'people', 'households', 'hours', 'months', 'batch'];
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i]?.replace(/^--/, '') ?? '';
    const n = Number(args[i + 1]);
    if (!allowed.includes(k)) throw new Error(`unknown option ${args[i]} (expected --${allowed.join(', --')})`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} needs a whole number, got ${args[i + 1]}`);
    v[k] = n;
  }
  const compounds = v.compounds ?? 1000;
  if (compounds < 1) throw new Error('--compounds must be at least 1');
  return {
    compounds,
    orders: v.orders ?? compounds * SCALE_DEFAULTS.orders,
    people: v.people ?? compounds * SCALE_DEFAULTS.people,
    households: v.households ?? compounds * SCALE_DEFAULTS.households,
    hours: v.hours ?? compounds * SCALE_DEFAULTS.hours,
    months: Math.max(1, Math.min(60, v.months ?? 24)),
    batch: Math.max(100, v.batch ?? 20_000),
  };
}
