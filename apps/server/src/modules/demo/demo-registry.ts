import { STATION_TYPES, type StationType } from '@lianxin/shared';
import {
  DEMO_YEAR,
  type DemoPerson,
  type FixedHead,
  type HouseholdProfile,
  householdSizes,
  makeHousehold,
} from './demo-households';
import { createPhoneMaker, createRng, type Rng } from './demo-names';

/**
 * The registry's demo data, built in memory (pure and deterministic) and then inserted in
 * batches. The figures are the article's: 216 households in 轴承生活小区; 450 households and
 * 1,800 people in 五星社区安置小区 with ~100 volunteers; 500+ residents and 46 party members
 * in 龙升社区安置小区; 10 compound branches and 4 demonstration sites in the district.
 */

export interface CompoundSpec {
  id: string;
  name: string;
  buildings: number;
  stairwells: number;
  floors: number;
  doorsPerFloor: number;
  /** Units the developer still holds (unsold/undelivered), vacant: [building, stairwell, door]. */
  developerHeld: Array<[number, number, string]>;
  /** Extra building of developer-held shop fronts, when any. */
  shops?: number;
  sizeWeights: number[];
  exactPeople?: number;
  profile: HouseholdProfile;
  area: [number, number];
  branchFounded: string;
  demonstration: boolean;
  volunteers: number;
}

export const DEMO_COMPOUNDS: CompoundSpec[] = [
  {
    id: 'zhoucheng',
    name: '轴承生活小区',
    buildings: 9,
    stairwells: 2,
    floors: 6,
    doorsPerFloor: 2,
    developerHeld: [],
    sizeWeights: [25, 45, 15, 10, 5],
    profile: { headBirth: [1938, 1962], partyRate: 0.16 },
    area: [4800, 7600],
    branchFounded: '2017-09-01',
    demonstration: true,
    volunteers: 20,
  },
  {
    id: 'wuxingaz',
    name: '五星社区安置小区',
    buildings: 15,
    stairwells: 3,
    floors: 5,
    doorsPerFloor: 2,
    developerHeld: [],
    shops: 6,
    sizeWeights: [6, 12, 20, 28, 18, 10, 6],
    exactPeople: 1800,
    profile: { headBirth: [1942, 1985], partyRate: 0.03 },
    area: [8000, 13200],
    branchFounded: '2019-03-20',
    demonstration: true,
    volunteers: 100,
  },
  {
    id: 'longshengaz',
    name: '龙升社区安置小区',
    buildings: 7,
    stairwells: 2,
    floors: 6,
    doorsPerFloor: 2,
    developerHeld: [
      [7, 2, '501'],
      [7, 2, '502'],
      [7, 2, '601'],
      [7, 2, '602'],
      [6, 1, '602'],
      [3, 2, '601'],
    ],
    sizeWeights: [8, 22, 30, 25, 10, 5],
    exactPeople: 521,
    profile: { headBirth: [1950, 1988], partyRate: 0 },
    area: [9000, 14000],
    branchFounded: '2026-08-12',
    demonstration: true,
    volunteers: 15,
  },
  ...(
    [
      ['sanchongxc', '三冲新村', '2021-05-18', false],
      ['xuelinya', '学林雅苑', '2020-07-01', true],
      ['jinlong', '金龙小区', '2022-06-28', false],
      ['wuxinghy', '五星花园', '2023-04-12', false],
      ['yuntianjy', '云田家园', '2021-10-15', false],
      ['longshengjy', '龙升佳苑', '2024-07-01', false],
      ['longtouxc', '龙头新城', '2025-03-26', false],
    ] as const
  ).map(([id, name, founded, demo]) => ({
    id,
    name,
    buildings: 1,
    stairwells: 2,
    floors: 5,
    doorsPerFloor: 2,
    developerHeld: [] as Array<[number, number, string]>,
    sizeWeights: [15, 35, 25, 15, 10],
    profile: { headBirth: [1948, 1990] as [number, number], partyRate: 0.08 },
    area: [7000, 12000] as [number, number],
    branchFounded: founded,
    demonstration: demo,
    volunteers: 3,
  })),
];

