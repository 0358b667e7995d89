import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** Where a resident lives, addressed the Chinese way (楼栋-单元-门牌号). */
export interface ResidentAddress {
  personId: string;
  name: string;
  nodeId: string;
  compoundId: string | null;
  compoundName: string | null;
  buildingId: string | null;
  buildingName: string | null;
  unitId: string | null;
  stairwell: string | null;
  door: string | null;
  /** "3栋1单元301", or the compound's name when the person has no unit. */
  label: string;
}

/** "3栋" + "1" + "301" → "3栋1单元301". */
export function addressLabel(buildingName: string | null, stairwell: string | null, door: string | null): string {
  if (!buildingName || !door) return '';
  return `${buildingName}${stairwell ? `${stairwell}单元` : ''}${door}`;
}

/** JSON-array tag match that works on SQLite and PostgreSQL alike (tags are JSON text). */
export function tagLike(tag: string): string {
  return `%${JSON.stringify(tag)}%`;
}

export const NODE_CHILD_KIND: Record<string, string | undefined> = {
  district: 'subdistrict',
  subdistrict: 'community',
  community: 'compound',
  compound: 'building',
};

/**
 * The registry's SQL: the organisation tree, units and their owners, people, and the resident
 * lookups other modules use (`addressOf`, `compoundOf`, `residentsOfBuilding`).
 */
