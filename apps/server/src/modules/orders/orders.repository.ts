import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import { affected, type Param, type Prepared, prepared, preparedInsert } from '../../lib/prepared';
import { ORDER_PHOTO_OWNER } from './orders.photos';
import type { OrderEventsTable, OrderSeriesTable, OrderStatus, OrdersTable } from './orders.tables';

type Q = Kysely<DB> | Transaction<DB>;

/** Default escalation limits when a compound has set none: 2 h urgent, 24 h normal. */
export const DEFAULT_LIMITS = { urgentLimitMinutes: 120, normalLimitMinutes: 24 * 60 };

const SUMMARY_COLUMNS = [
  'orders.id',
  'orders.compound_id',
  'orders.building_id',
  'orders.node_path',
  'orders.resident_person_id',
  'orders.category',
  'orders.description',
  'orders.window_start',
  'orders.window_end',
  'orders.urgency',
  'orders.status',
  'orders.volunteer_person_id',
  'orders.dispatched_to_person_id',
  'orders.escalated_at',
  'orders.series_id',
  'orders.created_at',
  'orders.updated_at',
] as const;

const ORDER_COLUMNS: ReadonlyArray<keyof OrdersTable> = [
  'id',
  'compound_id',
  'building_id',
  'node_path',
  'resident_person_id',
  'placed_by_account_id',
  'channel',
  'category',
  'description',
  'window_start',
  'window_end',
  'urgency',
  'status',
  'volunteer_person_id',
  'dispatched_to_person_id',
  'dispatched_at',
  'taken_at',
  'started_at',
  'done_at',
  'minutes',
  'done_note',
  'photo_mime',
  'photo_base64',
  'confirmed_at',
  'rating',
  'rating_comment',
  'cancelled_at',
  'cancel_reason',
  'escalated_at',
  'series_id',
  'series_date',
  'created_at',
  'updated_at',
];
const EVENT_COLUMNS: ReadonlyArray<keyof OrderEventsTable> = [
  'id',
  'order_id',
  'at',
  'action',
  'from_status',
  'to_status',
  'actor_account_id',
  'actor_person_id',
  'on_behalf_of',
  'channel',
  'note',
];

