import { describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from '../test/harness';
import { up } from './migrations/2026-12-07T0800-budget-paper-ballots';

const T = '2026-12-07T08:00:00.000Z';

describe('migration 2026-12-07T0800-budget-paper-ballots', () => {
  for (const dialect of DIALECTS) {
    it(`[${dialect}] keeps every ballot and the household key, and takes a ballot without a person`, async () => {
      const t = await createTestDatabase(dialect); // migrated: the column is nullable already
      const db = t.database.db;
      try {
        await db
          .insertInto('nodes')
          .values({ id: 'mc', parent_id: null, kind: 'compound', name: '小区', path: '/mc/', created_at: T })
          .execute();
        await db
          .insertInto('budgets')
          .values({
            id: 'b1',
            node_id: 'mc',
            year: 2027,
            title: '自治金',
            pot_fen: 100,
            status: 'voting',
            voting_closes_at: null,
            result: null,
            created_by: 'a',
            created_at: T,
            closed_at: null,
          })
          .execute();
        const ballot = (id: string, unit: string, person: string | null) => ({
          id,
          budget_id: 'b1',
          unit_id: unit,
          choices: '["p1"]',
          cost_fen: 50,
          channel: person ? 'online' : 'paper',
          cast_by_person_id: person,
          entered_by_account_id: person ? null : 'acc-1',
          receipt_hash: `h-${id}`,
          created_at: T,
        });
        await db
          .insertInto('budget_ballots')
          .values([ballot('x1', 'u1', 'p-1'), ballot('x2', 'u2', null)])
          .execute();
        // Running it again over rows (on SQLite: the whole rebuild) loses nothing.
        await up(db);
        const rows = await db
          .selectFrom('budget_ballots')
          .select(['id', 'unit_id', 'channel', 'cast_by_person_id', 'entered_by_account_id'])
          .orderBy('id')
          .execute();
        expect(rows).toEqual([
          { id: 'x1', unit_id: 'u1', channel: 'online', cast_by_person_id: 'p-1', entered_by_account_id: null },
          { id: 'x2', unit_id: 'u2', channel: 'paper', cast_by_person_id: null, entered_by_account_id: 'acc-1' },
        ]);
        await expect(
          db
            .insertInto('budget_ballots')
            .values(ballot('x3', 'u1', null))
            .execute(),
        ).rejects.toThrow();
        expect((await db.selectFrom('budget_ballots').select('id').execute()).length).toBe(2);
      } finally {
        await t.drop();
      }
    });
  }
});
