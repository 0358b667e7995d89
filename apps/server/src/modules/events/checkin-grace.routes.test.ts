import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import type { AuthContext } from '../accounts/policy';
import { createEventsService } from './events.service';
import { localIn, makePerson } from './events.test-helpers';

/** The check-in grace per event kind and node, and the door's window at its exact edges. */
describeEachDialect('events.checkin-grace', (h) => {
  let secretary: Session;
  let worker: Session;
  let resident: Session;
  let outsider: Session;
  let community = '';
  let compoundPath = '';
  const url = (node: string) => `/api/v1/events/checkin-grace/${node}`;
  const put = (s: Session, node: string, payload: object) => h().as(s, { method: 'PUT', url: url(node), payload });
  const get = (s: Session, node: string) => h().as(s, { url: url(node) });
  const kinds = (activity: number | null, health_check: number | null, daycare: number | null) => ({
    activity,
    health_check,
    daycare,
  });

  it('sets up the staff of 五星社区安置小区 and of its community, a resident and another compound’s secretary', async () => {
    const node = await h()
      .ctx.db.selectFrom('nodes')
      .select(['parent_id', 'path'])
      .where('id', '=', 'wuxingaz')
      .executeTakeFirstOrThrow();
    community = node.parent_id ?? '';
    compoundPath = node.path;
    secretary = await makePerson(h(), { name: '支部书记', nodeId: 'wuxingaz', role: 'branch_secretary', birthYear: 1975 });
    worker = await makePerson(h(), { name: '社区工作者', nodeId: 'wuxingaz', role: 'community_worker', roleNode: community });
    resident = await makePerson(h(), { name: '居民', nodeId: 'wuxingaz', birthYear: 1950 });
    outsider = await makePerson(h(), { name: '别的书记', nodeId: 'zhoucheng', role: 'branch_secretary' });
    expect(community).not.toBe('');
  });

  it('shows the server’s default where no node set one', async () => {
    const res = await get(secretary, 'wuxingaz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      nodeId: 'wuxingaz',
      nodeName: '五星社区安置小区',
      defaultMinutes: 60,
      own: kinds(null, null, null),
      effective: kinds(60, 60, 60),
    });
  });

  it('lets a compound inherit its community’s grace, override it per kind, and go back to it', async () => {
    const byCommunity = await put(worker, community, { activity: 30, health_check: 120 });
    expect(byCommunity.statusCode, byCommunity.body).toBe(200);
    expect([byCommunity.json().own, byCommunity.json().effective]).toEqual([kinds(30, 120, null), kinds(30, 120, 60)]);
    expect((await get(secretary, 'wuxingaz')).json()).toMatchObject({
      own: kinds(null, null, null),
      effective: kinds(30, 120, 60),
    });
    const own = await put(secretary, 'wuxingaz', { activity: 15, daycare: 0 });
    expect([own.json().own, own.json().effective]).toEqual([kinds(15, null, 0), kinds(15, 120, 0)]);
    const back = await put(secretary, 'wuxingaz', { daycare: null });
    expect([back.json().own, back.json().effective]).toEqual([kinds(15, null, null), kinds(15, 120, 60)]);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['actor_account_id', 'target_id'])
      .where('action', '=', 'event.checkin_grace_changed')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { actor_account_id: worker.accountId, target_id: community },
      { actor_account_id: secretary.accountId, target_id: 'wuxingaz' },
      { actor_account_id: secretary.accountId, target_id: 'wuxingaz' },
    ]);
  });

  it('refuses bad values with 400 and a Chinese message, writing nothing', async () => {
    for (const body of [{ activity: -1 }, { activity: 1441 }, { activity: '30' }, { activity: 1.5 }, { concert: 10 }, [10]]) {
      const res = await put(secretary, 'wuxingaz', body);
      expect([res.statusCode, res.json().error.code, res.json().error.message], JSON.stringify(body)).toEqual([
        400,
        'VALIDATION_FAILED',
        '输入有误，请检查标出的字段',
      ]);
    }
    expect((await get(secretary, 'wuxingaz')).json().own).toEqual(kinds(15, null, null));
  });

  it('answers 404 to staff of another compound and refuses a resident', async () => {
    expect((await put(outsider, 'wuxingaz', { activity: 5 })).statusCode).toBe(404);
    expect((await get(outsider, 'wuxingaz')).statusCode).toBe(404);
    expect((await put(resident, 'wuxingaz', { activity: 5 })).statusCode).toBe(403);
    expect((await get(secretary, 'wuxingaz')).json().own).toEqual(kinds(15, null, null));
  });

  it('opens the door exactly the kind’s grace before the start and closes it exactly that long after the end', async () => {
    const post = (s: Session, path: string, payload?: object) => h().as(s, { method: 'POST', url: path, payload });
    const event = async (kind: string) => {
      const created = await post(secretary, '/api/v1/events', {
        nodeId: 'wuxingaz',
        kind,
        title: kind === 'activity' ? '书法课' : '健康讲座',
        place: '活动室',
        start: localIn(2, '09:30'),
        durationMin: 60,
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const week = (await h().as(secretary, { url: '/api/v1/events/week?node=wuxingaz&days=14' })).json();
      const { occKey } = week.occurrences.find((o: { eventId: string }) => o.eventId === id);
      const tickets: string[] = [];
      for (let i = 0; i < 4; i++) {
        const p = await makePerson(h(), { name: `参加者${i}`, nodeId: 'wuxingaz', birthYear: 1950 });
        const s = await post(p, `/api/v1/events/${id}/occurrences/${occKey}/signups`);
        expect(s.statusCode, s.body).toBe(201);
        tickets.push(s.json().ticketCode as string);
      }
      const occ = await h()
        .ctx.db.selectFrom('event_occurrences')
        .select(['starts_at', 'ends_at'])
        .where('event_id', '=', id)
        .executeTakeFirstOrThrow();
      return { tickets, start: Date.parse(occ.starts_at), end: Date.parse(occ.ends_at) };
    };
    const auth: AuthContext = {
      accountId: secretary.accountId,
      personId: secretary.personId,
      sessionId: 'test',
      csrfToken: 'test',
      lang: 'zh-CN',
      largeText: false,
      grants: [{ role: 'branch_secretary', nodeId: 'wuxingaz', path: compoundPath }],
      actingFor: null,
    };
    /** Scans a ticket at `at`: 'in', or the refusal's code and window. */
    const scan = async (code: string, at: number) => {
      const svc = createEventsService({
        events: h().ctx.events,
        audit: h().ctx.audit,
        notifications: h().ctx.notifications,
        hours: h().ctx.hours,
        grace: h().ctx.checkinGrace,
        clock: () => new Date(at),
      });
      try {
        await svc.checkIn(auth, code, { defaultGraceMinutes: h().ctx.config.checkinGraceMinutes });
        return 'in';
      } catch (err) {
        const e = err as { code?: string; details?: { opens: string; closes: string } };
        return `${e.code} ${e.details?.opens}–${e.details?.closes}`;
      }
    };
    const min = 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();

    // An activity: the compound's own 15 minutes.
    const a = await event('activity');
    const aWindow = `${iso(a.start - 15 * min)}–${iso(a.end + 15 * min)}`;
    const [a0 = '', a1 = '', a2 = '', a3 = ''] = a.tickets;
    expect([
      await scan(a0, a.start - 16 * min),
      await scan(a0, a.start - 15 * min),
      await scan(a1, a.start - 14 * min),
      await scan(a2, a.end + 14 * min),
      await scan(a3, a.end + 16 * min),
      await scan(a3, a.end + 15 * min),
    ]).toEqual([`CHECKIN_OUTSIDE_WINDOW ${aWindow}`, 'in', 'in', 'in', `CHECKIN_OUTSIDE_WINDOW ${aWindow}`, 'in']);

    // A health talk at the same compound: the community's 120 minutes.
    const hc = await event('health_check');
    const hWindow = `${iso(hc.start - 120 * min)}–${iso(hc.end + 120 * min)}`;
    const [h0 = '', h1 = '', h2 = ''] = hc.tickets;
    expect([
      await scan(h0, hc.start - 121 * min),
      await scan(h0, hc.start - 120 * min),
      await scan(h1, hc.end + 121 * min),
      await scan(h1, hc.end + 120 * min),
      await scan(h2, hc.start - 119 * min),
    ]).toEqual([`CHECKIN_OUTSIDE_WINDOW ${hWindow}`, 'in', `CHECKIN_OUTSIDE_WINDOW ${hWindow}`, 'in', 'in']);
  });
});
