import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import { addressKey, buildingKey, type ExistingUnit, type ImportPlan } from './import.validate';

/** Rows per multi-row INSERT: under SQLite's and PostgreSQL's parameter limits, and fast on both. */
const CHUNK = 500;

/** SQL of the household import and export. */
export function createImportRepository(db: Kysely<DB>) {
  return {
    /** The compound's buildings by key ("3栋" → "3"), its registered units with their people and owners. */
    async context(compoundId: string) {
      const buildings = await db
        .selectFrom('nodes')
        .select(['id', 'name'])
        .where('parent_id', '=', compoundId)
        .where('kind', '=', 'building')
        .execute();
      const units = await db
        .selectFrom('units')
        .select(['id', 'building_id', 'stairwell', 'door', 'area_hundredths'])
        .where('compound_id', '=', compoundId)
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
        .select(['unit_owners.unit_id', 'unit_owners.person_id'])
        .where('units.compound_id', '=', compoundId)
        .execute();
      const byUnit = new Map<string, ExistingUnit>();
      const map = new Map<string, ExistingUnit>();
      for (const u of units) {
        const e: ExistingUnit = { id: u.id, areaHundredths: u.area_hundredths, people: [], ownerIds: [] };
        byUnit.set(u.id, e);
        map.set(addressKey(u.building_id, u.stairwell, u.door), e);
      }
      for (const p of people) {
        let tags: string[] = [];
        try {
          tags = JSON.parse(p.tags);
        } catch {
          tags = [];
        }
        byUnit.get(p.unit_id as string)?.people.push({ id: p.id, name: p.name, phone: p.phone, birthYear: p.birth_year, tags });
      }
      for (const o of owners) byUnit.get(o.unit_id)?.ownerIds.push(o.person_id);
      return {
        buildings: new Map(buildings.map((b) => [buildingKey(b.name), b.id])),
        buildingNames: new Map(buildings.map((b) => [b.id, b.name])),
        units: map,
      };
    },

    /**
     * Writes the plan inside the caller's transaction in chunks, reporting progress after each:
     * the buildings it names first, then new units and people, then what changed. A
     * unique-address violation (someone added the same door meanwhile) aborts it all.
     */
    async write(trx: Transaction<DB>, compoundId: string, plan: ImportPlan, onProgress: (done: number) => void | Promise<void>) {
      const at = nowIso();
      const buildingIds = new Map<string, string>();
      if (plan.newBuildings.length) {
        const compound = await trx.selectFrom('nodes').select('path').where('id', '=', compoundId).executeTakeFirstOrThrow();
        for (const b of plan.newBuildings) {
          const id = newId();
          buildingIds.set(`new:${b.key}`, id);
          await trx
            .insertInto('nodes')
            .values({ id, parent_id: compoundId, kind: 'building', name: b.name, path: `${compound.path}${id}/`, created_at: at })
            .execute();
        }
      }
      let done = 0;
      for (let i = 0; i < plan.units.length; i += CHUNK) {
        const slice = plan.units.slice(i, i + CHUNK);
        const unitIds = slice.map((u) => u.existingId ?? newId());
        const unitRows = slice
          .map((u, k) => ({
            id: unitIds[k] as string,
            compound_id: compoundId,
            building_id: buildingIds.get(u.buildingId) ?? u.buildingId,
            stairwell: u.stairwell,
            door: u.door,
            area_hundredths: u.areaHundredths,
            area_source: 'registered' as const,
            developer_held: 0,
            created_at: at,
            existing: u.existingId !== null,
          }))
          .filter((r) => !r.existing)
          .map(({ existing: _e, ...r }) => r);
        if (unitRows.length) await trx.insertInto('units').values(unitRows).execute();
        for (const u of slice) {
          if (!u.existingId || !u.changed) continue;
          await trx
            .updateTable('units')
            .set((eb) => ({ area_hundredths: u.areaHundredths, version: eb('version', '+', 1) }))
            .where('id', '=', u.existingId)
            .execute();
        }
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
        for (const [k, u] of slice.entries()) {
          const unitId = unitIds[k] as string;
          for (const [j, p] of u.people.entries()) {
            let id = p.existingId;
            if (!id) {
              id = newId();
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
            } else if (p.changed) {
              // A blank phone or year in the sheet keeps what the registry holds.
              const set: { name: string; tags: string; phone?: string; birth_year?: number } = {
                name: p.name,
                tags: JSON.stringify(p.tags),
              };
              if (p.phone) set.phone = p.phone;
              if (p.birthYear !== null) set.birth_year = p.birthYear;
              await trx
                .updateTable('people')
                .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
                .where('id', '=', id)
                .execute();
            }
            if (j === u.head && !u.ownerIds.includes(id))
              owners.push({ unit_id: unitId, person_id: id, representative: u.ownerIds.length ? 0 : 1 });
          }
        }
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
