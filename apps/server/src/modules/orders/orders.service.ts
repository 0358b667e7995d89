import { ORDER_CATEGORY_ZH, type OrderCategory, type PlaceOrderInput } from '@lianxin/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { claimImages } from '../../lib/uploads';
import { type AuthContext, actorOf, canActFor, reaches } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { HoursRepository } from '../hours/hours.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { ORDER_PHOTO_OWNER } from './orders.photos';
import { allowedActions, ORDER_STAFF, relationTo, VOLUNTEER } from './orders.policy';
import type { OrdersRepository } from './orders.repository';
import { type OrderStatus, type OrdersTable, placedOrder } from './orders.tables';

export interface OrderServiceDeps {
  repo: OrdersRepository;
  audit: Pick<AuditRepository, 'append'>;
  hours: Pick<HoursRepository, 'credit'>;
  notifications: Pick<NotificationsRepository, 'notify' | 'notifyIn'>;
  bus: Pick<Bus, 'publish'>;
  clock?: () => Date;
}

/**
 * Live channels the orders module publishes on (the live module streams them to open pages):
 * - `compound:<compoundId>:orders` — { type: 'order', orderId, status, action } for every change
 *   in the compound (volunteer lists, the dispatch board). No names, phones or doors.
 * - `person:<personId>` — the same event for the resident, the holder and a dispatched volunteer.
 */
export const compoundOrdersChannel = (compoundId: string) => `compound:${compoundId}:orders`;
export const personChannel = (personId: string) => `person:${personId}`;

