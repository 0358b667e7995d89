import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { localIn, makePerson } from '../events/events.test-helpers';

describeEachDialect('health checks', (h) => {
  let medic: Session;
  let worker: Session;
  let bedridden: Session;
  let neighbour: Session;
  let eventId: string;
  const post = (s: Session | null, url: string, payload?: object) => h().as(s, { method: 'POST', url, payload });
  const get = (s: Session | null, url: string) => h().as(s, { method: 'GET', url });

  it('lets medical staff organise a monthly health check', async () => {
    medic = await makePerson(h(), { name: '医生', nodeId: 'sanchong', role: 'medical_staff' });
    worker = await makePerson(h(), { name: '社工', nodeId: 'sanchong', role: 'community_worker' });
    bedridden = await makePerson(h(), { name: '卧床老人', nodeId: 'zhoucheng', birthYear: 1938, tags: ['残疾', '独居老人'] });
    neighbour = await makePerson(h(), { name: '邻居', nodeId: 'zhoucheng', birthYear: 1960 });
    const res = await post(medic, '/api/v1/events', {
      nodeId: 'zhoucheng',
      kind: 'health_check',
      title: '每月免费健康体检',
      place: '公共卫生服务站',
      start: localIn(3, '08:30'),
      durationMin: 180,
      rrule: 'FREQ=MONTHLY;BYDAY=2SA',
    });
    expect(res.statusCode, res.body).toBe(201);
    eventId = res.json().id;
    expect(
      (
        await post(neighbour, '/api/v1/events', {
          nodeId: 'zhoucheng',
          kind: 'health_check',
          title: 'x',
          start: localIn(3, '08:30'),
          durationMin: 60,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('lists who cannot come for home visits, with their visit records and no health data', async () => {
    const list = await get(medic, `/api/v1/health/events/${eventId}/home-visits`);
    expect(list.statusCode, list.body).toBe(200);
    const entry = list.json().people.find((p: { personId: string }) => p.personId === bedridden.personId);
    expect(entry).toMatchObject({ name: '卧床老人', reasons: ['残疾', '独居老人'], signedUp: false, visits: [] });
    expect(list.json().people.some((p: { personId: string }) => p.personId === neighbour.personId)).toBe(false);
    const v = await post(medic, `/api/v1/health/events/${eventId}/home-visits`, {
      personId: bedridden.personId,
      outcome: 'visited',
      visitedOn: '2026-11-20',
      note: '上门完成体检',
    });
    expect(v.statusCode, v.body).toBe(201);
    expect(
      (
        await post(medic, `/api/v1/health/events/${eventId}/home-visits`, {
          personId: bedridden.personId,
          outcome: 'gone',
          visitedOn: '2026-11-20',
        })
      ).statusCode,
    ).toBe(400);
    const after = (await get(medic, `/api/v1/health/events/${eventId}/home-visits`)).json();
    expect(after.people.find((p: { personId: string }) => p.personId === bedridden.personId).visits).toMatchObject([
      { outcome: 'visited', note: '上门完成体检' },
    ]);
    expect(JSON.stringify(after)).not.toMatch(/systolic|glucose/);
    expect((await get(neighbour, `/api/v1/health/events/${eventId}/home-visits`)).statusCode).toBe(403);
  });

  it('lets only medical staff record results; only they and the resident read them, each read audited', async () => {
    const body = {
      personId: bedridden.personId,
      eventId,
      measuredOn: '2026-11-20',
      systolic: 142,
      diastolic: 88,
      heartRate: 76,
      glucose: 6.1,
      note: '血压偏高，建议复查',
    };
    expect((await post(worker, '/api/v1/health/results', body)).statusCode).toBe(403);
    expect((await post(medic, '/api/v1/health/results', { ...body, systolic: 'high' })).statusCode).toBe(400);
    expect((await post(medic, '/api/v1/health/results', { ...body, measuredOn: '2999-01-01' })).statusCode).toBe(400);
    const rec = await post(medic, '/api/v1/health/results', body);
    expect(rec.statusCode, rec.body).toBe(201);
    // The resident is told the results are ready (notification matrix), without the values.
    const told = await h()
      .ctx.db.selectFrom('notifications')
      .select(['person_id', 'title', 'body', 'link'])
      .where('kind', '=', 'health.results')
      .execute();
    expect(told).toEqual([
      {
        person_id: bedridden.personId,
        title: '您的健康检测结果已出',
        body: '请在连心桥「我的健康记录」查看',
        link: '/health/me',
      },
    ]);
    const before = await h().ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'health.read').execute();
    const own = await get(bedridden, '/api/v1/health/results');
    expect(own.statusCode).toBe(200);
    expect(own.json().results[0]).toMatchObject({ systolic: 142, diastolic: 88, glucose: 6.1, eventTitle: '每月免费健康体检' });
    const byMedic = await get(medic, `/api/v1/health/results?personId=${bedridden.personId}`);
    expect(byMedic.statusCode).toBe(200);
    const reads = await h()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'health.read')
      .where('target_id', '=', bedridden.personId)
      .execute();
    expect(reads.length - before.length).toBe(2);
    expect(reads.map((r) => r.details ?? '').join('')).not.toMatch(/142|6\.1/);
    expect((await get(worker, `/api/v1/health/results?personId=${bedridden.personId}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/v1/health/results?personId=${bedridden.personId}`)).statusCode).toBe(404);
    const farMedic = await makePerson(h(), { name: '外区医生', nodeId: 'wuxing', role: 'medical_staff' });
    expect((await get(farMedic, `/api/v1/health/results?personId=${bedridden.personId}`)).statusCode).toBe(404);
    expect((await post(farMedic, '/api/v1/health/results', body)).statusCode).toBe(404);
  });

  it('finds a walk-in by name for medical staff only, within their reach, without phones, and records their result', async () => {
    const walkIn = await makePerson(h(), { name: '路过的张大爷', nodeId: 'sanchong', birthYear: 1950 });
    await makePerson(h(), { name: '张大爷远亲', nodeId: 'wuxing', birthYear: 1948 });
    const found = await get(medic, `/api/v1/health/people?q=${encodeURIComponent('张大爷')}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({
      people: [{ personId: walkIn.personId, name: '路过的张大爷', birthYear: 1950, address: null }],
    });
    expect(found.body).not.toMatch(/177\d{8}/);
    expect((await get(worker, `/api/v1/health/people?q=${encodeURIComponent('张大爷')}`)).statusCode).toBe(403);
    expect((await get(medic, '/api/v1/health/people?q=')).statusCode).toBe(400);
    expect((await get(medic, `/api/v1/health/people?q=${encodeURIComponent('%')}`)).json()).toEqual({ people: [] });
    const rec = await post(medic, '/api/v1/health/results', {
      personId: walkIn.personId,
      eventId: null,
      measuredOn: '2026-11-20',
      systolic: 128,
      diastolic: 80,
      heartRate: 70,
      glucose: null,
      note: '到站测量',
    });
    expect(rec.statusCode, rec.body).toBe(201);
    const own = (await get(walkIn, '/api/v1/health/results')).json().results;
    expect(own).toEqual([
      {
        id: rec.json().id,
        eventTitle: null,
        measuredOn: '2026-11-20',
        systolic: 128,
        diastolic: 80,
        heartRate: 70,
        glucose: null,
        note: '到站测量',
      },
    ]);
  });
});

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, cb) {
    logLines.push(String(chunk));
    cb();
  },
});

describeEachDialect(
  'health data stays out of the logs',
  (h) => {
    it('logs a result’s request without its values, and a results read without them', async () => {
      const medic = await makePerson(h(), { name: '医生', nodeId: 'sanchong', role: 'medical_staff' });
      const p = await makePerson(h(), { name: '居民', nodeId: 'zhoucheng', birthYear: 1950 });
      const res = await h().as(medic, {
        method: 'POST',
        url: '/api/v1/health/results',
        payload: {
          personId: p.personId,
          measuredOn: '2026-11-01',
          systolic: 173,
          diastolic: 97,
          glucose: 11.7,
          note: '糖尿病复诊',
        },
      });
      expect(res.statusCode).toBe(201);
      const read = await h().as(p, { method: 'GET', url: '/api/v1/health/results' });
      expect(read.json().results[0].systolic).toBe(173);
      // Pino's own numbers (time, pid, responseTime) are left out: a duration like 1.441736 holds
      // "173" by chance. Everything a request could have put in the log stays in.
      const text = logLines
        .flatMap((chunk) => chunk.split('\n').filter(Boolean))
        .map((line) => {
          const { time: _t, pid: _p, responseTime: _r, ...rest } = JSON.parse(line) as Record<string, unknown>;
          return JSON.stringify(rest);
        })
        .join('\n');
      expect(text).toContain('/api/v1/health/results');
      expect(text).not.toMatch(/173|11\.7|糖尿病/);
    });
  },
  { logStream, logLevel: 'info' },
);
