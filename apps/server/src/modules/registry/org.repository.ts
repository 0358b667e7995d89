import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** SQL of the 小区党支部 and the 业委会 and their members. */
export function createOrgRepository(db: Kysely<DB>) {
  const memberCols = ['people.id', 'people.name', 'units.stairwell', 'units.door', 'b.name as building_name'] as const;
  return {
    /**
     * The branch secretary of a compound: the person whose account holds the branch_secretary role
     * there (the latest grant, should there be several). The one source of this fact: the
     * organisation page, the person page and the roles page all read it.
     */
    secretaryOf(compoundId: string, trx: Db = db) {
      return trx
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('people', 'people.id', 'accounts.person_id')
        .select(['people.id', 'people.name', 'role_grants.id as grant_id'])
        .where('role_grants.node_id', '=', compoundId)
        .where('role_grants.role', '=', 'branch_secretary')
        .where('role_grants.revoked_at', 'is', null)
        .where('accounts.disabled', '=', 0)
        .orderBy('role_grants.created_at', 'desc')
        .orderBy('role_grants.id', 'desc')
        .executeTakeFirst();
    },

    /** The active branch_secretary grants at a compound (normally one). */
    secretaryGrants(compoundId: string) {
      return db
        .selectFrom('role_grants')
        .select(['id', 'account_id'])
        .where('node_id', '=', compoundId)
        .where('role', '=', 'branch_secretary')
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** The active account of a person (to grant them the secretary's role), or undefined. */
    accountOf(personId: string, trx: Db = db) {
      return trx
        .selectFrom('accounts')
        .select('id')
        .where('person_id', '=', personId)
        .where('disabled', '=', 0)
        .executeTakeFirst();
    },

    /** Revokes every branch_secretary grant at the compound except `keepAccountId`'s; the revoked grants. */
    async revokeSecretaries(trx: Db, compoundId: string, keepAccountId: string | null, at: string) {
      const rows = await trx
        .selectFrom('role_grants')
        .select(['id', 'account_id'])
        .where('node_id', '=', compoundId)
        .where('role', '=', 'branch_secretary')
        .where('revoked_at', 'is', null)
        .execute();
      const gone = rows.filter((r) => r.account_id !== keepAccountId);
      if (gone.length)
        await trx
          .updateTable('role_grants')
          .set({ revoked_at: at })
          .where(
            'id',
            'in',
            gone.map((g) => g.id),
          )
          .execute();
      return { revoked: gone, kept: rows.some((r) => r.account_id === keepAccountId) };
    },

    async grantSecretary(trx: Db, g: { id: string; accountId: string; compoundId: string; by: string; at: string }) {
      await trx
        .insertInto('role_grants')
        .values({
          id: g.id,
          account_id: g.accountId,
          role: 'branch_secretary',
          node_id: g.compoundId,
          granted_by: g.by,
          created_at: g.at,
          revoked_at: null,
        })
        .execute();
    },

    /** Whether the person owns a unit of this compound (业委会 members must: 业主大会和业主委员会指导规则 art. 31). */
    async ownsUnitIn(compoundId: string, personId: string, trx: Db = db): Promise<boolean> {
      const r = await trx
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .select('unit_owners.person_id')
        .where('units.compound_id', '=', compoundId)
        .where('unit_owners.person_id', '=', personId)
        .executeTakeFirst();
      return !!r;
    },

    /** Of these people, those who own a unit of this compound. */
    async ownersIn(compoundId: string, personIds: string[]): Promise<Set<string>> {
      if (!personIds.length) return new Set();
      const rows = await db
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .select('unit_owners.person_id')
        .where('units.compound_id', '=', compoundId)
        .where('unit_owners.person_id', 'in', personIds)
        .execute();
      return new Set(rows.map((r) => r.person_id));
    },

    /** Of these people, those who own a unit of a compound under one of the paths. */
    async ownersAmong(personIds: string[], paths: string[]): Promise<Set<string>> {
      if (!personIds.length || !paths.length) return new Set();
      const rows = await db
        .selectFrom('unit_owners')
        .innerJoin('units', 'units.id', 'unit_owners.unit_id')
        .innerJoin('nodes as c', 'c.id', 'units.compound_id')
        .select('unit_owners.person_id')
        .where('unit_owners.person_id', 'in', personIds)
        .where((eb) => eb.or(paths.map((p) => eb('c.path', 'like', `${p}%`))))
        .execute();
      return new Set(rows.map((r) => r.person_id));
    },

    branchOf(compoundId: string, trx: Db = db) {
      return trx.selectFrom('branches').selectAll().where('compound_id', '=', compoundId).executeTakeFirst();
    },
    committeeOf(compoundId: string, trx: Db = db) {
      return trx.selectFrom('committees').selectAll().where('compound_id', '=', compoundId).executeTakeFirst();
    },
    branchMembers(branchId: string) {
      return db
        .selectFrom('branch_members')
        .innerJoin('people', 'people.id', 'branch_members.person_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select([...memberCols, 'branch_members.joined_on'])
        .where('branch_members.branch_id', '=', branchId)
        .where('people.erased_at', 'is', null)
        .orderBy('b.name')
        .orderBy('units.door')
        .execute();
    },
    committeeMembers(committeeId: string) {
      return db
        .selectFrom('committee_members')
        .innerJoin('people', 'people.id', 'committee_members.person_id')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select([...memberCols, 'committee_members.position'])
        .where('committee_members.committee_id', '=', committeeId)
        .where('people.erased_at', 'is', null)
        .orderBy(sql`case committee_members.position when 'chair' then 0 when 'vice_chair' then 1 else 2 end`)
        .orderBy('people.name')
        .execute();
    },
    async upsertBranch(
      compoundId: string,
      v: { name: string; secretaryPersonId: string | null; foundedOn: string | null; demonstration: boolean },
      trx: Db,
    ) {
      const existing = await trx.selectFrom('branches').select('id').where('compound_id', '=', compoundId).executeTakeFirst();
      const set = {
        name: v.name,
        founded_on: v.foundedOn,
        demonstration: v.demonstration ? 1 : 0,
      };
      if (existing) {
        await trx.updateTable('branches').set(set).where('id', '=', existing.id).execute();
        return existing.id;
      }
      const id = newId();
      await trx
        .insertInto('branches')
        .values({ id, compound_id: compoundId, ...set, created_at: nowIso() })
        .execute();
      return id;
    },
    async upsertCommittee(
      compoundId: string,
      v: { name: string; chairPersonId: string | null; foundedOn: string | null; termStart: string; termEnd: string },
      trx: Db,
    ) {
      const existing = await trx.selectFrom('committees').select('id').where('compound_id', '=', compoundId).executeTakeFirst();
      const set = {
        name: v.name,
        chair_person_id: v.chairPersonId,
        founded_on: v.foundedOn,
        term_start: v.termStart,
        term_end: v.termEnd,
      };
      if (existing) {
        await trx.updateTable('committees').set(set).where('id', '=', existing.id).execute();
        return existing.id;
      }
      const id = newId();
      await trx
        .insertInto('committees')
        .values({ id, compound_id: compoundId, ...set, created_at: nowIso() })
        .execute();
      return id;
    },
    async addBranchMember(branchId: string, personId: string, joinedOn: string | null, trx: Db) {
      await trx
        .insertInto('branch_members')
        .values({ branch_id: branchId, person_id: personId, joined_on: joinedOn })
        .onConflict((oc) => oc.columns(['branch_id', 'person_id']).doNothing())
        .execute();
    },
    async removeBranchMember(branchId: string, personId: string, trx: Db) {
      const r = await trx
        .deleteFrom('branch_members')
        .where('branch_id', '=', branchId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setCommitteeMember(committeeId: string, personId: string, position: 'chair' | 'vice_chair' | 'member', trx: Db) {
      await trx
        .insertInto('committee_members')
        .values({ committee_id: committeeId, person_id: personId, position })
        .onConflict((oc) => oc.columns(['committee_id', 'person_id']).doUpdateSet({ position }))
        .execute();
    },
    async removeCommitteeMember(committeeId: string, personId: string, trx: Db) {
      const r = await trx
        .deleteFrom('committee_members')
        .where('committee_id', '=', committeeId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /** What a person belongs to, for the person page. */
    async membershipsOf(personId: string) {
      const [b, c] = await Promise.all([
        db
          .selectFrom('branch_members')
          .innerJoin('branches', 'branches.id', 'branch_members.branch_id')
          .select(['branches.id', 'branches.name', 'branches.compound_id', 'branch_members.joined_on'])
          .where('branch_members.person_id', '=', personId)
          .executeTakeFirst(),
        db
          .selectFrom('committee_members')
          .innerJoin('committees', 'committees.id', 'committee_members.committee_id')
          .select(['committees.id', 'committees.name', 'committee_members.position'])
          .where('committee_members.person_id', '=', personId)
          .executeTakeFirst(),
      ]);
      const secretary = b ? await this.secretaryOf(b.compound_id) : undefined;
      return {
        branch: b ? { id: b.id, name: b.name, secretary: secretary?.id === personId, joinedOn: b.joined_on } : null,
        committee: c ? { id: c.id, name: c.name, position: c.position } : null,
      };
    },
    /** Branches and demonstration sites under a subtree (the district's 10 and 4). */
    async branchCounts(path: string) {
      const r = await db
        .selectFrom('branches')
        .innerJoin('nodes', 'nodes.id', 'branches.compound_id')
        .select([sql<number>`count(*)`.as('branches'), sql<number>`coalesce(sum(branches.demonstration), 0)`.as('demonstration')])
        .where('nodes.path', 'like', `${path}%`)
        .executeTakeFirstOrThrow();
      return { branches: Number(r.branches), demonstrationSites: Number(r.demonstration) };
    },
  };
}

export type OrgRepository = ReturnType<typeof createOrgRepository>;
