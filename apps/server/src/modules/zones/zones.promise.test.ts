import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { DEMO, makeVolunteers } from '../volunteers/test-helpers';
import { createZonesRepository } from './zones.repository';

const square = (x: number, y: number, s = 40): Array<[number, number]> => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

/**
 * The promise of zones.service.ts: "places cannot drop below the claims held: checked here for a
 * clear answer, and again by the conditional UPDATE against a claim landing meanwhile". The
 * conditional UPDATE is checked on the repository, where such a race lands, so the test does not
 * depend on two requests interleaving (on SQLite they seldom do).
 */
describeEachDialect('zones: the places never drop below the claims held', (h) => {
  it('refuses, in the update itself, places below the claims held, writing nothing; places equal to them are taken', async () => {
    const secretary = await h().login(DEMO.secretary);
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/zones',
      payload: { name: '承诺测试片区', type: '楼道', polygon: square(500, 500), maxClaims: 3 },
    });
    expect(made.statusCode).toBe(201);
    const zoneId = made.json().id as string;
    for (const v of await makeVolunteers(h(), 2))
      expect((await h().as(v, { method: 'POST', url: `/api/v1/zones/${zoneId}/claims`, payload: {} })).statusCode).toBe(201);
    const zones = createZonesRepository(h().ctx.db);
    const row = () =>
      h()
        .ctx.db.selectFrom('zones')
        .select(['max_claims', 'active_claims', 'version', 'name'])
        .where('id', '=', zoneId)
        .executeTakeFirstOrThrow();
    const before = await row();
    expect([before.max_claims, before.active_claims]).toEqual([3, 2]);

    expect(await zones.update(zoneId, before.version, { max_claims: 1, name: '不该写入' })).toBe(false);
    expect(await row()).toEqual(before);

    expect(await zones.update(zoneId, before.version, { max_claims: 2 })).toBe(true);
    expect(await row()).toEqual({ ...before, max_claims: 2, version: before.version + 1 });

    // "an edit made against an older version is refused, atomically": the update itself checks
    // the version, so two edits that both passed the service's check cannot both land
    expect(await zones.update(zoneId, before.version, { name: '旧版本的修改' })).toBe(false);
    expect(await row()).toEqual({ ...before, max_claims: 2, version: before.version + 1 });
  });
});
