import { expect, it } from 'vitest';
import { createMeetingsRepository } from '../modules/council/meetings.repository';
import { createZonesRepository } from '../modules/zones/zones.repository';
import { describeEachDialect, type Harness, type Session } from './harness';

/**
 * Optimistic concurrency on every form edit (ADR 0002): each record's read carries `version`, an
 * edit sends it back as `expectedVersion`, and an edit made against an older version is refused
 * with 409 EDIT_CONFLICT, writing and auditing nothing. One table of endpoints, one set of checks.
 */
interface EditCase {
  name: string;
  /** Phone of a staff account that may edit the record. */
  phone: string;
  /** Makes a fresh record and answers its id. */
  make(h: Harness, s: Session): Promise<string>;
  /** The record's version and the edited field's value, as the read route answers them. */
  read(h: Harness, s: Session, id: string): Promise<{ version: number; value: unknown }>;
  method: 'PATCH' | 'PUT';
  url(id: string): string;
  /** An edit body setting the field to a value derived from `n`. */
  body(n: number): Record<string, unknown>;
  /** The field's value after body(n) was saved. */
  stored(n: number): unknown;
  auditAction: string;
  /** An id the route answers 404 for once the record is gone; defaults to a made-up id. */
  gone?(h: Harness, s: Session): Promise<string>;
  /**
   * The repository's conditional write with a given version, true when it wrote: where the
   * service also checks the version first, this shows the write itself refuses a stale one (the
   * race of two edits that both passed that check, which SQLite's single writer never shows).
   */
  write?(h: Harness, id: string, version: number): Promise<boolean>;
}

const ok = (res: { statusCode: number; body: string }, status = 200) => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return JSON.parse(res.body);
};
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
let serial = 0;

const CASES: EditCase[] = [
  {
    name: 'zones: PATCH /api/v1/zones/:id',
    phone: '19900000003', // 李建国, secretary of wuxingaz
    async make(h, s) {
      const x = 100 + (serial++ % 10) * 50;
      const polygon = [
        [x, 600],
        [x + 30, 600],
        [x + 30, 630],
        [x, 630],
      ];
      const res = ok(
        await h.as(s, {
          method: 'POST',
          url: '/api/v1/compounds/wuxingaz/zones',
          payload: { name: '冲突测试片区', type: '绿化', polygon },
        }),
        201,
      );
      return res.id;
    },
    async read(h, s, id) {
      const { zone } = ok(await h.as(s, { url: `/api/v1/zones/${id}` }));
      return { version: zone.version, value: zone.name };
    },
    method: 'PATCH',
    url: (id) => `/api/v1/zones/${id}`,
    body: (n) => ({ name: `片区改名${n}` }),
    stored: (n) => `片区改名${n}`,
    auditAction: 'zone.updated',
    write: (h, id, version) => createZonesRepository(h.ctx.db).update(id, version, { name: '旧版本的修改' }),
    async gone(h, s) {
      const id = await this.make(h, s);
      expect((await h.as(s, { method: 'DELETE', url: `/api/v1/zones/${id}` })).statusCode).toBe(204);
      return id;
    },
  },
  {
    name: 'registry: PATCH /api/v1/registry/units/:id',
    phone: '19900000005', // 邹晓敏, community worker of 五星社区
    async make(h, s) {
      const door = String(900 + serial++);
      return ok(
        await h.as(s, {
          method: 'POST',
          url: '/api/v1/registry/units',
          payload: { buildingId: 'wuxinghy-b1', stairwell: '3', door, area: '80' },
        }),
        201,
      ).id;
    },
    async read(h, s, id) {
      const b = ok(await h.as(s, { url: '/api/v1/registry/buildings/wuxinghy-b1' }));
      const u = b.units.find((x: { id: string }) => x.id === id);
      return { version: u.version, value: u.area };
    },
    method: 'PATCH',
    url: (id) => `/api/v1/registry/units/${id}`,
    body: (n) => ({ area: `${81 + n}.50` }),
    stored: (n) => `${81 + n}.50`,
    auditAction: 'registry.unit_updated',
  },
  {
    name: 'registry: PATCH /api/v1/registry/people/:id',
    phone: '19900000005',
    async make(h, s) {
      return ok(
        await h.as(s, { method: 'POST', url: '/api/v1/registry/people', payload: { nodeId: 'wuxingaz', name: '冲突测试' } }),
        201,
      ).id;
    },
    async read(h, s, id) {
      const p = ok(await h.as(s, { url: `/api/v1/registry/people/${id}` }));
      return { version: p.version, value: p.name };
    },
    method: 'PATCH',
    url: (id) => `/api/v1/registry/people/${id}`,
    body: (n) => ({ name: `改名${n}号` }),
    stored: (n) => `改名${n}号`,
    auditAction: 'registry.person_updated',
  },
  {
    name: 'projects: PATCH /api/v1/projects/:id',
    phone: '19900000008', // 刘贞, district admin
    async make(h, s) {
      const payload = { nodeId: 'zhoucheng', title: '冲突测试项目', status: 'planned', funding: [], items: [], milestones: [] };
      return ok(await h.as(s, { method: 'POST', url: '/api/v1/projects', payload }), 201).id;
    },
    async read(h, s, id) {
      const p = ok(await h.as(s, { url: `/api/v1/projects/${id}` }));
      return { version: p.version, value: p.title };
    },
    method: 'PATCH',
    url: (id) => `/api/v1/projects/${id}`,
    body: (n) => ({ title: `项目改名${n}` }),
    stored: (n) => `项目改名${n}`,
    auditAction: 'project.updated',
  },
  {
    name: 'council: PUT /api/v1/council/meetings/:id/minutes',
    phone: '19900000043', // secretary of longshengaz
    async make(h, s) {
      const payload = { compoundId: 'longshengaz', kind: 'ad_hoc', title: '冲突测试会议', scheduledAt: inAWeek() };
      return ok(await h.as(s, { method: 'POST', url: '/api/v1/council/meetings', payload }), 201).id;
    },
    async read(h, s, id) {
      const m = ok(await h.as(s, { url: `/api/v1/council/meetings/${id}` }));
      return { version: m.version, value: m.minutes };
    },
    method: 'PUT',
    url: (id) => `/api/v1/council/meetings/${id}/minutes`,
    body: (n) => ({ minutes: `第${n}稿会议记录` }),
    stored: (n) => `第${n}稿会议记录`,
    auditAction: 'council.meeting.minutes',
    write: (h, id, version) => createMeetingsRepository(h.ctx.db).setMinutes(h.ctx.db, id, version, '旧版本的记录'),
  },
];

