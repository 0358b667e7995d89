/**
 * Stored-XSS fixtures for e2e/xss.e2e.ts: signs in as the demo accounts through the API and writes
 * script-bearing text into every user-facing text field it can reach, remembering which page (and
 * which account) should show each one back as literal text.
 */

/** Demo accounts (password lianxin2026) used by the XSS test. */
export const PHONES = {
  resident: '19900000001', // 万玉清, 五星安置小区
  volunteer: '19900000002', // 黄园, 五星安置小区
  secretary: '19900000003', // 李建国, branch secretary of 五星安置小区
  worker: '19900000005', // 邹晓敏, community worker (五星社区)
  councilResident: '19900000041', // 张秀英, 龙升
  councilSecretary: '19900000043', // 彭建华, branch secretary of 龙升
} as const;
export type Who = keyof typeof PHONES;

/** A long payload: attribute break-out, an img with onerror, a script tag and a javascript: URL. */
export const long = (tag: string) =>
  `${tag} "><img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)"><script>window.__xss=1</script> javascript:alert(1)`;
/** Fits 80-character titles. */
export const mid = (tag: string) => `${tag}"><img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)">`;
/** Fits 40-character names. */
export const short = (tag: string) => `${tag}"><svg onload=alert(1)>`;
/** Link-like fields. */
export const jsUrl = (tag: string) => `javascript:alert(1)//${tag}`;

export interface Client {
  who: Who;
  cookie: string;
  csrf: string;
}

/** A page that must show the payloads as text, opened as `who` (null: signed out). */
export interface Target {
  name: string;
  who: Who | null;
  path: string;
  texts: string[];
  /** A button to press first (the text sits behind it), found by its accessible name. */
  press?: string;
}

export async function login(url: string, who: Who): Promise<Client> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: PHONES[who], password: 'lianxin2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${who} ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { who, cookie, csrf: (await res.json()).csrfToken };
}

