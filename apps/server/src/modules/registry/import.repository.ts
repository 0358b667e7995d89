import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import { addressKey, buildingKey, type ImportPlan } from './import.validate';

/** Rows per multi-row INSERT: under SQLite's and PostgreSQL's parameter limits, and fast on both. */
const CHUNK = 500;

/** SQL of the household import and export. */
export function createImportRepository(db: Kysely<DB>) {
  return {
    /** The compound's buildings by key ("3栋" → "3") and the addresses already registered. */
    async context(compoundId: string) {
      const buildings = await db
        .selectFrom('nodes')
        .select(['id', 'name'])
        .where('parent_id', '=', compoundId)
        .where('kind', '=', 'building')
        .execute();
      const units = await db
        .selectFrom('units')
        .select(['building_id', 'stairwell', 'door'])
        .where('compound_id', '=', compoundId)
        .execute();
      return {
        buildings: new Map(buildings.map((b) => [buildingKey(b.name), b.id])),
        takenAddresses: new Set(units.map((u) => addressKey(u.building_id, u.stairwell, u.door))),
      };
    },

    /**
     * Writes the plan inside the caller's transaction in chunks, reporting progress after each.
     * A unique-address violation (someone added the same door meanwhile) aborts it all.
     */
    async write(trx: Transaction<DB>, compoundId: string, plan: ImportPlan, onProgress: (done: number) => void | Promise<void>) {
      const at = nowIso();
      let done = 0;
      for (let i = 0; i < plan.units.length; i += CHUNK) {
        const slice = plan.units.slice(i, i + CHUNK);
        const unitRows = slice.map((u) => ({
          id: newId(),
          compound_id: compoundId,
          building_id: u.buildingId,
          stairwell: u.stairwell,
          door: u.door,
          area_hundredths: u.areaHundredths,
          area_source: 'registered' as const,
          developer_held: 0,
          created_at: at,
        }));
        await trx.insertInto('units').values(unitRows).execute();
        const people: Array<{
          id: string;
          node_id: string;
          name: string;
          phone: string | null;
          birth_year: number | null;
          tags: string;
          id_number: null;
          unit_id: string;
          created_at: string;
          erased_at: null;
        }> = [];
        const owners: Array<{ unit_id: string; person_id: string; representative: number }> = [];
        slice.forEach((u, k) => {
          const unitId = (unitRows[k] as { id: string }).id;
          u.people.forEach((p, j) => {
            const id = newId();
            people.push({
              id,
              node_id: compoundId,
              name: p.name,
              phone: p.phone,
              birth_year: p.birthYear,
              tags: JSON.stringify(p.tags),
              id_number: null,
              unit_id: unitId,
              created_at: at,
              erased_at: null,
            });
            if (j === u.head) owners.push({ unit_id: unitId, person_id: id, representative: 1 });
          });
        });
        for (let j = 0; j < people.length; j += CHUNK)
          await trx
            .insertInto('people')
            .values(people.slice(j, j + CHUNK))
            .execute();
        for (let j = 0; j < owners.length; j += CHUNK)
          await trx
            .insertInto('unit_owners')
            .values(owners.slice(j, j + CHUNK))
            .execute();
        done += slice.reduce((n, u) => n + Math.max(1, u.people.length), 0);
        await onProgress(done);
      }
    },

    async startJob(v: { compoundId: string; accountId: string | null; fileName: string; total: number }) {
      const id = newId();
      await db
        .insertInto('import_jobs')
        .values({
          id,
          compound_id: v.compoundId,
          account_id: v.accountId,
          file_name: v.fileName.slice(0, 200),
          status: 'running',
          total: v.total,
          processed: 0,
          result: null,
          created_at: nowIso(),
          finished_at: null,
        })
        .execute();
      return id;
    },

    async finishJob(id: string, status: 'done' | 'failed', processed: number, result: unknown) {
      await db
        .updateTable('import_jobs')
        .set({ status, processed, result: JSON.stringify(result), finished_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    recentJobs(compoundId: string) {
      return db
        .selectFrom('import_jobs')
        .select(['id', 'file_name', 'status', 'total', 'processed', 'result', 'created_at', 'finished_at'])
        .where('compound_id', '=', compoundId)
        .orderBy('created_at', 'desc')
        .limit(10)
        .execute();
    },

    /** Every unit of the compound with its residents and representative owner, for export. */
    async exportRows(compoundId: string) {
      const units = await db
        .selectFrom('units')
        .innerJoin('nodes as b', 'b.id', 'units.building_id')
        .select(['units.id', 'b.name as building', 'units.stairwell', 'units.door', 'units.area_hundredths'])
        .where('units.compound_id', '=', compoundId)
        .orderBy(sql`length(b.name)`)
        .orderBy('b.name')
        .orderBy('units.stairwell')
        .orderBy(sql`length(units.door)`)
        .orderBy('units.door')
        .execute();
      const people = await db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .select(['people.id', 'people.unit_id', 'people.name', 'people.phone', 'people.birth_year', 'people.tags'])
        .where('units.compound_id', '=', compoundId)
        .where('people.erased_at', 'is', null)
        .orderBy('people.id')
        .execute();
      const owners = await db
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .innerJoin('people', 'people.id', 'unit_owners.person_id')
        .select(['unit_owners.unit_id', 'people.name', 'unit_owners.representative'])
        .where('units.compound_id', '=', compoundId)
        .execute();
      return { units, people, owners };
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;
