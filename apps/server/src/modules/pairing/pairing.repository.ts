import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { PairingsTable, PairingVisitsTable } from './pairing.tables';

type Q = Kysely<DB> | Transaction<DB>;

const PAIR_COLUMNS = [
  'pairings.id',
  'pairings.compound_id',
  'pairings.volunteer_id',
  'pairings.resident_id',
  'pairings.cadence_days',
  'pairings.starts_on',
  'pairings.ends_on',
  'pairings.status',
  'pairings.last_visit_on',
  'pairings.next_due_on',
  'pairings.created_at',
  'v.name as volunteer_name',
  'r.name as resident_name',
  'r.tags as resident_tags',
  'r.birth_year as resident_birth_year',
  'n.path as compound_path',
  'n.name as compound_name',
] as const;

/** A visit is only due while the pair lasts: a due date after the planned end is no due date. */
function noVisitAfterEnd(eb: ExpressionBuilder<DB & { n: DB['nodes'] }, 'pairings'>) {
  return eb.or([eb('pairings.ends_on', 'is', null), eb('pairings.next_due_on', '<=', eb.ref('pairings.ends_on'))]);
}

/** Pairings (结对帮扶) and their visit log. All SQL of the pairing module lives here. */
export function createPairingRepository(db: Kysely<DB>) {
  function pairs(q: Q = db) {
    return q
      .selectFrom('pairings')
      .innerJoin('people as v', 'v.id', 'pairings.volunteer_id')
      .innerJoin('people as r', 'r.id', 'pairings.resident_id')
      .innerJoin('nodes as n', 'n.id', 'pairings.compound_id')
      .select(PAIR_COLUMNS);
  }

  return {
    find(id: string, q: Q = db) {
      return pairs(q).where('pairings.id', '=', id).executeTakeFirst();
    },

    /** The active pair of this volunteer and resident, if any (a pair is not made twice). */
    findActive(volunteerId: string, residentId: string, q: Q = db) {
      return q
        .selectFrom('pairings')
        .select('id')
        .where('volunteer_id', '=', volunteerId)
        .where('resident_id', '=', residentId)
        .where('status', '=', 'active')
        .executeTakeFirst();
    },

    async insert(row: Omit<PairingsTable, 'id' | 'created_at' | 'reminded_for' | 'status' | 'last_visit_on'>, q: Q = db) {
      const id = newId();
      await q
        .insertInto('pairings')
        .values({ ...row, id, status: 'active', last_visit_on: null, reminded_for: null, created_at: nowIso() })
        .execute();
      return id;
    },

    /** Ends an active pair; false when it was not active (ended already, or by someone else just now). */
    async end(id: string, endsOn: string, q: Q = db) {
      const r = await q
        .updateTable('pairings')
        .set({ status: 'ended', ends_on: endsOn })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /**
     * Sets a new cadence, end date and due date, only if the pair is still active with the last
     * visit and cadence the caller computed from; false otherwise (a visit landed meanwhile: read
     * again and recompute).
     */
    async reschedule(
      id: string,
      set: Pick<PairingsTable, 'cadence_days' | 'ends_on' | 'next_due_on'>,
      seen: { lastVisitOn: string | null; cadenceDays: number },
      q: Q = db,
    ) {
      const r = await q
        .updateTable('pairings')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .where('cadence_days', '=', seen.cadenceDays)
        .where((eb) => (seen.lastVisitOn === null ? eb('last_visit_on', 'is', null) : eb('last_visit_on', '=', seen.lastVisitOn)))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Active pairs whose planned last day is before `today` (the reminder job ends them). */
    pastEnd(today: string, limit = 500) {
      return pairs()
        .where('pairings.status', '=', 'active')
        .where('pairings.ends_on', 'is not', null)
        .where('pairings.ends_on', '<', today)
        .limit(limit)
        .execute();
    },

    listForVolunteer(personId: string, status: 'active' | 'ended' = 'active') {
      return pairs()
        .where('pairings.volunteer_id', '=', personId)
        .where('pairings.status', '=', status)
        .orderBy('pairings.next_due_on')
        .execute();
    },

    /** Active pairs under a subtree; `dueBy` keeps only those whose next visit is due on or before it. */
    listUnder(path: string, filter: { dueBy?: string } = {}) {
      let q = pairs()
        .where('n.path', 'like', `${path}%`)
        .where('pairings.status', '=', 'active')
        .orderBy('pairings.next_due_on')
        .orderBy('pairings.id');
      if (filter.dueBy) q = q.where('pairings.next_due_on', '<=', filter.dueBy).where(noVisitAfterEnd);
      return q.limit(500).execute();
    },

    visits(pairingId: string, limit = 100) {
      return db
        .selectFrom('pairing_visits')
        .selectAll()
        .where('pairing_id', '=', pairingId)
        .orderBy('visited_on', 'desc')
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    async insertVisit(row: Omit<PairingVisitsTable, 'id' | 'created_at'>, q: Q = db) {
      const id = newId();
      await q
        .insertInto('pairing_visits')
        .values({ ...row, id, created_at: nowIso() })
        .execute();
      return id;
    },

    async setVisitOrder(visitId: string, orderId: string, q: Q = db) {
      await q.updateTable('pairing_visits').set({ order_id: orderId }).where('id', '=', visitId).execute();
    },

    /**
     * Moves the pair's last visit forward (never back: a late entry of an older visit leaves the
     * due date alone), with the due date computed from `cadenceDays`. Conditional, so concurrent
     * visits settle on the latest date; false when nothing moved (a later visit is recorded, or
     * the cadence changed meanwhile: read again).
     */
    async advance(pairingId: string, visitedOn: string, nextDueOn: string, cadenceDays: number, q: Q = db) {
      const r = await q
        .updateTable('pairings')
        .set({ last_visit_on: visitedOn, next_due_on: nextDueOn })
        .where('id', '=', pairingId)
        .where('cadence_days', '=', cadenceDays)
        .where((eb) => eb.or([eb('last_visit_on', 'is', null), eb('last_visit_on', '<', visitedOn)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Active pairs due on or before `today` whose volunteer has not been reminded for this due date. */
    dueForReminder(today: string, limit = 500) {
      return pairs()
        .where('pairings.status', '=', 'active')
        .where('pairings.next_due_on', '<=', today)
        .where(noVisitAfterEnd)
        .where((eb) =>
          eb.or([eb('pairings.reminded_for', 'is', null), eb('pairings.reminded_for', '!=', eb.ref('pairings.next_due_on'))]),
        )
        .limit(limit)
        .execute();
    },

    /** Active pairs whose visit was due on or before `cutoff` and not yet reported overdue for that date. */
    overdueForReport(cutoff: string, limit = 500) {
      return pairs()
        .where('pairings.status', '=', 'active')
        .where('pairings.next_due_on', '<=', cutoff)
        .where(noVisitAfterEnd)
        .where((eb) =>
          eb.or([
            eb('pairings.overdue_reported_for', 'is', null),
            eb('pairings.overdue_reported_for', '!=', eb.ref('pairings.next_due_on')),
          ]),
        )
        .limit(limit)
        .execute();
    },

    /** Marks the overdue report sent for a due date; one of several instances wins. */
    async markOverdueReported(pairingId: string, dueOn: string) {
      const r = await db
        .updateTable('pairings')
        .set({ overdue_reported_for: dueOn })
        .where('id', '=', pairingId)
        .where('next_due_on', '=', dueOn)
        .where((eb) => eb.or([eb('overdue_reported_for', 'is', null), eb('overdue_reported_for', '!=', dueOn)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Marks the reminder sent; exactly one of several instances wins for a due date. */
    async markReminded(pairingId: string, dueOn: string) {
      const r = await db
        .updateTable('pairings')
        .set({ reminded_for: dueOn })
        .where('id', '=', pairingId)
        .where('next_due_on', '=', dueOn)
        .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '!=', dueOn)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** People holding a role at the compound or above it (e.g. the branch secretary). */
    async roleHolders(compoundPath: string, roles: string[]) {
      const ids = compoundPath.split('/').filter(Boolean);
      const rows = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select('accounts.person_id')
        .where('role_grants.node_id', 'in', ids)
        .where('role_grants.role', 'in', roles)
        .where('role_grants.revoked_at', 'is', null)
        .where('accounts.disabled', '=', 0)
        .execute();
      return [...new Set(rows.map((r) => r.person_id))];
    },
  };
}

export type PairingRepository = ReturnType<typeof createPairingRepository>;
export type PairRow = NonNullable<Awaited<ReturnType<PairingRepository['find']>>>;
