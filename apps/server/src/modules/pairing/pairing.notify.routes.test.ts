import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { addDays, todayInChina } from '../volunteers/dates';
import { OVERDUE_REPORT_DAYS } from './pairing.service';

/** The pairing rows of the notification matrix: an overdue visit reaches the branch secretary, once per due date. */
describeEachDialect('pairing.notify', (h) => {
  it('tells the branch secretary of every pair a week past its due date, once, and not of the others', async () => {
    const secretary = await h().login('19900000003');
    // One pair only two days late: not reported yet.
    const first = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/pairings?overdue=true' })).json().pairings[0];
    await h()
      .ctx.db.updateTable('pairings')
      .set({ next_due_on: addDays(todayInChina(), -2) })
      .where('id', '=', first.id)
      .execute();
    const list = (await h().as(secretary, { url: '/api/v1/compounds/wuxingaz/pairings?overdue=true' })).json().pairings as Array<{
      id: string;
      overdueDays: number;
    }>;
    const weekLate = list
      .filter((p) => p.overdueDays >= OVERDUE_REPORT_DAYS)
      .map((p) => `/pairing/${p.id}`)
      .sort();
    expect(weekLate.length).toBeGreaterThan(0);
    expect(weekLate).not.toContain(`/pairing/${first.id}`);
    expect(list.map((p) => p.id)).toContain(first.id);
    await Promise.all([h().ctx.pairingService.remindDue(), h().ctx.pairingService.remindDue()]);
    await h().ctx.pairingService.remindDue();
    const told = await h()
      .ctx.db.selectFrom('notifications')
      .select('link')
      .where('person_id', '=', secretary.personId)
      .where('kind', '=', 'pairing.overdue')
      .execute();
    expect(told.map((t) => t.link ?? '').sort()).toEqual(weekLate);
  });
});
