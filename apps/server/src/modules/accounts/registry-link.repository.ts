import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * One person, one record: finds the registry person behind a phone and gives them their account.
 * All SQL of linking accounts to registry people and of join requests lives here.
 */
export function createRegistryLinkRepository(db: Kysely<DB>) {
  return {
    /**
     * The registry people with this phone who have no account yet, oldest first, with the node
     * they are registered at (a compound for the households import).
     */
    unlinkedByPhone(phone: string, trx: Db = db) {
      return trx
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .leftJoin('accounts', 'accounts.person_id', 'people.id')
        .select(['people.id', 'people.name', 'people.node_id', 'nodes.path', 'nodes.kind'])
        .where('people.phone', '=', phone)
        .where('people.erased_at', 'is', null)
        .where('accounts.id', 'is', null)
        .orderBy('people.created_at')
        .orderBy('people.id')
        .execute();
    },

    async nodePath(nodeId: string) {
      return (await db.selectFrom('nodes').select('path').where('id', '=', nodeId).executeTakeFirst())?.path;
    },

    /** The account of an existing registry person, with the password they chose. */
    async insertAccount(trx: Db, input: { accountId: string; personId: string; phone: string; passwordHash: string | null }) {
      await trx
        .insertInto('accounts')
        .values({
          id: input.accountId,
          person_id: input.personId,
          phone: input.phone,
          password_hash: input.passwordHash,
          created_at: nowIso(),
        })
        .execute();
    },

    /** A compound by id, for the public join page (its name only). */
    compound(id: string) {
      return db
        .selectFrom('nodes')
        .leftJoin('nodes as parent', 'parent.id', 'nodes.parent_id')
        .select(['nodes.id', 'nodes.name', 'nodes.path', 'parent.name as community'])
        .where('nodes.id', '=', id)
        .where('nodes.kind', '=', 'compound')
        .executeTakeFirst();
    },

    /** The compound's units at 楼栋-单元-门牌号, building names as registered (matched by the caller). */
    unitsAt(compoundId: string, stairwell: string, door: string) {
      return db
        .selectFrom('units')
        .innerJoin('nodes as b', 'b.id', 'units.building_id')
        .select(['units.id', 'b.name as building'])
        .where('units.compound_id', '=', compoundId)
        .where('units.stairwell', '=', stairwell)
        .where('units.door', '=', door)
        .execute();
    },

    pendingJoinByPhone(phone: string) {
      return db
        .selectFrom('join_requests')
        .select('id')
        .where('phone', '=', phone)
        .where('status', '=', 'pending')
        .executeTakeFirst();
    },

    async insertJoin(v: {
      compoundId: string;
      unitId: string;
      name: string;
      phone: string;
      relation: 'owner' | 'tenant' | 'family';
    }) {
      const id = newId();
      await db
        .insertInto('join_requests')
        .values({
          id,
          compound_id: v.compoundId,
          unit_id: v.unitId,
          name: v.name,
          phone: v.phone,
          relation: v.relation,
          status: 'pending',
          created_at: nowIso(),
          decided_at: null,
          decided_by: null,
          person_id: null,
        })
        .execute();
      return id;
    },

    /** Pending join requests under any of these paths, oldest first, with their address. */
    pendingJoins(paths: string[]) {
      if (!paths.length) return Promise.resolve([]);
      return db
        .selectFrom('join_requests as j')
        .innerJoin('nodes as c', 'c.id', 'j.compound_id')
        .innerJoin('units as u', 'u.id', 'j.unit_id')
        .innerJoin('nodes as b', 'b.id', 'u.building_id')
        .select([
          'j.id',
          'j.name',
          'j.phone',
          'j.relation',
          'j.created_at',
          'j.unit_id',
          'c.id as compound_id',
          'c.name as compound_name',
          'b.name as building',
          'u.stairwell',
          'u.door',
        ])
        .where('j.status', '=', 'pending')
        .where((eb) => eb.or(paths.map((p) => eb('c.path', 'like', `${p}%`))))
        .orderBy('j.created_at')
        .orderBy('j.id')
        .limit(200)
        .execute();
    },

    /** The registered people of these units (the candidates a join request may be matched to). */
    peopleOfUnits(unitIds: string[]) {
      if (!unitIds.length) return Promise.resolve([]);
      return db
        .selectFrom('people')
        .leftJoin('accounts', 'accounts.person_id', 'people.id')
        .select(['people.id', 'people.name', 'people.phone', 'people.birth_year', 'people.unit_id', 'accounts.id as account_id'])
        .where('people.unit_id', 'in', unitIds)
        .where('people.erased_at', 'is', null)
        .orderBy('people.name')
        .execute();
    },

    joinById(id: string) {
      return db
        .selectFrom('join_requests as j')
        .innerJoin('nodes as c', 'c.id', 'j.compound_id')
        .selectAll('j')
        .select('c.path as compound_path')
        .where('j.id', '=', id)
        .executeTakeFirst();
    },

    personInUnit(personId: string, unitId: string, trx: Db = db) {
      return trx
        .selectFrom('people')
        .leftJoin('accounts', 'accounts.person_id', 'people.id')
        .select(['people.id', 'people.phone', 'accounts.id as account_id'])
        .where('people.id', '=', personId)
        .where('people.unit_id', '=', unitId)
        .where('people.erased_at', 'is', null)
        .executeTakeFirst();
    },

    async insertPerson(trx: Db, v: { nodeId: string; unitId: string; name: string; phone: string }) {
      const id = newId();
      await trx
        .insertInto('people')
        .values({
          id,
          node_id: v.nodeId,
          unit_id: v.unitId,
          name: v.name,
          phone: v.phone,
          birth_year: null,
          id_number: null,
          created_at: nowIso(),
          erased_at: null,
        })
        .execute();
      return id;
    },

    async setPersonPhone(trx: Db, personId: string, phone: string) {
      await trx
        .updateTable('people')
        .set((eb) => ({ phone, version: eb('version', '+', 1) }))
        .where('id', '=', personId)
        .execute();
    },

    /** Adds an owner to a unit unless they already are one; the first owner represents it. */
    async addOwner(trx: Db, unitId: string, personId: string) {
      const owners = await trx.selectFrom('unit_owners').select('person_id').where('unit_id', '=', unitId).execute();
      if (owners.some((o) => o.person_id === personId)) return false;
      await trx
        .insertInto('unit_owners')
        .values({ unit_id: unitId, person_id: personId, representative: owners.length ? 0 : 1 })
        .execute();
      return true;
    },

    /** Decides a pending request; false when someone else decided it first. */
    async decideJoin(trx: Db, id: string, v: { status: 'approved' | 'rejected'; by: string; personId: string | null }) {
      const r = await trx
        .updateTable('join_requests')
        .set({ status: v.status, decided_by: v.by, decided_at: nowIso(), person_id: v.personId })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Creates the account of an existing person (no password: they sign in by SMS code) with a role at a node. */
    async createAccountFor(
      trx: Db,
      input: { personId: string; phone: string; nodeId: string; role: string; grantedBy: string | null },
    ) {
      const at = nowIso();
      const accountId = newId();
      await trx
        .insertInto('accounts')
        .values({ id: accountId, person_id: input.personId, phone: input.phone, password_hash: null, created_at: at })
        .execute();
      await trx
        .insertInto('role_grants')
        .values({
          id: newId(),
          account_id: accountId,
          role: input.role,
          node_id: input.nodeId,
          granted_by: input.grantedBy,
          created_at: at,
          revoked_at: null,
        })
        .execute();
      return accountId;
    },
  };
}

export type RegistryLinkRepository = ReturnType<typeof createRegistryLinkRepository>;