/** Where the demo-account residents live (their ids are p-<phone>). */
const FIXED_HEADS: Array<{ compound: string; building: number; stairwell: number; door: string; size: number; head: FixedHead }> =
  [
    // 万玉清: 80, disabled, living alone on the 4th floor (the article's visit).
    {
      compound: 'wuxingaz',
      building: 5,
      stairwell: 2,
      door: '402',
      size: 1,
      head: {
        id: 'p-19900000001',
        name: '万玉清',
        gender: 'f',
        birthYear: 1946,
        phone: '19900000001',
        tags: ['独居老人', '残疾'],
      },
    },
    {
      compound: 'wuxingaz',
      building: 3,
      stairwell: 1,
      door: '301',
      size: 3,
      head: { id: 'p-19900000002', name: '黄园', gender: 'f', birthYear: 1988, phone: '19900000002', tags: ['志愿者', '党员'] },
    },
    {
      compound: 'wuxingaz',
      building: 1,
      stairwell: 1,
      door: '201',
      size: 4,
      head: { id: 'p-19900000003', name: '李建国', gender: 'm', birthYear: 1966, phone: '19900000003', tags: ['党员'] },
    },
    {
      compound: 'longshengaz',
      building: 2,
      stairwell: 1,
      door: '502',
      size: 2,
      head: { id: 'p-19900000004', name: '周桂兰', gender: 'f', birthYear: 1962, phone: '19900000004', tags: [] },
    },
    {
      compound: 'zhoucheng',
      building: 3,
      stairwell: 2,
      door: '301',
      size: 2,
      head: { id: 'p-19900000010', name: '王淑芬', gender: 'f', birthYear: 1958, phone: '19900000010', tags: ['志愿者', '党员'] },
    },
  ];

export interface DemoUnit {
  id: string;
  compoundId: string;
  buildingId: string;
  stairwell: string;
  door: string;
  areaHundredths: number;
  areaSource: 'registered' | 'surveyed' | 'contract';
  developerHeld: boolean;
}

export interface DemoRegistry {
  buildings: Array<{ id: string; compoundId: string; name: string }>;
  units: DemoUnit[];
  people: DemoPerson[];
  owners: Array<{ unitId: string; personId: string; representative: boolean }>;
  branches: Array<{
    id: string;
    compoundId: string;
    name: string;
    secretaryId: string | null;
    foundedOn: string;
    demonstration: boolean;
  }>;
  branchMembers: Array<{ branchId: string; personId: string; joinedOn: string }>;
  committees: Array<{
    id: string;
    compoundId: string;
    name: string;
    chairId: string;
    foundedOn: string;
    termStart: string;
    termEnd: string;
  }>;
  committeeMembers: Array<{ committeeId: string; personId: string; position: 'chair' | 'vice_chair' | 'member' }>;
  consents: Array<{ personId: string; given: boolean; recordedAt: string; note: string }>;
  stations: Array<{
    id: string;
    compoundId: string;
    type: StationType;
    name: string;
    place: string;
    hours: string;
    services: string[];
    contacts: Array<{ name: string; phone: string }>;
  }>;
}

export const buildingId = (compound: string, n: number) => `${compound}-b${n}`;
export const unitId = (compound: string, b: number, s: number, door: string) => `u-${compound}-${b}-${s}-${door}`;

function area(rng: Rng, range: [number, number]): number {
  return rng.int(range[0], range[1]);
}

function areaSource(rng: Rng): DemoUnit['areaSource'] {
  const r = rng.next();
  return r < 0.86 ? 'registered' : r < 0.95 ? 'surveyed' : 'contract';
}

/** Builds every row of the registry demo. Pure: the same call gives the same data. */
export function buildRegistryDemo(): DemoRegistry {
  const rng = createRng(20261127);
  const phone = createPhoneMaker(rng);
  const out: DemoRegistry = {
    buildings: [],
    units: [],
    people: [],
    owners: [],
    branches: [],
    branchMembers: [],
    committees: [],
    committeeMembers: [],
    consents: [],
    stations: [],
  };
  for (const spec of DEMO_COMPOUNDS) buildCompound(rng, phone, spec, out);
  return out;
}

