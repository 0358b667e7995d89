import { notFound } from '../../lib/errors';
import { type AuthContext, actorOf, reaches, scopePaths } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { ORDER_STAFF, VOLUNTEER } from './orders.policy';
import type { OrderSummaryRow, OrdersRepository } from './orders.repository';
import type { OrderService } from './orders.service';
import { type OrderDetail, type OrderSummary, toSummary } from './orders.views';

/** The read side: lists for each kind of viewer, the detail with its timeline, the audited contact. */
export function createOrderReader(deps: {
  repo: OrdersRepository;
  audit: Pick<AuditRepository, 'append'>;
  service: Pick<OrderService, 'loadVisible'>;
}) {
  const { repo, audit, service } = deps;

  async function summaries(
    rows: OrderSummaryRow[],
    viewer: string,
    fullName: (o: OrderSummaryRow) => boolean,
  ): Promise<OrderSummary[]> {
    const people = new Set<string>();
    const nodes = new Set<string>();
    for (const o of rows) {
      people.add(o.resident_person_id);
      if (o.volunteer_person_id) people.add(o.volunteer_person_id);
      if (o.dispatched_to_person_id) people.add(o.dispatched_to_person_id);
      if (o.building_id) nodes.add(o.building_id);
    }
    const [p, n] = await Promise.all([repo.names([...people]), repo.nodeNames([...nodes])]);
    const names = { people: new Map(p.map((x) => [x.id, x.name])), nodes: new Map(n.map((x) => [x.id, x.name])) };
    return rows.map((o) => toSummary(o, names, viewer, fullName(o)));
  }

  return {
    /** Open orders in the volunteer's reach (masked names; no phone or door). */
    async open(auth: AuthContext) {
      const paths = scopePaths(auth, VOLUNTEER);
      if (!paths.length) return [];
      return summaries(await repo.listOpen(paths, auth.personId), auth.personId, () => false);
    },

    async held(auth: AuthContext) {
      return summaries(await repo.listHeldBy(auth.personId), auth.personId, () => true);
    },

    async mine(auth: AuthContext) {
      const subject = actorOf(auth).subjectPersonId;
      return summaries(await repo.listForResident(subject), auth.personId, () => true);
    },

    async board(auth: AuthContext) {
      const paths = scopePaths(auth, ORDER_STAFF);
      if (!paths.length) return [];
      return summaries(await repo.listBoard(paths), auth.personId, () => true);
    },

    async detail(auth: AuthContext, id: string): Promise<OrderDetail> {
      const { o, rel, can } = await service.loadVisible(auth, id);
      const full = rel.some((r) => r !== 'open' && r !== 'dispatched');
      const [summary] = await summaries([o], auth.personId, () => full);
      const [events, photoId] = await Promise.all([repo.events(id), repo.photoOf(id)]);
      if (!summary) throw notFound('order');
      return {
        ...summary,
        minutes: o.minutes,
        doneNote: o.done_note,
        hasPhoto: photoId !== undefined,
        rating: o.rating,
        ratingComment: o.rating_comment,
        cancelReason: o.cancel_reason,
        can,
        timeline: events.map((e) => ({
          at: e.at,
          action: e.action,
          toStatus: e.to_status,
          actorName: full ? e.actor_name : null,
          channel: e.channel,
          onBehalf: e.on_behalf_of !== null,
          note: e.action === 'dispatched' ? null : e.note,
        })),
      };
    },

    /** Full phone and door, for the holder (once the order is theirs), staff and the resident; audited. */
    async contact(auth: AuthContext, id: string) {
      const { o, can } = await service.loadVisible(auth, id);
      if (!can.includes('contact')) throw notFound('order');
      const c = await repo.contactOf(o.resident_person_id);
      if (!c) throw notFound('person');
      const actor = actorOf(auth);
      await audit.append({
        actorAccountId: actor.actorAccountId,
        onBehalfOf: actor.onBehalfOf,
        channel: actor.channel,
        action: 'order.contact_read',
        targetType: 'person',
        targetId: o.resident_person_id,
        nodeId: o.compound_id,
        details: { orderId: o.id },
      });
      const address = c.building && c.door ? `${c.building}${c.stairwell ? `${c.stairwell}单元` : ''}${c.door}` : null;
      return { name: c.name, phone: c.phone, address };
    },

    /** The upload id of the order's photo, for whoever may see the order. */
    async photo(auth: AuthContext, id: string): Promise<string> {
      await service.loadVisible(auth, id);
      const photoId = await repo.photoOf(id);
      if (!photoId) throw notFound('photo');
      return photoId;
    },

    /** Counts for a compound the caller belongs to: "志愿者近百人，服务700余次". */
    async stats(auth: AuthContext, compoundId: string) {
      const node = await repo.nodeById(compoundId);
      if (node?.kind !== 'compound') throw notFound('compound');
      const inside = auth.grants.some((g) => node.path.startsWith(g.path) || g.path.startsWith(node.path));
      if (!inside) throw notFound('compound');
      return { compoundId, compoundName: node.name, ...(await repo.stats(compoundId, node.path)) };
    },

    /** The compound a caller's pages default to: the first compound their grants reach or sit in. */
    async homeCompound(auth: AuthContext) {
      const home = await repo.homeOf(actorOf(auth).subjectPersonId);
      if (home?.compoundId) return home.compoundId;
      for (const g of auth.grants) {
        const n = await repo.nodeById(g.nodeId);
        if (n?.kind === 'compound') return n.id;
      }
      return null;
    },

    async volunteers(auth: AuthContext, compoundId: string) {
      const node = await repo.nodeById(compoundId);
      if (!node || !reaches(auth, node.path, ORDER_STAFF)) throw notFound('compound');
      return repo.volunteersReaching(node.path);
    },
  };
}

export type OrderReader = ReturnType<typeof createOrderReader>;
