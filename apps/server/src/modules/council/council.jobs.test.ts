import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { createIssueReminder } from './council.jobs';
import { createCouncilRepository } from './council.repository';

describeEachDialect('council.remindStaleIssues', (h) => {
  it('reminds the secretary once of an issue untouched for a week, even when two runs overlap', async () => {
    const r = await h().login('19900000041');
    const res = await h().as(r, {
      method: 'POST',
      url: '/api/v1/council/issues',
      payload: { compoundId: 'longshengaz', title: '井盖松动', description: '3栋门口', category: 'safety' },
    });
    const id = res.json().id as string;
    await h()
      .ctx.db.updateTable('council_issues')
      .set({ updated_at: new Date(Date.now() - 8 * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const remind = createIssueReminder({ council: createCouncilRepository(h().ctx.db), notifications: h().ctx.notifications });
    const [a, b] = await Promise.all([remind(), remind()]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const rows = await h()
      .ctx.db.selectFrom('notifications')
      .select(['person_id', 'link'])
      .where('link', '=', `/council/issues/${id}`)
      .where('kind', '=', 'council.issue.stale')
      .execute();
    const secretary = (await h().ctx.accounts.findByPhone('19900000043'))?.person_id;
    expect(rows.map((x) => x.person_id)).toContain(secretary);
    expect(rows.filter((x) => x.person_id === secretary)).toHaveLength(1);
    expect(await remind()).toBe(0);
  });

  it('follows the compound setting: 2 days set by the secretary, so a 3-day-old issue is reminded', async () => {
    const sec = await h().login('19900000043');
    const r = await h().login('19900000042');
    expect(
      (await h().as(r, { method: 'PUT', url: '/api/v1/council/compounds/longshengaz/settings', payload: { remindAfterDays: 2 } }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await h().as(sec, {
          method: 'PUT',
          url: '/api/v1/council/compounds/longshengaz/settings',
          payload: { remindAfterDays: 0 },
        })
      ).statusCode,
    ).toBe(400);
    const put = await h().as(sec, {
      method: 'PUT',
      url: '/api/v1/council/compounds/longshengaz/settings',
      payload: { remindAfterDays: 2 },
    });
    const households = Number(
      (
        await h()
          .ctx.db.selectFrom('units')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('compound_id', '=', 'longshengaz')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(put.json()).toEqual({
      remindAfterDays: 2,
      isDefault: false,
      quorum: null,
      members: 7,
      quorumRequired: 4,
      supportThresholdPercent: null,
      households,
      supportsNeeded: null,
    });
    const id = (
      await h().as(r, {
        method: 'POST',
        url: '/api/v1/council/issues',
        payload: { compoundId: 'longshengaz', title: '垃圾桶满了', description: '北门', category: 'environment' },
      })
    ).json().id as string;
    await h()
      .ctx.db.updateTable('council_issues')
      .set({ updated_at: new Date(Date.now() - 3 * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const remind = createIssueReminder({ council: createCouncilRepository(h().ctx.db), notifications: h().ctx.notifications });
    await remind();
    const rows = await h()
      .ctx.db.selectFrom('notifications')
      .select('person_id')
      .where('link', '=', `/council/issues/${id}`)
      .where('kind', '=', 'council.issue.stale')
      .execute();
    expect(rows.map((x) => x.person_id)).toContain((await h().ctx.accounts.findByPhone('19900000043'))?.person_id);
    // another compound keeps the 7-day default: a 3-day-old issue there waits
    const w = await h().login('19900000001');
    const other = (
      await h().as(w, {
        method: 'POST',
        url: '/api/v1/council/issues',
        payload: { compoundId: 'wuxingaz', title: '路灯', description: '东门', category: 'facility_repair' },
      })
    ).json().id as string;
    await h()
      .ctx.db.updateTable('council_issues')
      .set({ updated_at: new Date(Date.now() - 3 * 86_400_000).toISOString() })
      .where('id', '=', other)
      .execute();
    await remind();
    expect(
      await h()
        .ctx.db.selectFrom('notifications')
        .select('person_id')
        .where('link', '=', `/council/issues/${other}`)
        .where('kind', '=', 'council.issue.stale')
        .execute(),
    ).toHaveLength(0);
  });

  it('lists the compounds a community worker reaches, as staff', async () => {
    const cw = await h().login('19900000005'); // 邹晓敏 at 五星社区
    const res = (await h().as(cw, { method: 'GET', url: '/api/v1/council/compounds' })).json();
    expect(res.compounds.map((c: { id: string }) => c.id)).toContain('wuxingaz');
    expect(res.compounds.every((c: { staff: boolean }) => c.staff)).toBe(true);
    expect(res.compounds.map((c: { id: string }) => c.id)).not.toContain('longshengaz');
  });
});