function buildCompound(rng: Rng, phone: () => string, spec: CompoundSpec, out: DemoRegistry) {
  let seq = 0;
  const nextId = () => `p-${spec.id}-${String(++seq).padStart(4, '0')}`;
  const occupied: DemoUnit[] = [];
  const fixedAt = new Map<string, (typeof FIXED_HEADS)[number]>();
  for (const f of FIXED_HEADS) if (f.compound === spec.id) fixedAt.set(unitId(spec.id, f.building, f.stairwell, f.door), f);
  const held = new Set(spec.developerHeld.map(([b, s, d]) => unitId(spec.id, b, s, d)));
  for (let b = 1; b <= spec.buildings; b++) {
    out.buildings.push({ id: buildingId(spec.id, b), compoundId: spec.id, name: `${b}栋` });
    for (let s = 1; s <= spec.stairwells; s++) {
      for (let f = 1; f <= spec.floors; f++) {
        for (let d = 1; d <= spec.doorsPerFloor; d++) {
          const door = `${f}${String(d).padStart(2, '0')}`;
          const id = unitId(spec.id, b, s, door);
          const u: DemoUnit = {
            id,
            compoundId: spec.id,
            buildingId: buildingId(spec.id, b),
            stairwell: String(s),
            door,
            areaHundredths: area(rng, spec.area),
            areaSource: areaSource(rng),
            developerHeld: held.has(id),
          };
          out.units.push(u);
          if (!u.developerHeld) occupied.push(u);
        }
      }
    }
  }
  if (spec.shops) {
    const b = spec.buildings + 1;
    out.buildings.push({ id: buildingId(spec.id, b), compoundId: spec.id, name: `${b}栋（门面）` });
    for (let d = 1; d <= spec.shops; d++) {
      const door = `1${String(d).padStart(2, '0')}`;
      out.units.push({
        id: unitId(spec.id, b, 1, door),
        compoundId: spec.id,
        buildingId: buildingId(spec.id, b),
        stairwell: '1',
        door,
        areaHundredths: area(rng, [3000, 6000]),
        areaSource: 'contract',
        developerHeld: true,
      });
    }
  }
  const fixedSizes = new Map<number, number>();
  occupied.forEach((u, i) => {
    const f = fixedAt.get(u.id);
    if (f) fixedSizes.set(i, f.size);
  });
  const sizes = householdSizes(rng, occupied.length, spec.sizeWeights, spec.exactPeople, fixedSizes);
  const people: DemoPerson[] = [];
  const heads: DemoPerson[] = [];
  occupied.forEach((u, i) => {
    const hh = makeHousehold(rng, {
      size: sizes[i] ?? 1,
      compoundId: spec.id,
      unitId: u.id,
      profile: spec.profile,
      phone,
      nextId,
      head: fixedAt.get(u.id)?.head,
    });
    people.push(...hh);
    const head = hh[0] as DemoPerson;
    heads.push(head);
    out.owners.push({ unitId: u.id, personId: head.id, representative: true });
    // About one home in eight is in both spouses' names (co-owners count as one owner).
    const spouse = hh[1];
    if (spouse && !fixedAt.has(u.id) && rng.chance(0.12))
      out.owners.push({ unitId: u.id, personId: spouse.id, representative: false });
  });
  // Resettlement compounds gave families several flats: a few heads own a second (and third)
  // home, lived in by a grown child's household, whose own head then owns nothing.
  const multi = Math.max(2, Math.round(occupied.length * 0.03));
  for (let k = 0; k < multi; k++) {
    const owner = heads[(k * 37 + 5) % heads.length];
    const other = occupied[(k * 53 + 11) % occupied.length];
    if (!owner || !other || other.id === owner.unitId || fixedAt.has(other.id)) continue;
    for (let i = out.owners.length - 1; i >= 0; i--) if (out.owners[i]?.unitId === other.id) out.owners.splice(i, 1);
    out.owners.push({ unitId: other.id, personId: owner.id, representative: true });
  }
  assignTags(rng, spec, people);
  out.people.push(...people);
  buildOrganisations(rng, spec, people, out);
}

