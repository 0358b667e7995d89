import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { makeVolunteers } from '../volunteers/test-helpers';
import { createPrivacyRepository } from './privacy.repository';

const WORKER = '19900000005'; // community worker at 五星社区

/**
 * The promises of privacy.repository.ts: an erasure is "true for exactly one of simultaneous
 * erasures", and "a per-account placeholder frees the number" (accounts.phone is NOT NULL
 * UNIQUE), so any number of people can be erased, each account keeping its own placeholder.
 */
describeEachDialect('privacy: erasure promises', (h) => {
  it('answers a burst of erasures of one person with one 200 and INVALID_TRANSITION for every other, one log entry', async () => {
    const [v] = await makeVolunteers(h(), 1);
    const personId = (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string;
    const worker = await h().login(WORKER);
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        h().as(worker, { method: 'POST', url: `/api/v1/privacy/people/${personId}/erase`, payload: { confirm: true } }),
      ),
    );
    const won = answers.findIndex((r) => r.statusCode === 200);
    expect(answers.map((r) => [r.statusCode, r.statusCode === 200 ? r.json().personId : r.json().error.code])).toEqual(
      answers.map((_, i) => (i === won ? [200, personId] : [409, 'INVALID_TRANSITION'])),
    );
    const entries = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'privacy.erased')
      .where('target_id', '=', personId)
      .execute();
    expect(entries).toEqual([{ action: 'privacy.erased', target_id: personId }]);
  });

  it('erases a person once: a later erasure (the loser of a race) answers false and writes nothing', async () => {
    const [v] = await makeVolunteers(h(), 1);
    const personId = (await h().as(v ?? null, { url: '/api/v1/auth/me' })).json().personId as string;
    const repo = createPrivacyRepository(h().ctx.db);
    const first = await h()
      .ctx.db.transaction()
      .execute((trx) => repo.erasePerson(trx, personId, '已注销居民', '2030-01-01T00:00:00.000Z'));
    const second = await h()
      .ctx.db.transaction()
      .execute((trx) => repo.erasePerson(trx, personId, '另一个名字', '2030-01-02T00:00:00.000Z'));
    expect([first, second]).toEqual([true, false]);
    const row = await h()
      .ctx.db.selectFrom('people')
      .select(['name', 'phone', 'erased_at'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '已注销居民', phone: null, erased_at: '2030-01-01T00:00:00.000Z' });
  });

  it('erases two people with accounts one after the other, each account keeping its own placeholder', async () => {
    const vs = await makeVolunteers(h(), 2);
    const worker = await h().login(WORKER);
    const people: string[] = [];
    for (const v of vs) {
      const personId = (await h().as(v, { url: '/api/v1/auth/me' })).json().personId as string;
      people.push(personId);
      const res = await h().as(worker, {
        method: 'POST',
        url: `/api/v1/privacy/people/${personId}/erase`,
        payload: { confirm: true },
      });
      expect(res.statusCode).toBe(200);
    }
    const accounts = await h()
      .ctx.db.selectFrom('accounts')
      .select(['id', 'person_id', 'phone', 'disabled', 'password_hash'])
      .where('person_id', 'in', people)
      .orderBy('person_id')
      .execute();
    expect(accounts.map((a) => [a.person_id, a.phone, a.disabled, a.password_hash])).toEqual(
      [...accounts].sort((a, b) => a.person_id.localeCompare(b.person_id)).map((a) => [a.person_id, `erased:${a.id}`, 1, null]),
    );
    expect(accounts.map((a) => a.person_id).sort()).toEqual([...people].sort());
  });
});