for (const c of CASES) {
  describeEachDialect(`edit conflicts — ${c.name}`, (h) => {
    let s: Session;
    let id: string;
    const edit = (n: number, expectedVersion?: number) =>
      h().as(s, { method: c.method, url: c.url(id), payload: { ...c.body(n), expectedVersion } });
    const audits = async () =>
      (
        await h()
          .ctx.db.selectFrom('audit_log')
          .select('seq')
          .where('target_id', '=', id)
          .where('action', '=', c.auditAction)
          .execute()
      ).length;

    it('answers the version with the record and raises it with each edit', async () => {
      s = await h().login(c.phone);
      id = await c.make(h(), s);
      const before = await c.read(h(), s, id);
      expect(before.version).toBe(1);
      ok(await edit(1, 1));
      expect(await c.read(h(), s, id)).toEqual({ version: 2, value: c.stored(1) });
      expect(await audits()).toBe(1);
    });

    it('refuses an edit made against an older version with 409 EDIT_CONFLICT, writing and auditing nothing', async () => {
      const res = await edit(2, 1);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'EDIT_CONFLICT', details: { currentVersion: 2 } });
      expect(res.json().error.message).toBe('这条记录刚被别人改过，请看最新内容后再改');
      expect(await c.read(h(), s, id)).toEqual({ version: 2, value: c.stored(1) });
      expect(await audits()).toBe(1);
    });

    it('of two simultaneous edits against the same version, saves exactly one and refuses the other', async () => {
      const [a, b] = await Promise.all([edit(3, 2), edit(4, 2)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().error.code).toBe('EDIT_CONFLICT');
      const winner = a.statusCode === 200 ? 3 : 4;
      expect(await c.read(h(), s, id)).toEqual({ version: 3, value: c.stored(winner) });
      expect(await audits()).toBe(2);
    });

    const write = c.write;
    if (write)
      it('refuses a stale version in the conditional write itself, writing nothing', async () => {
        const before = await c.read(h(), s, id);
        expect(await write(h(), id, before.version - 1)).toBe(false);
        expect(await c.read(h(), s, id)).toEqual(before);
      });

    it('still takes an edit without expectedVersion (API clients), raising the version', async () => {
      ok(await edit(5));
      expect(await c.read(h(), s, id)).toEqual({ version: 4, value: c.stored(5) });
    });

    it('answers 404, not 409, for a record that is gone', async () => {
      const goneId = c.gone ? await c.gone(h(), s) : 'no-such-record';
      const res = await h().as(s, { method: c.method, url: c.url(goneId), payload: { ...c.body(6), expectedVersion: 1 } });
      expect(res.statusCode).toBe(404);
    });
  });
}
