import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { BudgetBallotsTable, BudgetProposalsTable, BudgetsTable } from './budgets.tables';

type Db = Kysely<DB> | Transaction<DB>;

/** All SQL of the 自治金 module. */
export function createBudgetsRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  const budgetWithNode = (q: Db) =>
    q
      .selectFrom('budgets')
      .innerJoin('nodes', 'nodes.id', 'budgets.node_id')
      .selectAll('budgets')
      .select(['nodes.path as node_path', 'nodes.name as node_name', 'nodes.kind as node_kind']);

  return {
    transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },

    findNode(id: string) {
      return db.selectFrom('nodes').select(['id', 'kind', 'path', 'name']).where('id', '=', id).executeTakeFirst();
    },

    findBudget(id: string, q: Db = db) {
      return budgetWithNode(q).where('budgets.id', '=', id).executeTakeFirst();
    },

    /**
     * Reads the budget row and, on PostgreSQL, holds a share lock until the transaction ends:
     * closing takes the exclusive lock, so a ballot either commits before the close reads the
     * ballots or sees the budget closed. SQLite runs one write transaction at a time anyway.
     */
    async lockBudget(trx: Transaction<DB>, id: string): Promise<BudgetsTable | undefined> {
      const q = trx.selectFrom('budgets').selectAll().where('id', '=', id);
      return (dialect === 'postgres' ? q.forShare() : q).executeTakeFirst();
    },

    /** Budgets at any of these exact paths (the caller's node and its ancestors) or under a prefix. */
    listBudgets(exactPaths: string[], prefixes: string[]) {
      if (exactPaths.length === 0 && prefixes.length === 0) return Promise.resolve([]);
      return budgetWithNode(db)
        .where((eb) =>
          eb.or([
            ...(exactPaths.length ? [eb('nodes.path', 'in', exactPaths)] : []),
            ...prefixes.map((p) => eb('nodes.path', 'like', `${p}%`)),
          ]),
        )
        .orderBy('budgets.year', 'desc')
        .orderBy('budgets.created_at', 'desc')
        .execute();
    },

    /** Inserts the budget; false when the node already has one for that year. */
    async insertBudget(trx: Transaction<DB>, row: BudgetsTable): Promise<boolean> {
      const res = await trx
        .insertInto('budgets')
        .values(row)
        .onConflict((oc) => oc.columns(['node_id', 'year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return res?.id === row.id;
    },

    async setStatus(
      trx: Transaction<DB>,
      id: string,
      from: BudgetsTable['status'],
      set: Partial<BudgetsTable>,
    ): Promise<boolean> {
      const res = await trx.updateTable('budgets').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    proposals(budgetId: string, q: Db = db) {
      return q.selectFrom('budget_proposals').selectAll().where('budget_id', '=', budgetId).orderBy('seq').execute();
    },

    findProposal(budgetId: string, id: string) {
      return db
        .selectFrom('budget_proposals')
        .selectAll()
        .where('budget_id', '=', budgetId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async nextSeq(trx: Transaction<DB>, budgetId: string): Promise<number> {
      const r = await trx
        .selectFrom('budget_proposals')
        .select((eb) => eb.fn.max('seq').as('m'))
        .where('budget_id', '=', budgetId)
        .executeTakeFirst();
      return Number(r?.m ?? 0) + 1;
    },

    async insertProposal(trx: Transaction<DB>, row: BudgetProposalsTable): Promise<boolean> {
      const res = await trx
        .insertInto('budget_proposals')
        .values(row)
        .onConflict((oc) => oc.columns(['budget_id', 'seq']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return res?.id === row.id;
    },

    /** Records the feasibility check of a proposal still waiting for one; false otherwise. */
    async review(
      trx: Transaction<DB>,
      id: string,
      set: Pick<BudgetProposalsTable, 'status' | 'refusal_reason' | 'reviewed_by' | 'reviewed_at'>,
    ): Promise<boolean> {
      const res = await trx
        .updateTable('budget_proposals')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', 'submitted')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Photo upload ids of these proposals, in upload order. */
    async photos(proposalIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (!proposalIds.length) return out;
      const rows = await db
        .selectFrom('uploads')
        .select(['id', 'owner_id'])
        .where('owner_type', '=', 'budget_proposal')
        .where('owner_id', 'in', proposalIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const r of rows) if (r.owner_id) out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r.id]);
      return out;
    },

    async setProject(trx: Transaction<DB>, proposalId: string, projectId: string): Promise<void> {
      await trx.updateTable('budget_proposals').set({ project_id: projectId }).where('id', '=', proposalId).execute();
    },

    /** Inserts the household's one ballot; false when it already has one. */
    async insertBallot(trx: Transaction<DB>, row: BudgetBallotsTable): Promise<boolean> {
      const res = await trx
        .insertInto('budget_ballots')
        .values(row)
        .onConflict((oc) => oc.columns(['budget_id', 'unit_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return res?.id === row.id;
    },

    ballots(budgetId: string, q: Db = db) {
      return q
        .selectFrom('budget_ballots')
        .select(['choices', 'receipt_hash', 'channel'])
        .where('budget_id', '=', budgetId)
        .orderBy('receipt_hash')
        .execute();
    },

    async hasBallot(budgetId: string, unitId: string, q: Db = db): Promise<boolean> {
      const r = await q
        .selectFrom('budget_ballots')
        .select('id')
        .where('budget_id', '=', budgetId)
        .where('unit_id', '=', unitId)
        .executeTakeFirst();
      return !!r;
    },

    /** The unit a person lives in, with its compound's path (null when the registry has none). */
    householdOf(personId: string) {
      return db
        .selectFrom('people')
        .innerJoin('units', 'units.id', 'people.unit_id')
        .innerJoin('nodes', 'nodes.id', 'units.compound_id')
        .select(['units.id as unit_id', 'nodes.path as compound_path'])
        .where('people.id', '=', personId)
        .where('people.erased_at', 'is', null)
        .executeTakeFirst();
    },

    /** Every household (unit) under a node, with what its number is made of and its compound's name. */
    unitsUnder(nodePath: string) {
      return db
        .selectFrom('units')
        .innerJoin('nodes as c', 'c.id', 'units.compound_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select([
          'units.id',
          'units.stairwell',
          'units.door',
          'units.area_hundredths',
          'b.name as building',
          'c.name as compound_name',
        ])
        .where('c.path', 'like', `${nodePath}%`)
        .orderBy('c.path')
        .orderBy('units.id')
        .execute();
    },

    /** Households (units) under a node: the denominator of the turnout shown on the result. */
    async householdCount(nodePath: string, q: Db = db): Promise<number> {
      const r = await q
        .selectFrom('units')
        .innerJoin('nodes', 'nodes.id', 'units.compound_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('nodes.path', 'like', `${nodePath}%`)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}

export type BudgetsRepository = ReturnType<typeof createBudgetsRepository>;
