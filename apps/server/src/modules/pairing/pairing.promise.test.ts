import { expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { addDays, todayInChina } from '../volunteers/dates';
import { DEMO, makeVolunteers } from '../volunteers/test-helpers';
import { createPairingRepository } from './pairing.repository';

/**
 * The promise of pairing.repository.ts `advance`: the last visit moves forward, never back (a late
 * entry of an older visit leaves the due date alone), and concurrent visits settle on the latest
 * date; and of `reschedule`: only from the last visit and cadence the caller read. The conditional
 * updates are also checked on the repository, where a race lands, so the test does not depend on
 * two requests interleaving. Dates are counted from the day the test runs, as the visit route
 * refuses future days.
 */
describeEachDialect('pairing: the last visit never moves back', (h) => {
  async function newPair(secretary: Session) {
    const [v] = await makeVolunteers(h(), 1);
    const vid = (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string;
    const made = await h().as(secretary, {
      method: 'POST',
      url: '/api/v1/compounds/wuxingaz/pairings',
      payload: { volunteerId: vid, residentId: 'p-19900000001', startsOn: addDays(todayInChina(), -60) },
    });
    expect(made.statusCode).toBe(201);
    return { v: v as Session, id: made.json().id as string };
  }
  const visit = (v: Session, id: string, visitedOn: string, minutes: number) =>
    h().as(v, {
      method: 'POST',
      url: `/api/v1/pairings/${id}/visits`,
      payload: { visitedOn, minutes, what: `探访${minutes}`, condition: 'well' },
    });
  const state = async (id: string) => {
    const pair = await h()
      .ctx.db.selectFrom('pairings')
      .select(['last_visit_on', 'next_due_on', 'cadence_days'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const visits = await h()
      .ctx.db.selectFrom('pairing_visits')
      .select(['visited_on', 'minutes'])
      .where('pairing_id', '=', id)
      .orderBy('visited_on')
      .execute();
    return { pair, visits: visits.map((x) => [x.visited_on, x.minutes]) };
  };

  it('records a late entry of an older visit and leaves the last visit and the due date where they were', async () => {
    const today = todayInChina();
    const { v, id } = await newPair(await h().login(DEMO.secretary));
    expect((await visit(v, id, addDays(today, -5), 30)).statusCode).toBe(201);
    expect((await visit(v, id, addDays(today, -20), 40)).statusCode).toBe(201);
    expect(await state(id)).toEqual({
      pair: { last_visit_on: addDays(today, -5), next_due_on: addDays(today, 25), cadence_days: 30 },
      visits: [
        [addDays(today, -20), 40],
        [addDays(today, -5), 30],
      ],
    });
  });

  it('settles visits sent at once on the latest of their dates, whichever lands first', async () => {
    const today = todayInChina();
    const { v, id } = await newPair(await h().login(DEMO.secretary));
    const answers = await Promise.all([visit(v, id, addDays(today, -1), 21), visit(v, id, addDays(today, -9), 22)]);
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await state(id)).toEqual({
      pair: { last_visit_on: addDays(today, -1), next_due_on: addDays(today, 29), cadence_days: 30 },
      visits: [
        [addDays(today, -9), 22],
        [addDays(today, -1), 21],
      ],
    });
  });

  it('moves the last visit forward only, in the conditional update itself: an older date answers false and writes nothing', async () => {
    const today = todayInChina();
    const { id } = await newPair(await h().login(DEMO.secretary));
    const repo = createPairingRepository(h().ctx.db);
    const at = (d: number) => addDays(today, d);
    expect(await repo.advance(id, at(-5), at(25), 30)).toBe(true);
    expect(await repo.advance(id, at(-20), at(10), 30)).toBe(false);
    expect(await repo.advance(id, at(-5), at(25), 30)).toBe(false);
    // Written against a cadence that changed meanwhile: refused, the caller reads again.
    expect(await repo.advance(id, at(-2), at(5), 7)).toBe(false);
    expect((await state(id)).pair).toEqual({ last_visit_on: at(-5), next_due_on: at(25), cadence_days: 30 });
    expect(await repo.advance(id, at(-2), at(28), 30)).toBe(true);
    expect((await state(id)).pair).toEqual({ last_visit_on: at(-2), next_due_on: at(28), cadence_days: 30 });
  });

  it('reschedules only from the last visit and cadence the caller read: a stale read answers false and writes nothing', async () => {
    const today = todayInChina();
    const { v, id } = await newPair(await h().login(DEMO.secretary));
    const repo = createPairingRepository(h().ctx.db);
    expect((await visit(v, id, addDays(today, -3), 30)).statusCode).toBe(201);
    const set = { cadence_days: 7, ends_on: null, next_due_on: addDays(today, 4) };
    // Read before the visit: no last visit yet.
    expect(await repo.reschedule(id, set, { lastVisitOn: null, cadenceDays: 30 })).toBe(false);
    // Read with another cadence.
    expect(await repo.reschedule(id, set, { lastVisitOn: addDays(today, -3), cadenceDays: 14 })).toBe(false);
    expect((await state(id)).pair).toEqual({
      last_visit_on: addDays(today, -3),
      next_due_on: addDays(today, 27),
      cadence_days: 30,
    });
    expect(await repo.reschedule(id, set, { lastVisitOn: addDays(today, -3), cadenceDays: 30 })).toBe(true);
    expect((await state(id)).pair).toEqual({
      last_visit_on: addDays(today, -3),
      next_due_on: addDays(today, 4),
      cadence_days: 7,
    });
  });

  it('marks the reminder and the overdue report of a due date for exactly one of several runs, and again for the next due date', async () => {
    const today = todayInChina();
    const { v, id } = await newPair(await h().login(DEMO.secretary));
    const repo = createPairingRepository(h().ctx.db);
    const due = (await state(id)).pair.next_due_on;
    expect((await Promise.all([repo.markReminded(id, due), repo.markReminded(id, due)])).sort()).toEqual([false, true]);
    expect(await repo.markReminded(id, due)).toBe(false);
    expect([await repo.markOverdueReported(id, due), await repo.markOverdueReported(id, due)]).toEqual([true, false]);
    // Not for a date that is no longer the pair's due date.
    expect(await repo.markReminded(id, addDays(due, 1))).toBe(false);
    expect((await visit(v, id, addDays(today, -1), 15)).statusCode).toBe(201);
    const next = (await state(id)).pair.next_due_on;
    expect(next).toBe(addDays(today, 29));
    expect([await repo.markReminded(id, next), await repo.markReminded(id, next)]).toEqual([true, false]);
    expect([await repo.markOverdueReported(id, next), await repo.markOverdueReported(id, next)]).toEqual([true, false]);
    const row = await h()
      .ctx.db.selectFrom('pairings')
      .select(['reminded_for', 'overdue_reported_for'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reminded_for: next, overdue_reported_for: next });
  });
});
