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
      .execute();
    expect(rows.map((x) => x.person_id)).toContain('p-19900000043');
    expect(rows.filter((x) => x.person_id === 'p-19900000043')).toHaveLength(1);
    expect(await remind()).toBe(0);
  });
});