const isDemoAccount = (p: DemoPerson) => p.id.startsWith('p-199');
const age = (p: DemoPerson) => DEMO_YEAR - p.birthYear;

function assignTags(rng: Rng, spec: CompoundSpec, people: DemoPerson[]) {
  if (spec.id === 'longshengaz') {
    // Exactly the article's 46 party members (August's new branch).
    for (const p of people) p.tags = p.tags.filter((t) => t !== '党员');
    const adults = people.filter((p) => age(p) >= 23 && age(p) <= 80 && !isDemoAccount(p));
    for (let i = 0, n = 0; n < 46 && i < adults.length * 8; i++) {
      const p = adults[(i * 7 + 3) % adults.length];
      if (p && !p.tags.includes('党员')) {
        p.tags.push('党员');
        n++;
      }
    }
  }
  const already = people.filter((p) => p.tags.includes('志愿者')).length;
  let need = spec.volunteers - already;
  const candidates = people.filter((p) => !isDemoAccount(p) && age(p) >= 18 && age(p) <= 72 && !p.tags.includes('志愿者'));
  // Spread volunteers over the compound rather than the first buildings (Fisher–Yates, seeded).
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j] as DemoPerson, candidates[i] as DemoPerson];
  }
  const take = (pred: (p: DemoPerson) => boolean, wanted: number, team: string): number => {
    let n = 0;
    for (const p of candidates) {
      if (n >= wanted || need <= 0) break;
      if (p.tags.includes('志愿者') || !pred(p)) continue;
      // A party member volunteers in the party team, never in another (the count of 党员 holds).
      if (team !== '党员' && p.tags.includes('党员')) continue;
      p.tags = p.tags.filter((t) => t !== '党员' && t !== '团员' && t !== '妇联');
      p.tags.push('志愿者', team);
      n++;
      need--;
    }
    return n;
  };
  // The 党团妇 teams: party members first (recruiting more when too few), then Youth League
  // members, then women.
  const party = Math.round(need * 0.4);
  const league = Math.round(need * 0.25);
  const fromParty = take((p) => p.tags.includes('党员'), party, '党员');
  take((p) => age(p) >= 25 && age(p) <= 65 && rng.chance(0.5), party - fromParty, '党员');
  take((p) => age(p) <= 28, league, '团员');
  take((p) => p.gender === 'f' && age(p) >= 25, need, '妇联');
  take(() => true, need, '妇联');
}