/** All SQL of the orders module. */
export function createOrdersRepository(db: Kysely<DB>) {
  // The statements of placing and taking an order, compiled once (lib/prepared.ts).
  const home = prepared(db, (p: Param<'id'>) =>
    db
      .selectFrom('people')
      .innerJoin('nodes as pn', 'pn.id', 'people.node_id')
      .leftJoin('units', 'units.id', 'people.unit_id')
      .leftJoin('nodes as b', 'b.id', 'units.building_id')
      .leftJoin('nodes as c', 'c.id', 'units.compound_id')
      .select([
        'people.id',
        'people.name',
        'pn.path as node_path',
        'units.building_id',
        'units.compound_id',
        'b.path as building_path',
        'c.path as compound_path',
      ])
      .where('people.id', '=', p('id'))
      .where('people.erased_at', 'is', null),
  );
  const insertOrder = preparedInsert(db, 'orders', ORDER_COLUMNS);
  const insertEvent = preparedInsert(db, 'order_events', EVENT_COLUMNS);
  const byId = prepared(db, (p: Param<'id'>) => db.selectFrom('orders').selectAll().where('id', '=', p('id')));
  /** Conditional updates by shape (which columns, how many from-states, which guards). */
  const transitions = new Map<string, Prepared<string, unknown>>();

  return {
    transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return db.transaction().execute(fn);
    },

    /**
     * Where a person lives: their unit's building and compound (one query on the hot path of
     * placing an order), else the compound above the node they belong to.
     */
    async homeOf(personId: string, q: Q = db) {
      const p = (await home.run(q, { id: personId })).rows[0];
      if (!p) return undefined;
      let compoundId = p.compound_id;
      let compoundPath = p.compound_path ?? undefined;
      if (!compoundId) {
        // No unit on record: the compound is the nearest ancestor of the person's node.
        const ids = p.node_path.split('/').filter(Boolean);
        const c = await q
          .selectFrom('nodes')
          .select(['id', 'path'])
          .where('id', 'in', ids)
          .where('kind', '=', 'compound')
          .executeTakeFirst();
        compoundId = c?.id ?? null;
        compoundPath = c?.path;
      }
      return {
        personId: p.id,
        name: p.name,
        personNodePath: p.node_path,
        compoundId,
        compoundPath,
        buildingId: p.building_id ?? null,
        nodePath: p.building_path ?? compoundPath,
      };
    },

    async insertOrder(row: Insertable<DB['orders']>, q: Q = db) {
      await insertOrder.run(q, row);
    },

    async insertEvent(e: Omit<OrderEventsTable, 'id' | 'at'> & { at?: string }, q: Q = db) {
      await insertEvent.run(q, { ...e, id: newId(), at: e.at ?? nowIso() });
    },

    /**
     * The one way an order changes state: a conditional update that succeeds only from the
     * expected states (and extra guards), so of racing requests exactly one wins.
     */
    async transition(
      id: string,
      from: readonly OrderStatus[],
      set: Updateable<OrdersTable>,
      guard: { volunteer?: string; dispatchableBy?: string } = {},
      q: Q = db,
    ): Promise<boolean> {
      const values: Record<string, unknown> = { ...set, updated_at: nowIso() };
      const columns = Object.keys(values);
      const shape = JSON.stringify([columns, from.length, !!guard.volunteer, !!guard.dispatchableBy]);
      let stmt = transitions.get(shape);
      if (!stmt) {
        stmt = prepared<string, unknown>(db, (p: Param<string>) => {
          let u = db
            .updateTable('orders')
            .set(Object.fromEntries(columns.map((c) => [c, p(`set:${c}`)])))
            .where('id', '=', p('id'))
            .where(
              'status',
              'in',
              from.map((_, i) => p(`from:${i}`)),
            );
          if (guard.volunteer) u = u.where('volunteer_person_id', '=', p('volunteer'));
          if (guard.dispatchableBy)
            u = u.where((eb) => eb.or([eb('dispatched_to_person_id', 'is', null), eb('dispatched_to_person_id', '=', p('by'))]));
          return u;
        });
        if (transitions.size < 100) transitions.set(shape, stmt);
      }
      const params: Record<string, unknown> = { id, volunteer: guard.volunteer, by: guard.dispatchableBy };
      for (const c of columns) params[`set:${c}`] = values[c];
      from.forEach((f, i) => {
        params[`from:${i}`] = f;
      });
      return affected(await stmt.run(q, params)) === 1;
    },

    async setFields(
      id: string,
      set: Updateable<OrdersTable>,
      where: { status: OrderStatus; dispatchedTo?: string | null },
      q: Q = db,
    ) {
      let u = q
        .updateTable('orders')
        .set({ ...set, updated_at: nowIso() })
        .where('id', '=', id)
        .where('status', '=', where.status);
      if (where.dispatchedTo !== undefined) {
        u =
          where.dispatchedTo === null
            ? u.where('dispatched_to_person_id', 'is', null)
            : u.where('dispatched_to_person_id', '=', where.dispatchedTo);
      }
      const r = await u.executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** The upload id of the photo reported with an order, if any (lib/uploads.ts). */
    async photoOf(orderId: string): Promise<string | undefined> {
      const r = await db
        .selectFrom('uploads')
        .select('id')
        .where('owner_type', '=', ORDER_PHOTO_OWNER)
        .where('owner_id', '=', orderId)
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return r?.id;
    },

    async findById(id: string, q: Q = db): Promise<OrdersTable | undefined> {
      return (await byId.run(q, { id })).rows[0];
    },

    /** Open orders a volunteer may take: placed, in their reach, not reserved for someone else. */
    listOpen(paths: string[], personId: string, limit = 100) {
      return db
        .selectFrom('orders')
        .select(SUMMARY_COLUMNS)
        .where('status', '=', 'placed')
        .where((eb) => eb.or(paths.map((p) => eb('node_path', 'like', `${p}%`))))
        .where((eb) => eb.or([eb('dispatched_to_person_id', 'is', null), eb('dispatched_to_person_id', '=', personId)]))
        .orderBy('urgency', 'desc')
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    listHeldBy(personId: string, limit = 100) {
      return db
        .selectFrom('orders')
        .select(SUMMARY_COLUMNS)
        .where('volunteer_person_id', '=', personId)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute();
    },

    listForResident(personId: string, limit = 50) {
      return db
        .selectFrom('orders')
        .select(SUMMARY_COLUMNS)
        .where('resident_person_id', '=', personId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    /** The dispatch board: what is waiting or under way in the staff member's subtree. */
    listBoard(paths: string[], limit = 200) {
      return db
        .selectFrom('orders')
        .select(SUMMARY_COLUMNS)
        .where('status', 'in', ['placed', 'taken', 'in_service', 'done'])
        .where((eb) => eb.or(paths.map((p) => eb('node_path', 'like', `${p}%`))))
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    events(orderId: string) {
      return db
        .selectFrom('order_events')
        .leftJoin('people', 'people.id', 'order_events.actor_person_id')
        .select([
          'order_events.id',
          'order_events.at',
          'order_events.action',
          'order_events.from_status',
          'order_events.to_status',
          'order_events.channel',
          'order_events.on_behalf_of',
          'order_events.note',
          'people.name as actor_name',
        ])
        .where('order_events.order_id', '=', orderId)
        .orderBy('order_events.at')
        .orderBy('order_events.id')
        .execute();
    },

    names(ids: string[]) {
      if (!ids.length) return Promise.resolve([] as Array<{ id: string; name: string }>);
      return db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
    },

    nodeNames(ids: string[]) {
      if (!ids.length) return Promise.resolve([] as Array<{ id: string; name: string }>);
      return db.selectFrom('nodes').select(['id', 'name']).where('id', 'in', ids).execute();
    },

    /** Phone and door of the order's resident (shown to the holder; the caller audits it). */
    contactOf(personId: string) {
      return db
        .selectFrom('people')
        .leftJoin('units', 'units.id', 'people.unit_id')
        .leftJoin('nodes as b', 'b.id', 'units.building_id')
        .select(['people.name', 'people.phone', 'units.stairwell', 'units.door', 'b.name as building'])
        .where('people.id', '=', personId)
        .executeTakeFirst();
    },

    nodeById(id: string) {
      return db.selectFrom('nodes').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst();
    },

    async settings(compoundId: string) {
      const s = await db.selectFrom('order_settings').selectAll().where('compound_id', '=', compoundId).executeTakeFirst();
      return s
        ? { urgentLimitMinutes: s.urgent_limit_minutes, normalLimitMinutes: s.normal_limit_minutes }
        : { ...DEFAULT_LIMITS };
    },

    async allSettings() {
      const rows = await db.selectFrom('order_settings').selectAll().execute();
      return new Map(
        rows.map((r) => [
          r.compound_id,
          { urgentLimitMinutes: r.urgent_limit_minutes, normalLimitMinutes: r.normal_limit_minutes },
        ]),
      );
    },

    async saveSettings(compoundId: string, s: { urgentLimitMinutes: number; normalLimitMinutes: number }, q: Q = db) {
      const values = {
        urgent_limit_minutes: s.urgentLimitMinutes,
        normal_limit_minutes: s.normalLimitMinutes,
        updated_at: nowIso(),
      };
      await q
        .insertInto('order_settings')
        .values({ compound_id: compoundId, ...values })
        .onConflict((oc) => oc.column('compound_id').doUpdateSet(values))
        .execute();
    },

    /** Placed orders never escalated yet: the escalation job checks their age against the limits. */
    escalationCandidates(limit = 500) {
      return db
        .selectFrom('orders')
        .select(['id', 'compound_id', 'urgency', 'created_at', 'category', 'node_path'])
        .where('status', '=', 'placed')
        .where('escalated_at', 'is', null)
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    /** Orders the branch secretary was told of and that are still untaken: the ladder's last step. */
    workerEscalationCandidates(limit = 500) {
      return db
        .selectFrom('orders')
        .select(['id', 'compound_id', 'urgency', 'created_at', 'escalated_at', 'category', 'node_path'])
        .where('status', '=', 'placed')
        .where('escalated_at', 'is not', null)
        .where('escalated_worker_at', 'is', null)
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    /** Marks the community worker told, once (the same race rule as markEscalated). */
    async markWorkerEscalated(id: string, at: string, q: Q = db): Promise<boolean> {
      const r = await q
        .updateTable('orders')
        .set({ escalated_worker_at: at })
        .where('id', '=', id)
        .where('status', '=', 'placed')
        .where('escalated_worker_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** A person's name (for "黄园已接单"). */
    async personName(id: string): Promise<string | null> {
      const p = await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst();
      return p?.name ?? null;
    },

    /** Marks escalated once: of two job runs racing, one sends the notification. */
    async markEscalated(id: string, q: Q = db, at: string = nowIso()): Promise<boolean> {
      const r = await q
        .updateTable('orders')
        .set({ escalated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'placed')
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** People holding one of the roles at a node whose subtree contains `path` (and not above `floorKind`). */
    async roleHoldersReaching(path: string, roles: string[]) {
      const ids = path.split('/').filter(Boolean);
      const rows = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .select(['accounts.person_id', 'role_grants.role'])
        .where('role_grants.node_id', 'in', ids)
        .where('role_grants.role', 'in', roles)
        .where('role_grants.revoked_at', 'is', null)
        .where('accounts.disabled', '=', 0)
        .execute();
      return rows;
    },

    /** Volunteers with an account whose grant reaches the compound (for the dispatch list). */
    async volunteersReaching(compoundPath: string) {
      const ancestors = compoundPath.split('/').filter(Boolean);
      return db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .innerJoin('people', 'people.id', 'accounts.person_id')
        .select(['people.id', 'people.name'])
        .distinct()
        .where('role_grants.role', '=', 'volunteer')
        .where('role_grants.revoked_at', 'is', null)
        .where('accounts.disabled', '=', 0)
        .where((eb) => eb.or([eb('role_grants.node_id', 'in', ancestors), eb('nodes.path', 'like', `${compoundPath}%`)]))
        .orderBy('people.name')
        .limit(500)
        .execute();
    },

    /** Grant paths of a person's volunteer role (to check a dispatched volunteer reaches the order). */
    volunteerGrantPaths(personId: string) {
      return db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select('nodes.path')
        .where('accounts.person_id', '=', personId)
        .where('role_grants.role', '=', 'volunteer')
        .where('role_grants.revoked_at', 'is', null)
        .execute();
    },

    /** Counts for a compound: volunteers (tagged 志愿者 or holding the role there) and confirmed services. */
    async stats(compoundId: string, compoundPath: string) {
      const tagged = await db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select('people.id')
        .where('nodes.path', 'like', `${compoundPath}%`)
        .where('people.tags', 'like', '%"志愿者"%')
        .where('people.erased_at', 'is', null)
        .execute();
      const granted = await db
        .selectFrom('role_grants')
        .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select('accounts.person_id as id')
        .where('role_grants.role', '=', 'volunteer')
        .where('role_grants.revoked_at', 'is', null)
        .where('nodes.path', 'like', `${compoundPath}%`)
        .execute();
      const volunteers = new Set([...tagged, ...granted].map((r) => r.id)).size;
      const services = await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('compound_id', '=', compoundId)
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow();
      const minutes = await db
        .selectFrom('volunteer_hours')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('minutes'), eb.lit(0)).as('m'))
        .where('compound_id', '=', compoundId)
        .executeTakeFirstOrThrow();
      return { volunteers, services: Number(services.n), minutes: Number(minutes.m) };
    },

    insertSeries(row: OrderSeriesTable, q: Q = db) {
      return q.insertInto('order_series').values(row).execute();
    },

    activeSeries() {
      return db.selectFrom('order_series').selectAll().where('active', '=', 1).execute();
    },

    seriesFor(personId: string) {
      return db
        .selectFrom('order_series')
        .selectAll()
        .where('resident_person_id', '=', personId)
        .where('active', '=', 1)
        .execute();
    },

    async stopSeries(id: string) {
      const r = await db
        .updateTable('order_series')
        .set({ active: 0 })
        .where('id', '=', id)
        .where('active', '=', 1)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    seriesById(id: string) {
      return db.selectFrom('order_series').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Inserts a generated order unless that series already has one on that date (unique index). */
    async insertSeriesOrder(row: Insertable<DB['orders']>, q: Q = db): Promise<boolean> {
      const r = await q
        .insertInto('orders')
        .values(row)
        .onConflict((oc) => oc.columns(['series_id', 'series_date']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async setSeriesGenerated(id: string, until: string) {
      await db.updateTable('order_series').set({ generated_until: until }).where('id', '=', id).execute();
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
export type OrderSummaryRow = Awaited<ReturnType<OrdersRepository['listOpen']>>[number];
