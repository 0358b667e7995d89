import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/harness';
import { describeEachDialect } from '../../test/harness';
import { PERSON_REFERENCES } from './merge.repository';

const WORKER = '19900000005'; // 邹晓敏, community worker of 五星社区 (reaches 五星安置小区)
const DISTRICT = '19900000008'; // 刘贞, district admin
const SECRETARY = '19900000003'; // 李建国, branch secretary of 五星安置小区
const HUANG = 'p-19900000002'; // 黄园, volunteer of 五星安置小区: orders, hours, a pairing, an account
const WAN = 'p-19900000001'; // 万玉清, resident of 五星安置小区
const ZHOU = 'p-19900000004'; // 周桂兰, of 龙升安置小区

type Row = Record<string, unknown>;

describeEachDialect('registry: merging two records of one person', (h) => {
  let worker: Session;
  let district: Session;
  let secretary: Session;

  beforeAll(async () => {
    worker = await h().login(WORKER);
    district = await h().login(DISTRICT);
    secretary = await h().login(SECRETARY);
  });

  /** Every row of every person reference naming `personId`, the person column blanked, sorted. */
  async function holdings(personId: string): Promise<Record<string, Row[]>> {
    const out: Record<string, Row[]> = {};
    for (const ref of PERSON_REFERENCES) {
      const r = await sql<Row>`select * from ${sql.table(ref.table)} where ${sql.ref(ref.column)} = ${personId}`.execute(
        h().ctx.db,
      );
      const rows = r.rows.map((row) => JSON.stringify({ ...row, [ref.column]: '·' })).sort();
      if (rows.length) out[`${ref.table}.${ref.column}`] = rows.map((x) => JSON.parse(x) as Row);
    }
    return out;
  }
  const newPerson = async (body: object) => {
    const res = await h().as(worker, { method: 'POST', url: '/api/v1/registry/people', payload: body });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const preview = (who: Session, id: string, other: string) =>
    h().as(who, { url: `/api/v1/registry/people/${id}/merge-preview?other=${encodeURIComponent(other)}` });
  const merge = (who: Session, id: string, otherId: string) =>
    h().as(who, { method: 'POST', url: `/api/v1/registry/people/${id}/merge`, payload: { otherId } });

  describe('registry.merge', () => {
    it('knows every column of the schema that names a person', async () => {
      // Columns the merge handles itself (accounts, council seats) or that are the person, and columns
      // whose names look personal but hold account ids.
      const handledApart = ['accounts.person_id', 'council_members.person_id', 'people.merged_into'];
      const tables = await h().ctx.db.introspection.getTables();
      const personal = tables
        .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))
        .filter((c) => /[._]person_id$|\.(volunteer_id|resident_id)$/.test(c) || c.endsWith('.merged_into'))
        .sort();
      const known = [...PERSON_REFERENCES.map((r) => `${r.table}.${r.column}`), ...handledApart].sort();
      expect(personal).toEqual(known);
    });

    it('moves everything of the sign-up record to the registry person in one step, audited; the old id resolves; the login follows', async () => {
      const survivor = await newPerson({ nodeId: 'wuxingaz', name: '黄园', birthYear: 1990, tags: ['团员'] });
      const before = await holdings(HUANG);
      const account = await h()
        .ctx.db.selectFrom('accounts')
        .select('id')
        .where('person_id', '=', HUANG)
        .executeTakeFirstOrThrow();
      expect(Object.keys(before).length).toBeGreaterThan(3);

      const electorate = async (person: string) =>
        (
          await h()
            .ctx.db.selectFrom('vote_electorate')
            .innerJoin('votes', 'votes.id', 'vote_electorate.vote_id')
            .select(['vote_electorate.vote_id', 'vote_electorate.subject'])
            .where('votes.status', '=', 'open')
            .where('vote_electorate.voters', 'like', `%"${person}"%`)
            .orderBy('vote_electorate.vote_id')
            .orderBy('vote_electorate.subject')
            .execute()
        ).map((e) => `${e.vote_id}/${e.subject}`);
      const seats = await electorate(HUANG);
      const p = await preview(worker, survivor, HUANG);
      expect(p.statusCode).toBe(200);
      const groups: Record<string, number> = {};
      for (const ref of PERSON_REFERENCES)
        groups[ref.group] = (groups[ref.group] ?? 0) + (before[`${ref.table}.${ref.column}`]?.length ?? 0);
      expect(p.json()).toEqual({
        survivor: { id: survivor, name: '黄园', phone: null, birthYear: 1990, address: expect.any(String), hasAccount: false },
        other: {
          id: HUANG,
          name: '黄园',
          phone: '199****0002',
          birthYear: expect.any(Number),
          address: expect.any(String),
          hasAccount: true,
        },
        moves: { ...groups, council_members: 0, accounts: 1 },
        ballotClashes: [],
      });

      const res = await merge(worker, survivor, HUANG);
      expect(res.statusCode).toBe(200);
      const moved: Record<string, number> = {};
      for (const [k, v] of Object.entries(groups)) if (v) moved[k] = v;
      expect(res.json()).toEqual({
        survivorId: survivor,
        mergedId: HUANG,
        moved,
        dropped: {},
        councilSeats: 0,
        electorates: seats.length,
        account: 'moved',
        grantsMoved: 0,
      });
      // exactly the rows that named the sign-up record now name the survivor, and nothing else
      expect(await holdings(survivor)).toEqual(before);
      expect(await holdings(HUANG)).toEqual({});
      // the open votes' frozen electorates name the survivor where they named the other record
      expect(await electorate(survivor)).toEqual(seats);
      expect(await electorate(HUANG)).toEqual([]);
      const people = await h()
        .ctx.db.selectFrom('people')
        .select(['id', 'phone', 'merged_into', 'tags'])
        .where('id', 'in', [survivor, HUANG])
        .orderBy('id')
        .execute();
      expect(people.find((x) => x.id === HUANG)).toEqual({
        id: HUANG,
        phone: null,
        merged_into: survivor,
        tags: expect.any(String),
      });
      expect(people.find((x) => x.id === survivor)).toMatchObject({ phone: '19900000002', merged_into: null });
      expect(
        await h()
          .ctx.db.selectFrom('accounts')
          .select(['id', 'person_id'])
          .where('id', '=', account.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ id: account.id, person_id: survivor });

      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'actor_account_id', 'target_type', 'target_id', 'node_id'])
        .where('action', '=', 'person.merged')
        .where('target_id', '=', survivor)
        .execute();
      expect(audit).toEqual([
        {
          action: 'person.merged',
          actor_account_id: worker.accountId,
          target_type: 'person',
          target_id: survivor,
          node_id: 'wuxingaz',
        },
      ]);

      // the old id opens the survivor; the tombstone is no longer a person of the registry
      const old = await h().as(worker, { url: `/api/v1/registry/people/${HUANG}` });
      expect(old.statusCode).toBe(200);
      expect(old.json().id).toBe(survivor);
      expect((await preview(worker, survivor, HUANG)).statusCode).toBe(404);
      // 黄园 signs in as before and is now the registry person
      const again = await h().login('19900000002');
      expect(again.personId).toBe(survivor);
    });

    it('keeps one of what both records held (a support of one issue), and folds two accounts into the survivor’s', async () => {
      const a = await newPerson({ nodeId: 'wuxingaz', name: '测试甲', phone: '13800009001' });
      const b = await newPerson({ nodeId: 'wuxingaz', name: '测试甲', phone: '13800009002' });
      for (const [person, phone] of [
        [a, '13800009001'],
        [b, '13800009002'],
      ] as const) {
        const acc = await h().ctx.accounts.create({ personId: person, phone, passwordHash: null });
        await h().ctx.accounts.grant({ accountId: acc, role: 'resident', nodeId: 'wuxingaz', grantedBy: null });
      }
      const bAccount = await h().ctx.db.selectFrom('accounts').select('id').where('person_id', '=', b).executeTakeFirstOrThrow();
      await h().ctx.accounts.grant({ accountId: bAccount.id, role: 'volunteer', nodeId: 'wuxingaz', grantedBy: null });
      const issue = await h()
        .ctx.db.selectFrom('council_issues')
        .select('id')
        .where('compound_id', '=', 'wuxingaz')
        .executeTakeFirstOrThrow();
      const at = '2026-12-01T00:00:00.000Z';
      await h()
        .ctx.db.insertInto('council_supports')
        .values([
          { issue_id: issue.id, person_id: a, created_at: at },
          { issue_id: issue.id, person_id: b, created_at: at },
        ])
        .execute();
      const res = await merge(worker, a, b);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        survivorId: a,
        mergedId: b,
        councilSeats: 0,
        electorates: 0,
        moved: {},
        dropped: { council: 1 },
        account: 'folded',
        grantsMoved: 1,
      });
      expect(
        await h().ctx.db.selectFrom('council_supports').select('person_id').where('person_id', 'in', [a, b]).execute(),
      ).toEqual([{ person_id: a }]);
      const grants = await h()
        .ctx.db.selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select(['accounts.person_id', 'role_grants.role', 'role_grants.revoked_at'])
        .where('accounts.person_id', 'in', [a, b])
        .orderBy('accounts.person_id')
        .orderBy('role_grants.role')
        .execute();
      expect(grants.map((g) => [g.person_id, g.role, g.revoked_at === null])).toEqual([
        [a, 'resident', true],
        [a, 'volunteer', true],
        [b, 'resident', false],
      ]);
      expect(
        await h().ctx.db.selectFrom('accounts').select('disabled').where('id', '=', bAccount.id).executeTakeFirstOrThrow(),
      ).toEqual({
        disabled: 1,
      });
    });

    it('refuses with 409 PERSON_MERGE_DOUBLE_BALLOT when both hold a ballot in one vote, writing nothing', async () => {
      const a = await newPerson({ nodeId: 'wuxingaz', name: '测试乙', phone: '13800009011' });
      const b = await newPerson({ nodeId: 'wuxingaz', name: '测试乙', phone: '13800009012' });
      const vote = await h().ctx.db.selectFrom('votes').select(['id', 'title']).orderBy('id').executeTakeFirstOrThrow();
      const ballot = (id: string, subject: string, person: string) => ({
        id,
        vote_id: vote.id,
        subject,
        choice: 'yes',
        channel: 'online' as const,
        status: 'counted' as const,
        cast_by_person_id: person,
        entered_by: null,
        confirmed_by: null,
        confirmed_at: null,
        receipt_hash: `hash-${id}`,
        created_at: '2026-12-01T00:00:00.000Z',
      });
      await h()
        .ctx.db.insertInto('vote_ballots')
        .values([ballot('merge-ballot-a', 'merge-subject-a', a), ballot('merge-ballot-b', 'merge-subject-b', b)])
        .execute();
      await h()
        .ctx.db.insertInto('notifications')
        .values({
          id: 'merge-n-b',
          person_id: b,
          kind: 'test',
          title: '测试',
          body: '测试',
          link: null,
          created_at: '2026-12-01T00:00:00.000Z',
          read_at: null,
        })
        .execute();
      const beforeA = await holdings(a);
      const beforeB = await holdings(b);
      const p = await preview(worker, a, b);
      expect(p.json().ballotClashes).toEqual([{ voteId: vote.id, title: vote.title }]);
      const res = await merge(worker, a, b);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toEqual({
        code: 'PERSON_MERGE_DOUBLE_BALLOT',
        message: '这两条记录在同一次表决中各有一票，合并会变成一人两票；请先核实这次表决的选票',
        details: { votes: [{ voteId: vote.id, title: vote.title }] },
      });
      expect(await holdings(a)).toEqual(beforeA);
      expect(await holdings(b)).toEqual(beforeB);
      expect(
        await h().ctx.db.selectFrom('people').select(['merged_into', 'erased_at']).where('id', '=', b).executeTakeFirstOrThrow(),
      ).toEqual({ merged_into: null, erased_at: null });
      await h().ctx.db.deleteFrom('vote_ballots').where('id', 'in', ['merge-ballot-a', 'merge-ballot-b']).execute();
    });

    it('refuses across compounds (409), outside the caller’s subtree (404) and a record with itself (422)', async () => {
      const across = await merge(district, WAN, ZHOU);
      expect(across.statusCode).toBe(409);
      expect(across.json().error.code).toBe('PERSON_MERGE_OTHER_COMPOUND');
      expect((await preview(district, WAN, ZHOU)).json().error.code).toBe('PERSON_MERGE_OTHER_COMPOUND');
      expect((await merge(secretary, WAN, ZHOU)).statusCode).toBe(404);
      expect((await merge(worker, WAN, 'p-does-not-exist')).statusCode).toBe(404);
      const self = await merge(worker, WAN, WAN);
      expect(self.statusCode).toBe(422);
      expect(self.json().error.code).toBe('PERSON_MERGE_SAME');
      const resident = await h().login('19900000001');
      expect((await merge(resident, WAN, ZHOU)).statusCode).toBe(403);
      expect((await merge(worker, WAN, '')).statusCode).toBe(400);
      expect(
        await h()
          .ctx.db.selectFrom('people')
          .select(['id', 'merged_into'])
          .where('id', 'in', [WAN, ZHOU])
          .orderBy('id')
          .execute(),
      ).toEqual([
        { id: WAN, merged_into: null },
        { id: ZHOU, merged_into: null },
      ]);
    });
  });
});
