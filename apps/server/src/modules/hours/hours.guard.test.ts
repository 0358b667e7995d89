import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { makePerson } from '../events/events.test-helpers';
import type { HoursEntry } from './hours.repository';

// "One entry per volunteer per source record: crediting the same order, visit, duty or event
// twice is a no-op, so retries are safe" (hours.repository.ts), with the exact rows written.

describeEachDialect('hours ledger: no double credit', (h) => {
  const entry = (personId: string, over: Partial<HoursEntry> = {}): HoursEntry => ({
    person_id: personId,
    compound_id: 'wuxingaz',
    source_type: 'order',
    source_id: 'guard-order-1',
    activity: '代买',
    served_on: '2026-11-03',
    place: '五星社区',
    minutes: 45,
    organiser: '五星社区',
    team: null,
    ...over,
  });
  const rows = (personId: string) =>
    h()
      .ctx.db.selectFrom('volunteer_hours')
      .select(['source_type', 'source_id', 'minutes'])
      .where('person_id', '=', personId)
      .orderBy('source_type')
      .orderBy('source_id')
      .execute();

  it('credits one source record once per volunteer, however often and however concurrently it is credited', async () => {
    const a = await makePerson(h(), { name: '志愿者甲', nodeId: 'wuxingaz', role: 'volunteer' });
    const b = await makePerson(h(), { name: '志愿者乙', nodeId: 'wuxingaz', role: 'volunteer' });
    await h().ctx.hours.credit(entry(a.personId));
    await h().ctx.hours.credit(entry(a.personId, { minutes: 90 }));
    await Promise.all(Array.from({ length: 5 }, () => h().ctx.hours.credit(entry(a.personId))));
    await h()
      .ctx.db.transaction()
      .execute((trx) => h().ctx.hours.credit(entry(a.personId), trx));
    expect(await rows(a.personId)).toEqual([{ source_type: 'order', source_id: 'guard-order-1', minutes: 45 }]);
    expect(await h().ctx.hours.totalMinutes(a.personId)).toBe(45);

    // another volunteer on the same order, another order, another kind of source with the same id
    await h().ctx.hours.credit(entry(b.personId, { minutes: 30 }));
    await h().ctx.hours.credit(entry(a.personId, { source_id: 'guard-order-2', minutes: 20 }));
    await h().ctx.hours.credit(entry(a.personId, { source_type: 'event', minutes: 60 }));
    expect(await rows(a.personId)).toEqual([
      { source_type: 'event', source_id: 'guard-order-1', minutes: 60 },
      { source_type: 'order', source_id: 'guard-order-1', minutes: 45 },
      { source_type: 'order', source_id: 'guard-order-2', minutes: 20 },
    ]);
    expect(await h().ctx.hours.totalMinutes(a.personId)).toBe(125);
    expect(await rows(b.personId)).toEqual([{ source_type: 'order', source_id: 'guard-order-1', minutes: 30 }]);
    expect(await h().ctx.hours.totalMinutes(b.personId)).toBe(30);
  });

  it('states on a certificate exactly the minutes one compound recorded in the period', async () => {
    const c = await makePerson(h(), { name: '志愿者丙', nodeId: 'wuxingaz', role: 'volunteer' });
    await h().ctx.hours.credit(entry(c.personId, { source_id: 'cert-1', served_on: '2026-10-01', minutes: 30 }));
    await h().ctx.hours.credit(entry(c.personId, { source_id: 'cert-1', served_on: '2026-10-02', minutes: 30 }));
    await h().ctx.hours.credit(
      entry(c.personId, {
        source_type: 'event',
        source_id: 'cert-2',
        served_on: '2026-10-31',
        minutes: 120,
        activity: '讲座',
        organiser: '居委会',
      }),
    );
    await h().ctx.hours.credit(entry(c.personId, { source_id: 'cert-3', served_on: '2026-11-01', minutes: 999 }));
    await h().ctx.hours.credit(entry(c.personId, { source_id: 'cert-4', served_on: '2026-09-30', minutes: 999 }));
    await h().ctx.hours.credit(
      entry(c.personId, { source_id: 'cert-5', served_on: '2026-10-15', minutes: 999, compound_id: 'wuxing' }),
    );
    const r = await h().ctx.hours.forCertificate(c.personId, 'wuxingaz', '2026-10-01', '2026-10-31');
    // the lists carry no order of their own: compared sorted
    expect({ ...r, sources: r.sources.sort(), activities: r.activities.sort(), organisers: r.organisers.sort() }).toEqual({
      minutes: 150,
      entries: 2,
      sources: ['event', 'order'],
      activities: ['代买', '讲座'].sort(),
      organisers: ['五星社区', '居委会'].sort(),
    });
  });
});