export function createRegistryRepository(db: Kysely<DB>) {
  const self = {
    db,

    // ── nodes ────────────────────────────────────────────────────────────────────────────
    findNode(id: string, trx: Db = db) {
      return trx.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
    },

    children(parentId: string) {
      return db
        .selectFrom('nodes')
        .select(['id', 'kind', 'name', 'path'])
        .where('parent_id', '=', parentId)
        .orderBy('name')
        .execute();
    },

    /** The nodes from the root down to this one (for breadcrumbs). */
    async ancestors(path: string) {
      const ids = path.split('/').filter(Boolean);
      if (!ids.length) return [];
      const rows = await db.selectFrom('nodes').select(['id', 'kind', 'name']).where('id', 'in', ids).execute();
      return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is NonNullable<typeof r> => !!r);
    },

    async createNode(input: { parentId: string; parentPath: string; kind: string; name: string }, trx: Db = db) {
      const id = newId();
      await trx
        .insertInto('nodes')
        .values({
          id,
          parent_id: input.parentId,
          kind: input.kind,
          name: input.name,
          path: `${input.parentPath}${id}/`,
          created_at: nowIso(),
        })
        .execute();
      return id;
    },

    async renameNode(id: string, name: string, trx: Db = db) {
      await trx.updateTable('nodes').set({ name }).where('id', '=', id).execute();
    },

    /** Counts what hangs under a node: a node is deleted only when nothing does. */
    async nodeUsage(id: string, path: string) {
      const [kids, units, people] = await Promise.all([
        db.selectFrom('nodes').select(sql<number>`count(*)`.as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow(),
        db
          .selectFrom('units')
          .select(sql<number>`count(*)`.as('n'))
          .where((eb) => eb.or([eb('building_id', '=', id), eb('compound_id', '=', id)]))
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('people')
          .innerJoin('nodes', 'nodes.id', 'people.node_id')
          .select(sql<number>`count(*)`.as('n'))
          .where('nodes.path', 'like', `${path}%`)
          .executeTakeFirstOrThrow(),
      ]);
      return Number(kids.n) + Number(units.n) + Number(people.n);
    },

    async deleteNode(id: string, trx: Db = db) {
      await trx.deleteFrom('nodes').where('id', '=', id).execute();
    },

    /** Households (units with a resident) and residents under a node. */
    async nodeCounts(path: string) {
      const row = await db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .innerJoin('nodes', 'nodes.id', 'units.compound_id')
        .select([sql<number>`count(distinct units.id)`.as('households'), sql<number>`count(*)`.as('residents')])
        .where('nodes.path', 'like', `${path}%`)
        .where('people.erased_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { households: Number(row.households), residents: Number(row.residents) };
    },

    // ── units ────────────────────────────────────────────────────────────────────────────
    findUnit(id: string, trx: Db = db) {
      return trx
        .selectFrom('units')
        .innerJoin('nodes as b', 'b.id', 'units.building_id')
        .selectAll('units')
        .select(['b.name as building_name', 'b.path as building_path'])
        .where('units.id', '=', id)
        .executeTakeFirst();
    },

    findUnitByAddress(buildingId: string, stairwell: string, door: string, trx: Db = db) {
      return trx
        .selectFrom('units')
        .select('id')
        .where('building_id', '=', buildingId)
        .where('stairwell', '=', stairwell)
        .where('door', '=', door)
        .executeTakeFirst();
    },

    async createUnit(
      input: {
        compoundId: string;
        buildingId: string;
        stairwell: string;
        door: string;
        areaHundredths: number;
        areaSource: 'registered' | 'surveyed' | 'contract';
        developerHeld: boolean;
      },
      trx: Db = db,
    ) {
      const id = newId();
      await trx
        .insertInto('units')
        .values({
          id,
          compound_id: input.compoundId,
          building_id: input.buildingId,
          stairwell: input.stairwell,
          door: input.door,
          area_hundredths: input.areaHundredths,
          area_source: input.areaSource,
          developer_held: input.developerHeld ? 1 : 0,
          created_at: nowIso(),
        })
        .execute();
      return id;
    },

    /**
     * Writes a unit's fields if it is still at `version`, raising the version (ADR 0002); false
     * when no row changed (gone, or edited meanwhile).
     */
    async updateUnit(
      id: string,
      version: number,
      set: Partial<{
        stairwell: string;
        door: string;
        area_hundredths: number;
        area_source: 'registered' | 'surveyed' | 'contract';
        developer_held: number;
      }>,
      trx: Db = db,
    ) {
      const r = await trx
        .updateTable('units')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async setOwners(unitId: string, owners: Array<{ personId: string; representative: boolean }>, trx: Db) {
      await trx.deleteFrom('unit_owners').where('unit_id', '=', unitId).execute();
      if (owners.length) {
        await trx
          .insertInto('unit_owners')
          .values(owners.map((o) => ({ unit_id: unitId, person_id: o.personId, representative: o.representative ? 1 : 0 })))
          .execute();
      }
    },

    unitsOfBuilding(buildingId: string) {
      return db
        .selectFrom('units')
        .selectAll()
        .where('building_id', '=', buildingId)
        .orderBy('stairwell')
        .orderBy(sql`length(door)`)
        .orderBy('door')
        .execute();
    },

    ownersOfUnits(unitIds: string[]) {
      if (!unitIds.length) return Promise.resolve([]);
      return db
        .selectFrom('unit_owners')
        .innerJoin('people', 'people.id', 'unit_owners.person_id')
        .select(['unit_owners.unit_id', 'unit_owners.person_id', 'unit_owners.representative', 'people.name'])
        .where('unit_owners.unit_id', 'in', unitIds)
        .execute();
    },

    residentsOfUnits(unitIds: string[]) {
      if (!unitIds.length) return Promise.resolve([]);
      return db
        .selectFrom('people')
        .select(['id', 'name', 'unit_id', 'birth_year', 'tags', 'phone'])
        .where('unit_id', 'in', unitIds)
        .where('erased_at', 'is', null)
        .orderBy('id')
        .execute();
    },

    /** Units a person owns, with their addresses. */
    ownedBy(personId: string) {
      return db
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .innerJoin('nodes as b', 'b.id', 'units.building_id')
        .select([
          'units.id',
          'units.stairwell',
          'units.door',
          'units.area_hundredths',
          'units.area_source',
          'b.name as building_name',
          'unit_owners.representative',
        ])
        .where('unit_owners.person_id', '=', personId)
        .execute();
    },

    // ── people ───────────────────────────────────────────────────────────────────────────
    /** The survivor a merged record's tombstone names, if the id is one (merge.service.ts). */
    async mergedInto(id: string): Promise<string | null> {
      const r = await db.selectFrom('people').select('merged_into').where('id', '=', id).executeTakeFirst();
      return r?.merged_into ?? null;
    },

    findPerson(id: string, trx: Db = db) {
      return trx
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .selectAll('people')
        .select(['nodes.path as node_path'])
        .where('people.id', '=', id)
        .where('people.erased_at', 'is', null)
        .executeTakeFirst();
    },

    async createPerson(
      input: {
        nodeId: string;
        name: string;
        phone: string | null;
        birthYear: number | null;
        tags: string[];
        unitId: string | null;
      },
      trx: Db = db,
    ) {
      const id = newId();
      await trx
        .insertInto('people')
        .values({
          id,
          node_id: input.nodeId,
          name: input.name,
          phone: input.phone,
          birth_year: input.birthYear,
          tags: JSON.stringify(input.tags),
          id_number: null,
          unit_id: input.unitId,
          created_at: nowIso(),
          erased_at: null,
        })
        .execute();
      return id;
    },

    /**
     * Writes a person's fields if they are still at `version`, raising the version (ADR 0002);
     * false when no row changed (gone, erased, or edited meanwhile).
     */
    async updatePerson(
      id: string,
      version: number,
      set: Partial<{
        node_id: string;
        name: string;
        phone: string | null;
        birth_year: number | null;
        tags: string;
        unit_id: string | null;
      }>,
      trx: Db = db,
    ) {
      const r = await trx
        .updateTable('people')
        .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /**
     * Finds people under a subtree by name, door number or the last digits of a phone. Rows carry
     * the raw phone: callers mask it before it leaves the server.
     */
    search(paths: string[], q: { text: string; limit: number }) {
      const text = q.text.trim();
      let query = db
        .selectFrom('people')
        .innerJoin('nodes as n', 'n.id', 'people.node_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .leftJoin('nodes as c', 'c.id', 'units.compound_id')
        .select([
          'people.id',
          'people.name',
          'people.phone',
          'people.birth_year',
          'people.tags',
          'units.id as unit_id',
          'units.stairwell',
          'units.door',
          'b.id as building_id',
          'b.name as building_name',
          'c.name as compound_name',
          'n.name as node_name',
        ])
        .where('people.erased_at', 'is', null)
        .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))));
      const digits = /^\d{3,11}$/.test(text);
      const like = `%${text.replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) => {
        const ors = [eb('people.name', 'like', like)];
        if (digits) {
          ors.push(eb('people.phone', 'like', `%${text}`));
          ors.push(eb('units.door', '=', text));
        }
        // "3-1-301" or "3栋1单元301": building, stairwell, door
        const m = /^(\d+)(?:栋|-|幢)(\d+)(?:单元|-)(\w+)$/.exec(text);
        if (m) {
          ors.push(
            eb.and([
              eb('b.name', 'like', `${m[1]}栋%`),
              eb('units.stairwell', '=', m[2] as string),
              eb('units.door', '=', m[3] as string),
            ]),
          );
        }
        return eb.or(ors);
      });
      return query.orderBy('people.name').limit(q.limit).execute();
    },

    // ── lookups other modules use ─────────────────────────────────────────────────────────
    /** A person's compound, building and door; null when the person does not exist. */
    async addressOf(personId: string, trx: Db = db): Promise<ResidentAddress | null> {
      const row = await trx
        .selectFrom('people')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .innerJoin('nodes as n', 'n.id', 'people.node_id')
        .select([
          'people.id',
          'people.name',
          'people.node_id',
          'units.id as unit_id',
          'units.compound_id',
          'units.stairwell',
          'units.door',
          'b.id as building_id',
          'b.name as building_name',
          'n.kind as node_kind',
          'n.name as node_name',
        ])
        .where('people.id', '=', personId)
        .executeTakeFirst();
      if (!row) return null;
      const compoundId = row.compound_id ?? (row.node_kind === 'compound' ? row.node_id : null);
      const compound = compoundId
        ? await trx.selectFrom('nodes').select('name').where('id', '=', compoundId).executeTakeFirst()
        : undefined;
      return {
        personId: row.id,
        name: row.name,
        nodeId: row.node_id,
        compoundId,
        compoundName: compound?.name ?? null,
        buildingId: row.building_id,
        buildingName: row.building_name,
        unitId: row.unit_id,
        stairwell: row.stairwell,
        door: row.door,
        label: addressLabel(row.building_name, row.stairwell, row.door) || (compound?.name ?? row.node_name),
      };
    },

    /** The compound id a person belongs to (through their unit, else their node), or null. */
    async compoundOf(personId: string, trx: Db = db): Promise<string | null> {
      return (await self.addressOf(personId, trx))?.compoundId ?? null;
    },

    /** People living in a building, optionally only those with a tag (e.g. 党员). */
    residentsOfBuilding(buildingId: string, tag?: string) {
      let q = db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .select([
          'people.id',
          'people.name',
          'people.phone',
          'people.tags',
          'units.id as unit_id',
          'units.stairwell',
          'units.door',
        ])
        .where('units.building_id', '=', buildingId)
        .where('people.erased_at', 'is', null);
      if (tag) q = q.where('people.tags', 'like', tagLike(tag));
      return q.orderBy('units.stairwell').orderBy(sql`length(units.door)`).orderBy('units.door').orderBy('people.id').execute();
    },

    /** Buildings of a compound with their unit counts. */
    buildingsOf(compoundId: string) {
      return db
        .selectFrom('nodes')
        .leftJoin('units', 'units.building_id', 'nodes.id')
        .select(['nodes.id', 'nodes.name', sql<number>`count(units.id)`.as('units')])
        .where('nodes.parent_id', '=', compoundId)
        .where('nodes.kind', '=', 'building')
        .groupBy(['nodes.id', 'nodes.name'])
        .orderBy(sql`length(nodes.name)`)
        .orderBy('nodes.name')
        .execute();
    },
  };
  return self;
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>;