function dateAfter(rng: Rng, start: string, days: number): string {
  const t = Date.parse(`${start}T00:00:00Z`) + rng.int(0, days) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function buildOrganisations(rng: Rng, spec: CompoundSpec, people: DemoPerson[], out: DemoRegistry) {
  const party = people.filter((p) => p.tags.includes('党员'));
  const branchId = `br-${spec.id}`;
  const secretary =
    spec.id === 'wuxingaz'
      ? people.find((p) => p.id === 'p-19900000003')
      : (party.find((p) => p.gender === 'm' && age(p) >= 45 && age(p) <= 70) ?? party[0]);
  out.branches.push({
    id: branchId,
    compoundId: spec.id,
    name: `${spec.name}党支部`,
    secretaryId: secretary?.id ?? null,
    foundedOn: spec.branchFounded,
    demonstration: spec.demonstration,
  });
  for (const p of party)
    out.branchMembers.push({
      branchId,
      personId: p.id,
      joinedOn: p === secretary ? spec.branchFounded : dateAfter(rng, spec.branchFounded, 30),
    });
  // Board consents: most members agreed in writing; one withdrew later (the history keeps both).
  const consentRate = spec.id === 'zhoucheng' ? 0.7 : spec.id === 'wuxingaz' ? 0.5 : spec.id === 'longshengaz' ? 0.4 : 0;
  let withdrawn = false;
  for (const p of party) {
    if (!rng.chance(consentRate)) continue;
    out.consents.push({
      personId: p.id,
      given: true,
      recordedAt: `${dateAfter(rng, '2026-03-01', 60)}T02:00:00.000Z`,
      note: '纸质同意书已存档',
    });
    if (!withdrawn && spec.id === 'zhoucheng' && p !== secretary) {
      withdrawn = true;
      out.consents.push({ personId: p.id, given: false, recordedAt: '2026-09-15T03:00:00.000Z', note: '本人要求撤回' });
    }
  }
  buildCommittee(spec, people, party, secretary, out);
  if (['zhoucheng', 'wuxingaz', 'longshengaz'].includes(spec.id)) buildStations(spec, out);
}

function buildCommittee(
  spec: CompoundSpec,
  people: DemoPerson[],
  party: DemoPerson[],
  secretary: DemoPerson | undefined,
  out: DemoRegistry,
) {
  const owners = new Set(out.owners.map((o) => o.personId));
  const nonParty = people.filter(
    (p) => owners.has(p.id) && !p.tags.includes('党员') && !isDemoAccount(p) && age(p) >= 35 && age(p) <= 75,
  );
  const plan: Record<string, { founded: string; start: string; end: string; party: number; others: number } | undefined> = {
    // 双向进入、交叉任职: the branch secretary chairs the committee founded in September.
    longshengaz: { founded: '2026-09-18', start: '2026-09-18', end: '2031-09-17', party: 2, others: 3 },
    zhoucheng: { founded: '2019-04-20', start: '2024-04-20', end: '2029-04-19', party: 3, others: 5 },
    // Deliberately against the rules, so the warnings show: four members, a six-year term.
    jinlong: { founded: '2022-01-01', start: '2022-01-01', end: '2027-12-31', party: 1, others: 2 },
  };
  const p = plan[spec.id];
  if (!p || !secretary) return;
  const id = `cm-${spec.id}`;
  out.committees.push({
    id,
    compoundId: spec.id,
    name: `${spec.name}业主委员会`,
    chairId: secretary.id,
    foundedOn: p.founded,
    termStart: p.start,
    termEnd: p.end,
  });
  out.committeeMembers.push({ committeeId: id, personId: secretary.id, position: 'chair' });
  if (spec.id === 'longshengaz')
    out.committeeMembers.push({ committeeId: id, personId: 'p-19900000004', position: 'vice_chair' });
  for (const m of party.filter((x) => x !== secretary).slice(0, p.party))
    out.committeeMembers.push({ committeeId: id, personId: m.id, position: 'member' });
  for (const m of nonParty.slice(0, p.others)) out.committeeMembers.push({ committeeId: id, personId: m.id, position: 'member' });
}

const STATION_DETAILS: Record<StationType, { place: string; hours: string; services: string[] }> = {
  online_mass_line: {
    place: '党员活动室（原煤棚屋改造）',
    hours: '周一至周五 8:30–17:30',
    services: ['民情收集', '代办事项', '政策咨询', '网上办事指导'],
  },
  three_social: {
    place: '党员活动室二楼',
    hours: '周二、周四 9:00–17:00',
    services: ['社会组织对接', '社工服务', '志愿者招募', '邻里调解'],
  },
  elderly_care: { place: '日间照料中心', hours: '每天 8:00–18:00', services: ['助餐', '日间照料', '陪诊预约', '上门探访'] },
  public_health: {
    place: '卫生服务室',
    hours: '每月第一周 周一至周五 8:30–11:30',
    services: ['量血压', '测血糖', '健康咨询', '每月免费体检'],
  },
  owner_autonomy: {
    place: '业委会办公室',
    hours: '周六 9:00–12:00',
    services: ['业主议事', '维修资金咨询', '公共收益公示', '物业事务协调'],
  },
};

function buildStations(spec: CompoundSpec, out: DemoRegistry) {
  STATION_TYPES.forEach((type, i) => {
    const d = STATION_DETAILS[type];
    out.stations.push({
      id: `st-${spec.id}-${type}`,
      compoundId: spec.id,
      type,
      name: `${spec.name}${['网上群众路线线下服务站', '“三社联动”服务站', '养老服务驿站', '公共卫生服务站', '业主自治服务站'][i]}`,
      place: d.place,
      hours: d.hours,
      services: d.services,
      contacts: [{ name: '社区值班室', phone: `0731-2856${String(1000 + i * 7).slice(-4)}` }],
    });
  });
}