/** Beijing calendar date (YYYY-MM-DD) of an instant: hours are credited on the local date. */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Placing orders and every state change of their life cycle. */
export function createOrderService(deps: OrderServiceDeps) {
  const { repo, audit, hours, notifications, bus } = deps;
  const clock = deps.clock ?? (() => new Date());

  async function publish(
    o: Pick<OrdersTable, 'id' | 'compound_id' | 'resident_person_id'>,
    status: OrderStatus,
    action: string,
    people: Array<string | null>,
  ) {
    const event = { type: 'order', orderId: o.id, status, action };
    await bus.publish(compoundOrdersChannel(o.compound_id), event);
    for (const p of new Set([o.resident_person_id, ...people])) if (p) await bus.publish(personChannel(p), event);
  }

  async function load(id: string) {
    const o = await repo.findById(id);
    if (!o) throw notFound('order');
    return o;
  }

  /** Loads the order and checks the caller relates to it; otherwise 404 (never reveal it exists). */
  async function loadVisible(auth: AuthContext, id: string) {
    const o = await load(id);
    const actor = actorOf(auth);
    const rel = relationTo(auth, actor.subjectPersonId, o);
    if (!rel.length) throw notFound('order');
    return { o, rel, actor, can: allowedActions(rel, o, auth.personId) };
  }

  /** Records the transition in the timeline and the audit chain, inside the same transaction. */
  async function record(
    trx: Transaction<DB>,
    auth: AuthContext,
    o: Pick<OrdersTable, 'id' | 'compound_id'>,
    action: string,
    from: OrderStatus | null,
    to: OrderStatus | null,
    note: string | null = null,
    /** When staff entered the order for a resident named in the body (not a proxy session). */
    proxy?: { onBehalfOf: string; channel: string },
  ) {
    const base = actorOf(auth);
    const actor = proxy ? { ...base, onBehalfOf: proxy.onBehalfOf, channel: proxy.channel } : base;
    await repo.insertEvent(
      {
        order_id: o.id,
        action,
        from_status: from,
        to_status: to,
        actor_account_id: actor.actorAccountId,
        actor_person_id: actor.actorPersonId,
        on_behalf_of: actor.onBehalfOf,
        channel: actor.channel,
        note,
      },
      trx,
    );
    await audit.append(
      {
        actorAccountId: actor.actorAccountId,
        onBehalfOf: actor.onBehalfOf,
        channel: actor.channel,
        action: `order.${action}`,
        targetType: 'order',
        targetId: o.id,
        nodeId: o.compound_id,
        details: from || to ? { from, to } : null,
      },
      trx,
    );
  }

  function refuse(o: OrdersTable, want: OrderStatus[]): never {
    if (want.includes('placed') && ['taken', 'in_service', 'done', 'confirmed'].includes(o.status))
      throw new AppError('ORDER_ALREADY_TAKEN');
    throw new AppError('INVALID_TRANSITION', { status: o.status });
  }

  return {
    /**
     * A resident places an order for themselves, or staff / a proxy volunteer for a resident.
     * `alsoInTransaction` runs inside the order's transaction (the idempotent answer is stored there).
     */
    async place(
      auth: AuthContext,
      input: PlaceOrderInput,
      alsoInTransaction?: (trx: Transaction<DB>, order: OrdersTable) => Promise<void>,
    ) {
      const actor = actorOf(auth);
      let subject = actor.subjectPersonId;
      let channel: string = actor.channel ?? 'self';
      if (input.forPersonId && input.forPersonId !== subject) {
        const home = await repo.homeOf(input.forPersonId);
        // Staff and proxy volunteers only, for residents of their subtree; anyone else: 404.
        if (!home || !(canActFor(auth, home.personNodePath) || reaches(auth, home.personNodePath, ORDER_STAFF)))
          throw notFound('person');
        subject = input.forPersonId;
        channel = input.channel && input.channel !== 'self' ? input.channel : 'phone_call';
      }
      const home = await repo.homeOf(subject);
      if (!home?.compoundId || !home.nodePath) throw new AppError('ORDER_NO_COMPOUND');
      const now = clock().toISOString();
      const row = placedOrder(
        {
          id: newId(),
          compound_id: home.compoundId,
          building_id: home.buildingId,
          node_path: home.nodePath,
          resident_person_id: subject,
          placed_by_account_id: actor.actorAccountId,
          channel,
          category: input.category,
          description: input.description ?? '',
          window_start: new Date(input.windowStart).toISOString(),
          window_end: new Date(input.windowEnd).toISOString(),
          urgency: input.urgency,
        },
        now,
      );
      const what = ORDER_CATEGORY_ZH[input.category as OrderCategory];
      // The ladder's first step: a push to every volunteer who can take it (push only: the SMS
      // steps are for the branch secretary and the community worker, later, in orders.jobs).
      const compound = await repo.nodeById(home.compoundId);
      const onDuty = (await repo.volunteersReaching(compound?.path ?? home.nodePath))
        .map((v) => v.id)
        .filter((id) => id !== subject);
      // The notification commits with the order (one transaction, one commit); the audit entry
      // goes last, so on PostgreSQL the chain's lock is held for as short a time as possible.
      const announce = await repo.transaction(async (trx) => {
        await repo.insertOrder(row, trx);
        const pushed = await notifications.notifyIn(trx, [subject], {
          kind: 'order.placed',
          title: `您的${what}求助已发出`,
          body: '志愿者接单后会通知您',
          link: `/orders/${row.id}`,
        });
        const alerted = await notifications.notifyIn(trx, onDuty, {
          kind: 'order.new',
          title: `${input.urgency === 'urgent' ? '急单' : '新求助'}：${what}`,
          body: input.description ? input.description.slice(0, 60) : '请打开连心桥接单',
          link: `/orders/${row.id}`,
          urgent: input.urgency === 'urgent',
          channels: ['push'],
        });
        await record(
          trx,
          auth,
          row,
          'placed',
          null,
          'placed',
          null,
          subject !== actor.actorPersonId ? { onBehalfOf: subject, channel } : undefined,
        );
        await alsoInTransaction?.(trx, row);
        // After the audit entry: the timeline reads placed, then alerted (ids sort by time).
        if (onDuty.length)
          await repo.insertEvent(
            {
              order_id: row.id,
              action: 'alerted',
              from_status: 'placed',
              to_status: 'placed',
              actor_account_id: null,
              actor_person_id: null,
              on_behalf_of: null,
              channel: 'system',
              note: `已推送给 ${onDuty.length} 位志愿者`,
            },
            trx,
          );
        return async () => {
          await pushed();
          await alerted();
        };
      });
      await announce();
      await publish(row, 'placed', 'placed', []);
      return row;
    },

    /** A volunteer takes an open order (or accepts one dispatched to them). Exactly one wins. */
    async take(auth: AuthContext, id: string) {
      const o = await load(id);
      const free = o.dispatched_to_person_id === null || o.dispatched_to_person_id === auth.personId;
      if (!reaches(auth, o.node_path, VOLUNTEER) && o.dispatched_to_person_id !== auth.personId) throw notFound('order');
      if (o.status !== 'placed') refuse(o, ['placed']);
      if (!free) throw new AppError('ORDER_ALREADY_TAKEN');
      const now = clock().toISOString();
      const volunteerName = await repo.personName(auth.personId);
      const won = await repo.transaction(async (trx) => {
        const ok = await repo.transition(
          id,
          ['placed'],
          { status: 'taken', volunteer_person_id: auth.personId, taken_at: now },
          { dispatchableBy: auth.personId },
          trx,
        );
        if (!ok) return null;
        const pushed = await notifications.notifyIn(trx, [o.resident_person_id], {
          kind: 'order.taken',
          title: `志愿者${volunteerName ?? ''}已接单：${ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category}`,
          body: '志愿者会按约定时间上门',
          link: `/orders/${id}`,
        });
        await record(trx, auth, o, o.dispatched_to_person_id === auth.personId ? 'accepted' : 'taken', 'placed', 'taken');
        return pushed;
      });
      if (!won) refuse((await repo.findById(id)) ?? o, ['placed']);
      await won();
      await publish(o, 'taken', 'taken', [auth.personId]);
      return { ...o, status: 'taken' as const, volunteer_person_id: auth.personId, taken_at: now };
    },

    /** The branch names a volunteer; the order waits for them to accept or decline. */
    async dispatch(auth: AuthContext, id: string, volunteerPersonId: string) {
      const o = await load(id);
      if (!reaches(auth, o.node_path, ORDER_STAFF)) throw notFound('order');
      const paths = await repo.volunteerGrantPaths(volunteerPersonId);
      const compound = await repo.nodeById(o.compound_id);
      const cp = compound?.path ?? o.node_path;
      if (!paths.some((p) => cp.startsWith(p.path) || p.path.startsWith(cp))) throw notFound('volunteer');
      if (o.status !== 'placed') refuse(o, ['placed']);
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.setFields(
          id,
          { dispatched_to_person_id: volunteerPersonId, dispatched_at: clock().toISOString() },
          { status: 'placed' },
          trx,
        );
        if (done) await record(trx, auth, o, 'dispatched', 'placed', 'placed', volunteerPersonId);
        return done;
      });
      if (!ok) refuse((await repo.findById(id)) ?? o, ['placed']);
      await notifications.notify([volunteerPersonId], {
        kind: 'order.dispatched',
        title: `支部派单给您：${ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category}`,
        body: '请接单或婉拒',
        link: `/orders/${id}`,
      });
      await publish(o, 'placed', 'dispatched', [volunteerPersonId]);
    },

    /** The named volunteer declines; the order is open to everyone again and the branch hears of it. */
    async decline(auth: AuthContext, id: string) {
      const o = await load(id);
      if (o.dispatched_to_person_id !== auth.personId) throw notFound('order');
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.setFields(
          id,
          { dispatched_to_person_id: null, dispatched_at: null },
          { status: 'placed', dispatchedTo: auth.personId },
          trx,
        );
        if (done) await record(trx, auth, o, 'declined', 'placed', 'placed');
        return done;
      });
      if (!ok) refuse((await repo.findById(id)) ?? o, ['placed']);
      const staff = await repo.roleHoldersReaching(o.node_path, ['branch_secretary']);
      await notifications.notify(
        staff.map((s) => s.person_id),
        { kind: 'order.declined', title: '志愿者婉拒了派单，请重新安排', link: `/orders/${id}` },
      );
      await publish(o, 'placed', 'declined', []);
    },

    async start(auth: AuthContext, id: string) {
      const o = await load(id);
      if (o.volunteer_person_id !== auth.personId) throw notFound('order');
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.transition(
          id,
          ['taken'],
          { status: 'in_service', started_at: clock().toISOString() },
          { volunteer: auth.personId },
          trx,
        );
        if (done) await record(trx, auth, o, 'started', 'taken', 'in_service');
        return done;
      });
      if (!ok) refuse((await repo.findById(id)) ?? o, ['taken']);
      await notifications.notify([o.resident_person_id], {
        kind: 'order.started',
        title: `志愿者已开始服务：${ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category}`,
        link: `/orders/${id}`,
      });
      await publish(o, 'in_service', 'started', [auth.personId]);
    },

    /** The volunteer reports the service done: minutes (travel excluded), a note, maybe a photo. */
    async done(auth: AuthContext, id: string, input: { minutes: number; note?: string; photoId?: string }) {
      const o = await load(id);
      if (o.volunteer_person_id !== auth.personId) throw notFound('order');
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.transition(
          id,
          ['in_service'],
          {
            status: 'done',
            done_at: clock().toISOString(),
            minutes: input.minutes,
            done_note: input.note ?? null,
          },
          { volunteer: auth.personId },
          trx,
        );
        if (!done) return false;
        // The photo was uploaded first (POST /api/v1/uploads, checked and re-encoded there); it
        // must be the volunteer's own, unattached, of this compound — else 400, nothing written.
        if (input.photoId) {
          await claimImages(
            trx,
            [input.photoId],
            {
              accountId: auth.accountId,
              nodeId: o.compound_id,
              ownerType: ORDER_PHOTO_OWNER,
              ownerId: id,
              visibility: 'private',
            },
            'photoId',
          );
        }
        await record(trx, auth, o, 'done', 'in_service', 'done', input.note ?? null);
        return true;
      });
      if (!ok) refuse((await repo.findById(id)) ?? o, ['in_service']);
      await notifications.notify([o.resident_person_id], {
        kind: 'order.done',
        title: '服务已完成，请确认并评价',
        link: `/orders/${id}`,
      });
      await publish(o, 'done', 'done', [auth.personId]);
    },

    /** The resident (or staff for them) confirms; the volunteer's hours are credited in the same transaction. */
    async confirm(auth: AuthContext, id: string, input: { rating: number; comment?: string }) {
      const { o, rel } = await loadVisible(auth, id);
      if (!rel.includes('resident') && !rel.includes('staff')) throw notFound('order');
      if (o.status !== 'done' || !o.volunteer_person_id || o.minutes === null || !o.done_at) refuse(o, ['done']);
      const volunteer = o.volunteer_person_id;
      const compound = await repo.nodeById(o.compound_id);
      const building = o.building_id ? await repo.nodeById(o.building_id) : undefined;
      const what = ORDER_CATEGORY_ZH[o.category as OrderCategory] ?? o.category;
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.transition(
          id,
          ['done'],
          {
            status: 'confirmed',
            confirmed_at: clock().toISOString(),
            rating: input.rating,
            rating_comment: input.comment ?? null,
          },
          {},
          trx,
        );
        if (!done) return false;
        await record(trx, auth, o, 'confirmed', 'done', 'confirmed', input.comment ?? null);
        await hours.credit(
          {
            person_id: volunteer,
            compound_id: o.compound_id,
            source_type: 'order',
            source_id: o.id,
            activity: `点单服务·${what}${o.description ? `：${o.description.slice(0, 40)}` : ''}`,
            served_on: beijingDate(o.done_at ?? o.updated_at),
            place: [compound?.name, building?.name].filter(Boolean).join(' '),
            minutes: o.minutes ?? 0,
            organiser: `${compound?.name ?? ''}党支部`,
            team: null,
          },
          trx,
        );
        return true;
      });
      if (!ok) refuse((await repo.findById(id)) ?? o, ['done']);
      await notifications.notify([volunteer], {
        kind: 'order.confirmed',
        title: `居民已确认您的${what}服务，记 ${o.minutes} 分钟`,
        body: `评价：${'★'.repeat(input.rating)}`,
        link: `/orders/${id}`,
      });
      await publish(o, 'confirmed', 'confirmed', [volunteer]);
    },

    /** Cancel before service starts, with a reason (resident or staff). */
    async cancel(auth: AuthContext, id: string, reason: string) {
      const { o, rel } = await loadVisible(auth, id);
      if (!rel.includes('resident') && !rel.includes('staff')) throw notFound('order');
      const ok = await repo.transaction(async (trx) => {
        const done = await repo.transition(
          id,
          ['placed', 'taken'],
          { status: 'cancelled', cancelled_at: clock().toISOString(), cancel_reason: reason },
          {},
          trx,
        );
        if (done) await record(trx, auth, o, 'cancelled', o.status, 'cancelled', reason);
        return done;
      });
      if (!ok) throw new AppError('INVALID_TRANSITION', { status: (await repo.findById(id))?.status ?? o.status });
      const others = [o.volunteer_person_id, o.dispatched_to_person_id].filter((p): p is string => !!p);
      const byResident = rel.includes('resident');
      if (others.length)
        await notifications.notify(others, {
          kind: 'order.cancelled',
          title: byResident ? '居民取消了订单' : '社区取消了订单',
          body: reason,
          link: `/orders/${id}`,
        });
      // Staff cancelled it for the resident: she hears of it too.
      if (!byResident)
        await notifications.notify([o.resident_person_id], {
          kind: 'order.cancelled',
          title: '您的求助已被社区取消',
          body: reason,
          link: `/orders/${id}`,
        });
      await publish(o, 'cancelled', 'cancelled', others);
    },

    loadVisible,
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
