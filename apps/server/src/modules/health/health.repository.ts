import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { HealthResultsTable, HealthVisitsTable } from '../events/events.tables';

/** Health-check home visits and results (sensitive: read one person at a time, never listed). */
export function createHealthRepository(db: Kysely<DB>) {
  return {
    /**
     * A walk-in at the health station: people under any of the paths whose name contains the text
     * (name, birth year, building and door to tell namesakes apart — no phone), at most 20.
     */
    findByName(paths: string[], text: string) {
      const q = text.replace(/[%_\\]/g, '');
      if (!paths.length || !q) return Promise.resolve([]);
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select(['people.id', 'people.name', 'people.birth_year', 'b.name as building', 'units.door'])
        .where('people.erased_at', 'is', null)
        .where('people.name', 'like', `%${q}%`)
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))))
        .orderBy('people.name')
        .orderBy('people.id')
        .limit(20)
        .execute();
    },

    /** People under the node path carrying any of the tags (names and tags only, no phones). */
    peopleWithTags(nodePath: string, tags: readonly string[]) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name', 'people.tags', 'people.birth_year'])
        .where('nodes.path', 'like', `${nodePath}%`)
        .where('people.erased_at', 'is', null)
        .where((eb) => eb.or(tags.map((t) => eb('people.tags', 'like', `%${JSON.stringify(t)}%`))))
        .orderBy('people.name')
        .limit(1000)
        .execute();
    },

    visitsOf(eventId: string) {
      return db.selectFrom('health_visits').selectAll().where('event_id', '=', eventId).orderBy('created_at').execute();
    },

    signedUpPeople(eventId: string) {
      return db
        .selectFrom('event_signups')
        .select('person_id')
        .distinct()
        .where('event_id', '=', eventId)
        .where('status', '<>', 'cancelled')
        .execute()
        .then((r) => r.map((x) => x.person_id));
    },

    async addVisit(
      row: Omit<HealthVisitsTable, 'id' | 'created_at'>,
      after: (trx: Transaction<DB>, id: string) => Promise<void>,
    ) {
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('health_visits')
          .values({ ...row, id, created_at: nowIso() })
          .execute();
        await after(trx, id);
      });
      return id;
    },

    async addResult(
      row: Omit<HealthResultsTable, 'id' | 'created_at'>,
      after: (trx: Transaction<DB>, id: string) => Promise<void>,
    ) {
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('health_results')
          .values({ ...row, id, created_at: nowIso() })
          .execute();
        await after(trx, id);
      });
      return id;
    },

    /** One person's results; the caller audits the read in the same transaction. */
    async resultsOf(personId: string, audit: (trx: Transaction<DB>) => Promise<void>) {
      return db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('health_results')
          .leftJoin('events', 'events.id', 'health_results.event_id')
          .selectAll('health_results')
          .select(sql<string | null>`events.title`.as('event_title'))
          .where('health_results.person_id', '=', personId)
          .orderBy('health_results.measured_on', 'desc')
          .limit(100)
          .execute();
        await audit(trx);
        return rows;
      });
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