/** Calls the API as `c`; throws with the answer on anything but 2xx (the seed must be complete). */
export async function call<T = Record<string, unknown>>(
  url: string,
  c: Client,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { cookie: c.cookie, 'x-csrf-token': c.csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`${c.who} ${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);
const isoDay = (d: number) => inDays(d).toISOString().slice(0, 10);

type Seeder = (url: string, as: (who: Who) => Promise<Client>) => Promise<Target[]>;

const orders: Seeder = async (url, as) => {
  const [r, v] = [await as('resident'), await as('volunteer')];
  const win = { windowStart: inDays(0.05).toISOString(), windowEnd: inDays(0.1).toISOString() };
  const a = await call<{ id: string }>(url, r, 'POST', '/api/v1/orders', {
    category: 'shopping',
    description: long('O1'),
    ...win,
  });
  await call(url, v, 'POST', `/api/v1/orders/${a.id}/take`);
  await call(url, v, 'POST', `/api/v1/orders/${a.id}/start`);
  await call(url, v, 'POST', `/api/v1/orders/${a.id}/done`, { minutes: 45, note: long('O2') });
  await call(url, r, 'POST', `/api/v1/orders/${a.id}/confirm`, { rating: 5, comment: long('O3') });
  const b = await call<{ id: string }>(url, r, 'POST', '/api/v1/orders', { category: 'other', description: long('O4'), ...win });
  await call(url, r, 'POST', `/api/v1/orders/${b.id}/cancel`, { reason: long('O5') });
  const c = await call<{ id: string }>(url, r, 'POST', '/api/v1/orders', { category: 'errand', description: long('O6'), ...win });
  return [
    { name: 'order done (resident)', who: 'resident', path: `/orders/${a.id}`, texts: [long('O1'), long('O2'), long('O3')] },
    { name: 'order cancelled (resident)', who: 'resident', path: `/orders/${b.id}`, texts: [long('O4'), long('O5')] },
    { name: 'my orders (resident)', who: 'resident', path: '/orders/mine', texts: [] },
    { name: 'open orders (volunteer)', who: 'volunteer', path: '/orders/volunteer', texts: [long('O6')] },
    { name: 'order (volunteer)', who: 'volunteer', path: `/orders/${c.id}`, texts: [long('O6')] },
    { name: 'orders board (secretary)', who: 'secretary', path: '/orders/board', texts: [] },
    { name: 'messages (resident)', who: 'resident', path: '/notifications', texts: [] },
    { name: 'messages (volunteer)', who: 'volunteer', path: '/notifications', texts: [] },
    { name: 'volunteer home (volunteer)', who: 'volunteer', path: '/volunteer', texts: [] },
  ];
};

const council: Seeder = async (url, as) => {
  const [r, s] = [await as('councilResident'), await as('councilSecretary')];
  const issue = await call<{ id: string }>(url, r, 'POST', '/api/v1/council/issues', {
    compoundId: 'longshengaz',
    title: mid('C1'),
    description: long('C2'),
    category: 'other',
  });
  await call(url, r, 'POST', `/api/v1/council/issues/${issue.id}/comments`, { body: long('C3') });
  await call(url, s, 'POST', `/api/v1/council/issues/${issue.id}/answer`, { answer: long('C4') });
  const agendaIssue = await call<{ id: string }>(url, r, 'POST', '/api/v1/council/issues', {
    compoundId: 'longshengaz',
    title: mid('CD'),
    description: long('CE'),
    category: 'parking',
  });
  const m = await call<{ id: string }>(url, s, 'POST', '/api/v1/council/meetings', {
    compoundId: 'longshengaz',
    kind: 'ad_hoc',
    title: mid('C5'),
    scheduledAt: inDays(1).toISOString(),
    place: mid('C6'),
  });
  const item = await call<{ id: string }>(url, s, 'POST', `/api/v1/council/meetings/${m.id}/agenda`, { issueId: agendaIssue.id });
  await call(url, s, 'POST', `/api/v1/council/meetings/${m.id}/agenda`, { title: mid('C7') });
  await call(url, s, 'POST', `/api/v1/council/meetings/${m.id}/open`);
  const meeting = await call<{ members: Array<{ id: string }> }>(url, s, 'GET', `/api/v1/council/meetings/${m.id}`);
  for (const x of meeting.members)
    await call(url, s, 'PUT', `/api/v1/council/meetings/${m.id}/attendance`, { memberId: x.id, present: true });
  await call(url, s, 'POST', `/api/v1/council/agenda/${item.id}/discussed`, { note: long('C8') });
  const d = await call<{ id: string }>(url, s, 'POST', `/api/v1/council/meetings/${m.id}/decisions`, {
    agendaItemId: item.id,
    text: long('C9'),
    votesFor: meeting.members.length,
    votesAgainst: 0,
    votesAbstain: 0,
    responsibleMemberId: meeting.members[0]?.id,
    deadline: isoDay(30),
  });
  await call(url, s, 'PUT', `/api/v1/council/meetings/${m.id}/minutes`, { minutes: long('CA') });
  await call(url, s, 'POST', `/api/v1/council/decisions/${d.id}/actions`, {
    title: mid('CB'),
    ownerLabel: short('CC'),
    dueOn: isoDay(20),
  });
  // Closed, the minutes are shown as text (while open they sit in the editor).
  await call(url, s, 'POST', `/api/v1/council/meetings/${m.id}/close`);
  return [
    {
      name: 'council issue (resident)',
      who: 'councilResident',
      path: `/council/issues/${issue.id}`,
      texts: [mid('C1'), long('C2'), long('C3'), long('C4')],
    },
    { name: 'council list (resident)', who: 'councilResident', path: '/council', texts: [mid('CD')] },
    { name: 'council public issue (signed out)', who: null, path: `/council/public/issues/${issue.id}`, texts: [mid('C1')] },
    {
      name: 'meeting (secretary)',
      who: 'councilSecretary',
      path: `/council/meetings/${m.id}`,
      texts: [mid('C5'), mid('C6'), mid('CD'), long('CA'), long('C9')],
    },
    {
      name: 'decision (resident)',
      who: 'councilResident',
      path: `/council/decisions/${d.id}`,
      texts: [long('C9'), mid('CB'), short('CC')],
    },
    { name: 'notice board (signed out)', who: null, path: '/council/notices/longshengaz', texts: [] },
    { name: 'messages (council resident)', who: 'councilResident', path: '/notifications', texts: [] },
  ];
};

const discussion: Seeder = async (url, as) => {
  const [r, v] = [await as('resident'), await as('volunteer')];
  const t = await call<{ id: string }>(url, r, 'POST', '/api/v1/discussion/topics', {
    compoundId: 'wuxingaz',
    title: mid('D1'),
    body: long('D2'),
  });
  await call(url, v, 'POST', `/api/v1/discussion/topics/${t.id}/replies`, { body: long('D3') });
  return [
    { name: 'discussion board (resident)', who: 'resident', path: '/discussion', texts: [mid('D1')] },
    {
      name: 'discussion topic (volunteer)',
      who: 'volunteer',
      path: `/discussion/${t.id}`,
      texts: [mid('D1'), long('D2'), long('D3')],
    },
  ];
};

const events: Seeder = async (url, as) => {
  const s = await as('secretary');
  const g = await call<{ id: string }>(url, s, 'POST', '/api/v1/groups', {
    nodeId: 'wuxingaz',
    name: mid('E1').slice(0, 60),
    description: long('E2'),
  });
  // Tomorrow 10:00 in China, as the form sends it (local wall-clock time).
  const day = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  const e = await call<{ id: string }>(url, s, 'POST', '/api/v1/events', {
    nodeId: 'wuxingaz',
    groupId: g.id,
    title: mid('E3'),
    place: mid('E4').slice(0, 80),
    description: long('E5'),
    start: `${day}T10:00`,
    durationMin: 60,
  });
  const week = await call<{ occurrences: Array<{ eventId: string; occKey: string }> }>(
    url,
    s,
    'GET',
    `/api/v1/events/week?node=wuxingaz&from=${day}`,
  );
  const occ = week.occurrences.find((o) => o.eventId === e.id);
  if (!occ) throw new Error(`event ${e.id} not in the week: ${JSON.stringify(week).slice(0, 300)}`);
  return [
    { name: 'groups (resident)', who: 'resident', path: '/groups', texts: [mid('E1').slice(0, 60)] },
    { name: 'group (resident)', who: 'resident', path: `/groups/${g.id}`, texts: [mid('E1').slice(0, 60), long('E2')] },
    { name: 'events week (resident)', who: 'resident', path: '/events', texts: [mid('E3')] },
    {
      name: 'event',
      who: 'resident',
      path: `/events/${e.id}/${occ.occKey}`,
      texts: [mid('E3'), mid('E4').slice(0, 80), long('E5')],
    },
  ];
};

const notices: Seeder = async (url, as) => {
  const s = await as('secretary');
  const n = await call<{ id: string }>(url, s, 'POST', '/api/v1/notices', {
    nodeId: 'wuxingaz',
    title: mid('N1'),
    body: `${long('N2')}\n[link](javascript:alert(1))`,
  });
  const cur = await call<{ version?: number; current?: { version: number } | null }>(
    url,
    s,
    'GET',
    '/api/v1/conventions/wuxingaz',
  );
  const baseVersion = cur.current?.version ?? cur.version ?? 0;
  await call(url, s, 'POST', '/api/v1/conventions/wuxingaz/versions', {
    title: mid('N3'),
    body: long('N4'),
    note: long('N5'),
    baseVersion,
  });
  return [
    { name: 'notices (resident)', who: 'resident', path: '/notices', texts: [mid('N1')] },
    { name: 'notice (resident)', who: 'resident', path: `/notices/${n.id}`, texts: [mid('N1'), long('N2')] },
    { name: '居民公约 (resident)', who: 'resident', path: '/conventions/wuxingaz', texts: [mid('N3'), long('N4'), long('N5')] },
  ];
};

const projects: Seeder = async (url, as) => {
  const s = await as('worker');
  const p = await call<{ id: string }>(url, s, 'POST', '/api/v1/projects', {
    nodeId: 'wuxingaz',
    title: mid('P1'),
    summary: long('P2'),
    contractor: mid('P3'),
  });
  const detail = await call<{ items: Array<{ id: string; name: string }> }>(url, s, 'POST', `/api/v1/projects/${p.id}/items`, {
    name: long('P4').slice(0, 60),
    budgetFen: 50_000,
  });
  const item = detail.items.find((i) => i.name === long('P4').slice(0, 60));
  if (!item) throw new Error(`work item missing: ${JSON.stringify(detail).slice(0, 300)}`);
  await call(url, s, 'POST', `/api/v1/projects/${p.id}/spending`, {
    itemId: item.id,
    amountFen: 12_300,
    spentOn: isoDay(-1),
    note: long('P5'),
  });
  // Published, it is on the public disclosure page.
  await call(url, s, 'PATCH', `/api/v1/projects/${p.id}`, { published: true });
  return [
    {
      name: 'project (staff)',
      who: 'worker',
      path: `/projects/${p.id}`,
      texts: [mid('P1'), long('P2'), long('P4').slice(0, 60), long('P5')],
    },
    { name: 'project (public)', who: null, path: `/public/projects/${p.id}`, texts: [mid('P1'), long('P2')] },
    { name: 'projects (staff)', who: 'worker', path: '/projects', texts: [mid('P1')] },
  ];
};

const registry: Seeder = async (url, as) => {
  const s = await as('secretary');
  const person = await call<{ id: string }>(url, s, 'POST', '/api/v1/registry/people', {
    nodeId: 'wuxingaz',
    name: short('R1'),
    tags: [short('R2').slice(0, 20)],
  });
  return [
    {
      name: 'person (secretary)',
      who: 'secretary',
      path: `/registry/people/${person.id}`,
      texts: [short('R1'), short('R2').slice(0, 20)],
    },
  ];
};

const votes: Seeder = async (url, as) => {
  const s = await as('secretary');
  const v = await call<{ id: string }>(url, s, 'POST', '/api/v1/votes', {
    compoundId: 'wuxingaz',
    kind: 'consultation',
    title: mid('V1'),
    body: long('V2'),
    options: [short('V3'), jsUrl('V4')],
    closesAt: inDays(5).toISOString(),
  });
  return [
    { name: 'votes (resident)', who: 'resident', path: '/votes', texts: [mid('V1')] },
    {
      name: 'vote (resident)',
      who: 'resident',
      path: `/votes/${v.id}`,
      texts: [mid('V1'), long('V2'), short('V3'), jsUrl('V4')],
    },
  ];
};

const volunteering: Seeder = async (url, as) => {
  const [s, v] = [await as('secretary'), await as('volunteer')];
  const targets: Target[] = [];
  const pairs = await call<{ pairings: Array<{ id: string; status?: string }> }>(url, v, 'GET', '/api/v1/pairings/mine');
  const pair = pairs.pairings[0];
  if (!pair) throw new Error(`volunteer has no pairing: ${JSON.stringify(pairs)}`);
  await call(url, v, 'POST', `/api/v1/pairings/${pair.id}/visits`, {
    visitedOn: isoDay(0),
    minutes: 30,
    what: long('Z1'),
    condition: 'well',
  });
  targets.push({ name: 'pairing (volunteer)', who: 'volunteer', path: `/pairing/${pair.id}`, texts: [long('Z1')] });
  const z = await call<{ id: string }>(url, s, 'POST', '/api/v1/compounds/wuxingaz/zones', {
    name: mid('Z2').slice(0, 60),
    type: '绿化',
    polygon: [
      [10, 10],
      [200, 10],
      [200, 200],
    ],
  });
  await call(url, v, 'POST', `/api/v1/zones/${z.id}/claims`, {});
  await call(url, v, 'POST', `/api/v1/zones/${z.id}/duties`, { doneOn: isoDay(0), minutes: 20, what: long('Z3') });
  await call(url, v, 'POST', `/api/v1/zones/${z.id}/reports`, { text: long('Z4') });
  targets.push({
    name: 'zones (volunteer)',
    who: 'volunteer',
    path: '/zones/wuxingaz',
    texts: [mid('Z2').slice(0, 60), long('Z3'), long('Z4')],
    press: mid('Z2').slice(0, 60),
  });
  return targets;
};

const stations: Seeder = async (url, as) => {
  const s = await as('worker');
  const list = await call<{ stations: Array<{ id: string }> }>(url, s, 'GET', '/api/v1/stations?compound=wuxingaz');
  const st = list.stations[0];
  if (!st) throw new Error('no station in the demo data');
  await call(url, s, 'PATCH', `/api/v1/stations/${st.id}`, {
    name: short('S1'),
    place: mid('S2'),
    hours: short('S3'),
    services: [short('S4')],
  });
  return [
    { name: 'stations (resident)', who: 'resident', path: '/stations', texts: [short('S1')] },
    { name: 'station (resident)', who: 'resident', path: `/stations/${st.id}`, texts: [short('S1'), mid('S2'), short('S4')] },
  ];
};

export const SEEDERS: Record<string, Seeder> = {
  orders,
  council,
  discussion,
  events,
  notices,
  projects,
  registry,
  votes,
  volunteering,
  stations,
};

/** Runs every seeder; returns the pages to open and the seeders that could not write (with why). */
export async function seedXss(url: string, only?: string[]): Promise<{ targets: Target[]; failures: string[] }> {
  const clients = new Map<Who, Promise<Client>>();
  const as = (who: Who) => {
    if (!clients.has(who)) clients.set(who, login(url, who));
    return clients.get(who) as Promise<Client>;
  };
  const targets: Target[] = [];
  const failures: string[] = [];
  for (const [name, seed] of Object.entries(SEEDERS)) {
    if (only && !only.includes(name)) continue;
    try {
      targets.push(...(await seed(url, as)));
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  return { targets, failures };
}
