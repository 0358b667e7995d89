import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { addDays, todayInChina } from '../volunteers/dates';
import { DEMO, makeVolunteers } from '../volunteers/test-helpers';

/** A valid grey PNG of the given size (real CRCs, so the upload check accepts it). */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0xc0);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const square = (x: number, y: number, s = 40): Array<[number, number]> => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

describeEachDialect('zones: plan, drawing, claims, duties, reports, clean-ups', (h) => {
  let secretary: Session;
  let huang: Session;

  it('shows a member the wuxingaz plan with its zones and the teams that claimed them', async () => {
    secretary = await h().login(DEMO.secretary);
    huang = await h().login(DEMO.huang);
    const res = await h().as(huang, { url: '/api/v1/compounds/wuxingaz/site-plan' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.plan).toMatchObject({ width: 1200, height: 800 });
    expect(body.canEdit).toBe(false);
    const green = body.zones.find((z: { name: string }) => z.name === '东侧绿化带');
    expect(green.claims[0].team).toBe('党员');
    const img = await h().as(huang, { url: `/api/v1/uploads/${body.plan.uploadId}` });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const outsider = await h().login(DEMO.longshengMember);
    expect((await h().as(outsider, { url: '/api/v1/compounds/wuxingaz/site-plan' })).statusCode).toBe(404);
    expect((await h().as(outsider, { url: `/api/v1/zones/${green.id}` })).statusCode).toBe(404);
  });

  it('refuses polygons with fewer than 3 points, crossing edges, or points off the plan', async () => {
    const url = '/api/v1/compounds/wuxingaz/zones';
    const cases: Array<[unknown, string]> = [
      [
        [
          [10, 10],
          [50, 50],
        ],
        'too_few_points',
      ],
      [
        [
          [100, 100],
          [200, 200],
          [200, 100],
          [100, 200],
        ],
        'self_intersecting',
      ],
      [square(1190, 10), 'outside_plan'],
      [
        [
          [10, 10],
          [20, 20],
          [30, 30],
        ],
        'zero_area',
      ],
    ];
    for (const [polygon, reason] of cases) {
      const res = await h().as(secretary, { method: 'POST', url, payload: { name: '测试', type: '绿化', polygon } });
      expect(res.statusCode, reason).toBe(400);
      expect(res.json().error.details.fields[0]).toMatchObject({ path: 'polygon', reason });
    }
    const bad = await h().as(secretary, {
      method: 'POST',
      url,
      payload: { name: '测试', type: '菜地', polygon: square(10, 10) },
    });
    expect(bad.statusCode).toBe(400);
    const volunteerDraws = await h().as(huang, {
      method: 'POST',
      url,
      payload: { name: '测试', type: '绿化', polygon: square(10, 10) },
    });
    expect(volunteerDraws.statusCode).toBe(403);
  });

  it('lets exactly one of many volunteers claim the last place of a zone at once', async () => {
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '<i>西门</i>花坛', type: '绿化', polygon: square(30, 330), maxClaims: 1 },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().name).toBe('<i>西门</i>花坛');
    const zoneId = made.json().id as string;
    const vols = await makeVolunteers(h(), 6);
    const results = await Promise.all(
      vols.map((v) => h().as(v, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'ZONE_FULL')).toBe(true);
    const zone = (await h().as(secretary, { url: `/api/v1/zones/${zoneId}` })).json().zone;
    expect(zone.activeClaims).toBe(1);
    // Exactly the one whose claim was answered 201 holds the place.
    const winner = vols[results.findIndex((r) => r.statusCode === 201)] as Session;
    expect(zone.claims.map((c: { personId: string; team: string | null }) => [c.personId, c.team])).toEqual([
      [winner.personId, null],
    ]);

    // The winner releases; the place is free again for the next one.
    const claimId = zone.claims[0].id as string;
    const loser = vols.find((v) => v !== winner) as Session;
    expect((await h().as(loser, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims/${claimId}/release` })).statusCode).toBe(
      403,
    );
    const rel = await Promise.all(
      [0, 1].map(() => h().as(winner, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims/${claimId}/release` })),
    );
    expect(rel.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    // Released already, whenever it is asked: 409 with the code, not 404.
    const again = await h().as(winner, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims/${claimId}/release` });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect((await h().as(loser, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })).statusCode).toBe(201);
  });

  it('allows as many claims as the zone allows, one per volunteer', async () => {
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '北侧楼道', type: '楼道', polygon: square(300, 330), maxClaims: 2 },
    });
    const zoneId = made.json().id as string;
    const [a, b, c] = await makeVolunteers(h(), 3);
    expect((await h().as(a ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })).statusCode).toBe(
      201,
    );
    expect((await h().as(a ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })).statusCode).toBe(
      409,
    );
    expect((await h().as(b ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })).statusCode).toBe(
      201,
    );
    const third = await h().as(c ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} });
    expect(third.json().error.code).toBe('ZONE_FULL');
    // Cannot lower the places below the claims held.
    const lower = await h().as(secretary, { method: 'PATCH', url: `/api/v1/zones/${zoneId}`, payload: { maxClaims: 1 } });
    expect(lower.statusCode).toBe(400);
  });

  it('lets only a team leader (or staff) claim for a team', async () => {
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '团员责任区', type: '公共区域', polygon: square(700, 700, 30) },
    });
    const zoneId = made.json().id as string;
    const [member] = await makeVolunteers(h(), 1, { team: '团员' });
    const [leader] = await makeVolunteers(h(), 1, { team: '团员', leader: true });
    expect(
      (await h().as(member ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: { team: '团员' } }))
        .statusCode,
    ).toBe(403);
    const ok = await h().as(leader ?? null, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: { team: '团员' } });
    expect(ok.statusCode).toBe(201);
    // A member of the claiming team logs a duty; the hours are credited to them.
    const boundary = 'lxduty';
    const up = await h().as(member ?? null, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=wuxingaz',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        makePng(60, 60),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(up.statusCode).toBe(201);
    const photoId = up.json().images[0].id as string;
    const duty = await h().as(member ?? null, {
      method: 'POST',
      url: `/api/v1/zones/${zoneId}/duties`,
      payload: { doneOn: todayInChina(), minutes: 45, what: '清扫落叶', photoId },
    });
    expect(duty.statusCode).toBe(201);
    const log = (await h().as(leader ?? null, { url: `/api/v1/zones/${zoneId}` })).json();
    expect(log.duties[0]).toMatchObject({ what: '清扫落叶', photoId });
    expect((await h().as(leader ?? null, { url: `/api/v1/uploads/${photoId}` })).statusCode).toBe(200);
    // The same photo cannot illustrate a second duty.
    const again = await h().as(member ?? null, {
      method: 'POST',
      url: `/api/v1/zones/${zoneId}/duties`,
      payload: { doneOn: todayInChina(), minutes: 10, what: '再用一次', photoId },
    });
    expect(again.statusCode).toBe(400);
    const hours = (await h().as(member ?? null, { url: '/api/v1/hours/mine' })).json();
    expect(hours.totalMinutes).toBe(45); // the refused second duty credited nothing
    expect(hours.entries[0]).toMatchObject({ sourceType: 'duty', minutes: 45, team: '团员' });
    const mine = (await h().as(member ?? null, { url: '/api/v1/zones/mine' })).json();
    expect(mine.zones.map((z: { id: string }) => z.id)).toContain(zoneId);
    // A duty recorded offline and sent twice with its Idempotency-Key is recorded once.
    const send = () =>
      h().as(member ?? null, {
        method: 'POST',
        url: `/api/v1/zones/${zoneId}/duties`,
        headers: { 'idempotency-key': 'offline-duty-0001' },
        payload: { doneOn: todayInChina(), minutes: 20, what: '离线记录：清理垃圾' },
      });
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const rows = await h()
      .ctx.db.selectFrom('zone_duties')
      .select(['id', 'minutes'])
      .where('zone_id', '=', zoneId)
      .where('what', '=', '离线记录：清理垃圾')
      .execute();
    expect(rows).toEqual([{ id: first.json().dutyId, minutes: 20 }]);
    expect((await h().as(member ?? null, { url: '/api/v1/hours/mine' })).json().totalMinutes).toBe(65);
  });

  it('refuses duties in a zone that is not yours, in the future, or with negative minutes', async () => {
    const zones = (await h().as(huang, { url: '/api/v1/compounds/wuxingaz/site-plan' })).json().zones as Array<{
      id: string;
      name: string;
    }>;
    const parking = zones.find((z) => z.name === '南停车场')?.id as string;
    const [v] = await makeVolunteers(h(), 1);
    const notMine = await h().as(v ?? null, {
      method: 'POST',
      url: `/api/v1/zones/${parking}/duties`,
      payload: { doneOn: todayInChina(), minutes: 30, what: 'x' },
    });
    expect(notMine.statusCode).toBe(403);
    expect((await h().as(v ?? null, { method: 'POST', url: `/api/v1/zones/${parking}/claims`, payload: {} })).statusCode).toBe(
      201,
    );
    const future = await h().as(v ?? null, {
      method: 'POST',
      url: `/api/v1/zones/${parking}/duties`,
      payload: { doneOn: addDays(todayInChina(), 3), minutes: 30, what: 'x' },
    });
    expect(future.statusCode).toBe(400);
    const negative = await h().as(v ?? null, {
      method: 'POST',
      url: `/api/v1/zones/${parking}/duties`,
      payload: { doneOn: todayInChina(), minutes: -30, what: 'x' },
    });
    expect(negative.statusCode).toBe(400);
  });

  it('turns a problem reported from a zone into a council issue at its point on the plan', async () => {
    const zones = (await h().as(huang, { url: '/api/v1/compounds/wuxingaz/site-plan' })).json().zones as Array<{
      id: string;
      name: string;
    }>;
    const green = zones.find((z) => z.name === '中心绿化带')?.id as string;
    const res = await h().as(huang, {
      method: 'POST',
      url: `/api/v1/zones/${green}/reports`,
      payload: { text: '绿化带里又有人种菜了', x: 200, y: 180 },
    });
    expect(res.statusCode).toBe(201);
    const detail = (await h().as(huang, { url: `/api/v1/zones/${green}` })).json();
    expect(detail.reports[0].text).toBe('绿化带里又有人种菜了');
    // It became a council issue (居民反映) in the greenery category, at that point of the plan.
    const issueId = res.json().issueId as string;
    expect(issueId).toBeTruthy();
    expect(detail.reports[0].councilIssueId).toBe(issueId);
    const issue = await h().ctx.db.selectFrom('council_issues').selectAll().where('id', '=', issueId).executeTakeFirstOrThrow();
    expect(issue).toMatchObject({
      category: 'greenery',
      plan_x: 200,
      plan_y: 180,
      zone_id: green,
      compound_id: 'wuxingaz',
      status: 'raised',
    });
  });

  it('records the monthly clean-up against zones and credits everyone who came', async () => {
    const zones = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/site-plan' })).json().zones as Array<{
      id: string;
    }>;
    const [v1, v2] = await makeVolunteers(h(), 2);
    const ids = await Promise.all(
      [v1, v2].map(async (v) => (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string),
    );
    const res = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/cleanups',
      payload: {
        heldOn: todayInChina(),
        zoneIds: zones.slice(0, 2).map((z) => z.id),
        attendees: ids.map((personId) => ({ personId, minutes: 90 })),
      },
    });
    expect(res.statusCode).toBe(201);
    expect((await h().as(v1 ?? null, { url: '/api/v1/hours/mine' })).json().totalMinutes).toBe(90);
    const list = (await h().as(huang, { url: '/api/v1/compounds/wuxingaz/cleanups' })).json().cleanups;
    expect(list[0]).toMatchObject({ title: '家园美化清洁行动', attendees: 2, minutes: 180 });
    const outsider = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/cleanups',
      payload: { heldOn: todayInChina(), zoneIds: [zones[0]?.id], attendees: [{ personId: 'p-19900000004', minutes: 60 }] },
    });
    expect(outsider.statusCode).toBe(400);
  });

  it('lets staff redraw, rename and retype a zone, auditing each change with its old and new value', async () => {
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '东门空地', type: '公共区域', polygon: square(500, 500) },
    });
    const zoneId = made.json().id as string;
    const url = `/api/v1/zones/${zoneId}`;
    const moved: Array<[number, number]> = [
      [500, 500],
      [560, 500],
      [570, 560],
      [505, 545],
    ];
    const res = await h().as(secretary, {
      method: 'PATCH',
      url,
      payload: { name: '东门小花园', type: '绿化', polygon: moved },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: zoneId, name: '东门小花园', type: '绿化', polygon: moved, maxClaims: 1 });
    const plan = (await h().as(huang, { url: '/api/v1/compounds/wuxingaz/site-plan' })).json();
    expect(plan.zones.find((z: { id: string }) => z.id === zoneId).polygon).toEqual(moved);

    const entries = async () =>
      h()
        .ctx.db.selectFrom('audit_log')
        .select(['details', 'actor_account_id'])
        .where('target_id', '=', zoneId)
        .where('action', '=', 'zone.updated')
        .orderBy('seq')
        .execute();
    const [first] = await entries();
    expect(JSON.parse(first?.details ?? '{}').changes).toEqual({
      name: { from: '东门空地', to: '东门小花园' },
      type: { from: '公共区域', to: '绿化' },
      polygon: { from: square(500, 500), to: moved },
    });
    // Saving the same values is no change: answered, but nothing written.
    const same = await h().as(secretary, { method: 'PATCH', url, payload: { name: '东门小花园', polygon: moved } });
    expect(same.statusCode).toBe(200);
    expect(await entries()).toHaveLength(1);

    // A redraw is checked like a new drawing, and a refused one leaves the zone as it was.
    const cases: Array<[unknown, string]> = [
      [moved.slice(0, 2), 'too_few_points'],
      [[...moved.slice(0, 3), [560, 500]], 'repeated_point'],
      [
        [
          [500, 500],
          [600, 600],
          [600, 500],
          [500, 600],
        ],
        'self_intersecting',
      ],
      [square(1180, 780), 'outside_plan'],
      [
        [
          [10, 10],
          [20, 20],
          [40, 40],
        ],
        'zero_area',
      ],
    ];
    for (const [polygon, reason] of cases) {
      const bad = await h().as(secretary, { method: 'PATCH', url, payload: { name: '不该改名', polygon } });
      expect(bad.statusCode, reason).toBe(400);
      expect(bad.json().error.details.fields[0]).toMatchObject({ path: 'polygon', reason });
    }
    for (const payload of [
      {},
      {
        polygon: [
          [1, 'x'],
          [2, 2],
          [3, 1],
        ],
      },
      {
        polygon: [
          [-1, 0],
          [20, 0],
          [20, 20],
        ],
      },
      { name: '   ' },
      { type: '菜地' },
      { maxClaims: 0 },
      { maxClaims: 1.5 },
      { name: 'x', archived: true },
    ]) {
      const bad = await h().as(secretary, { method: 'PATCH', url, payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const after = (await h().as(huang, { url })).json().zone;
    expect(after).toMatchObject({ name: '东门小花园', polygon: moved });
    expect(await entries()).toHaveLength(1);

    // A volunteer cannot edit; staff of another compound do not see the zone.
    expect((await h().as(huang, { method: 'PATCH', url, payload: { name: 'x' } })).statusCode).toBe(403);
    const outsider = await h().login(DEMO.longshengMember);
    expect([403, 404]).toContain((await h().as(outsider, { method: 'PATCH', url, payload: { name: 'x' } })).statusCode);
  });

  it('keeps the claim places at or above the claims held, and archives only a zone nobody holds', async () => {
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '西侧车棚', type: '停车', polygon: square(900, 100), maxClaims: 3 },
    });
    const zoneId = made.json().id as string;
    const url = `/api/v1/zones/${zoneId}`;
    const [a, b] = await makeVolunteers(h(), 2);
    for (const v of [a, b]) {
      expect((await h().as(v ?? null, { method: 'POST', url: `${url}/claims`, payload: {} })).statusCode).toBe(201);
    }
    const lower = await h().as(secretary, { method: 'PATCH', url, payload: { maxClaims: 1, name: '西侧新车棚' } });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().error.details.fields[0]).toMatchObject({ path: 'maxClaims', reason: 'below_active_claims', min: 2 });
    expect((await h().as(secretary, { url })).json().zone).toMatchObject({ name: '西侧车棚', maxClaims: 3 });
    const two = await h().as(secretary, { method: 'PATCH', url, payload: { maxClaims: 2 } });
    expect(two.json()).toMatchObject({ maxClaims: 2, activeClaims: 2 });

    const claimed = await h().as(secretary, { method: 'DELETE', url });
    expect(claimed.statusCode).toBe(409);
    expect(claimed.json().error.details).toMatchObject({ reason: 'zone_claimed' });
    for (const c of (await h().as(secretary, { url })).json().zone.claims as Array<{ id: string }>) {
      expect((await h().as(secretary, { method: 'POST', url: `${url}/claims/${c.id}/release` })).statusCode).toBe(204);
    }
    const gone = await Promise.all([0, 1].map(() => h().as(secretary, { method: 'DELETE', url })));
    expect(gone.map((r) => r.statusCode).sort()).toEqual([204, 404]);
    expect((await h().as(secretary, { url })).statusCode).toBe(404);
    expect((await h().as(secretary, { method: 'PATCH', url, payload: { name: 'x' } })).statusCode).toBe(404);
    const plan = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/site-plan' })).json();
    expect(plan.zones.some((z: { id: string }) => z.id === zoneId)).toBe(false);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', zoneId)
      .where('action', 'in', ['zone.updated', 'zone.archived'])
      .orderBy('seq')
      .execute();
    expect(audit.map((x) => x.action)).toEqual(['zone.updated', 'zone.archived']);
    expect(JSON.parse(audit[0]?.details ?? '{}').changes).toEqual({ maxClaims: { from: 3, to: 2 } });
    expect(JSON.parse(audit[1]?.details ?? '{}')).toMatchObject({ name: '西侧车棚' });
  });

  it('never leaves more claims than places when a claim and a lower capacity arrive at once', async () => {
    for (let round = 0; round < 3; round++) {
      const made = await h().as(secretary, {
        method: 'POST',
        url: '/api/v1/compounds/wuxingaz/zones',
        payload: { name: `竞争片区${round}`, type: '楼道', polygon: square(100 + round * 50, 600), maxClaims: 2 },
      });
      const url = `/api/v1/zones/${made.json().id}`;
      const [a, b] = await makeVolunteers(h(), 2);
      await h().as(a ?? null, { method: 'POST', url: `${url}/claims`, payload: {} });
      const [claim, lower] = await Promise.all([
        h().as(b ?? null, { method: 'POST', url: `${url}/claims`, payload: {} }),
        h().as(secretary, { method: 'PATCH', url, payload: { maxClaims: 1 } }),
      ]);
      // Exactly one of the two wins, whichever came first.
      expect([claim.statusCode, lower.statusCode].sort()).toEqual(claim.statusCode === 201 ? [201, 400] : [200, 409]);
      const zone = (await h().as(secretary, { url })).json().zone;
      expect(zone.activeClaims).toBeLessThanOrEqual(zone.maxClaims);
      expect(zone.claims).toHaveLength(zone.activeClaims);
    }
  });

  it('sets a new site plan from an upload checked by its content', async () => {
    const png = makePng(100, 100);
    const boundary = 'lxboundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    // The secretary of wuxingaz does not reach longshengaz.
    expect(up.statusCode).toBe(404);
    const up2 = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=wuxingaz',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(up2.statusCode).toBe(201);
    const id = up2.json().images[0].id as string;
    const set = await h().as(secretary, {
      method: 'PUT',
      url: '/api/v1/compounds/wuxingaz/site-plan',
      payload: { uploadId: id },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().plan).toMatchObject({ uploadId: id, width: 100, height: 100 });
    const again = await h().as(secretary, {
      method: 'PUT',
      url: '/api/v1/compounds/wuxingaz/site-plan',
      payload: { uploadId: id },
    });
    expect(again.statusCode).toBe(400);
  });
});
