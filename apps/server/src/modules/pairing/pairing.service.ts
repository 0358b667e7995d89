import type { VisitInput } from '@lianxin/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import type { AuthContext } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { HoursRepository } from '../hours/hours.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import { addDays, todayInChina } from '../volunteers/dates';
import { isStaffOver } from '../volunteers/scope';
import type { VolunteersRepository } from '../volunteers/volunteers.repository';
import type { PairingRepository, PairRow } from './pairing.repository';

/** What the orders module is asked for when a visit raises a help order (派单 follows there). */
export interface VisitOrderRequest {
  residentId: string;
  category: string;
  description: string;
  urgency: 'normal' | 'urgent';
  /** The volunteer (or staff) raising it, and the visit it comes from. */
  auth: AuthContext;
  visitId: string;
}

/** Places a help order inside the visit's transaction; returns the new order's id. */
export type PlaceVisitOrder = (req: VisitOrderRequest, trx: Transaction<DB>) => Promise<string>;

export interface PairingDeps {
  db: Kysely<DB>;
  pairing: PairingRepository;
  volunteers: Pick<VolunteersRepository, 'find'>;
  hours: Pick<HoursRepository, 'credit'>;
  notifications: Pick<NotificationsRepository, 'notify'>;
  audit: Pick<AuditRepository, 'append'>;
  placeOrder: PlaceVisitOrder;
  clock?: () => Date;
}

/** The organiser written on hours from pairings: the compound's branch (谁组织谁记录). */
export function branchOf(compoundName: string): string {
  return `${compoundName}党支部`;
}

/** Visits and pairs: logging a visit credits hours, alerts on "urgent", and can raise an order. */
export function createPairingService(deps: PairingDeps) {
  const today = () => todayInChina(deps.clock?.() ?? new Date());

  /** The pair, if the caller is its volunteer or staff over its compound; else 404. */
  async function loadVisible(auth: AuthContext, pairingId: string): Promise<PairRow> {
    const p = await deps.pairing.find(pairingId);
    if (!p) throw notFound('pairing');
    if (p.volunteer_id === auth.personId || isStaffOver(auth, p.compound_path)) return p;
    throw notFound('pairing');
  }

  return {
    loadVisible,

    async logVisit(auth: AuthContext, pairingId: string, input: VisitInput) {
      const p = await loadVisible(auth, pairingId);
      if (p.status !== 'active') throw new AppError('INVALID_TRANSITION');
      if (input.visitedOn > today()) throw fieldError('visitedOn', 'in_future');
      if (input.visitedOn < p.starts_on) throw fieldError('visitedOn', 'before_start');
      const profile = await deps.volunteers.find(p.volunteer_id);
      const result = await deps.db.transaction().execute(async (trx) => {
        const visitId = await deps.pairing.insertVisit(
          {
            pairing_id: p.id,
            visited_on: input.visitedOn,
            minutes: input.minutes,
            what: input.what,
            condition: input.condition,
            order_id: null,
            logged_by: auth.accountId,
          },
          trx,
        );
        await deps.pairing.advance(p.id, input.visitedOn, addDays(input.visitedOn, p.cadence_days), trx);
        await deps.hours.credit(
          {
            person_id: p.volunteer_id,
            compound_id: p.compound_id,
            source_type: 'visit',
            source_id: visitId,
            activity: `结对帮扶：${input.what}`,
            served_on: input.visitedOn,
            place: `${p.compound_name} · ${p.resident_name}家`,
            minutes: input.minutes,
            organiser: branchOf(p.compound_name),
            team: profile?.team ?? null,
          },
          trx,
        );
        let orderId: string | null = null;
        if (input.order) {
          orderId = await deps.placeOrder(
            {
              residentId: p.resident_id,
              category: input.order.category,
              description: input.order.description,
              urgency: input.order.urgency,
              auth,
              visitId,
            },
            trx,
          );
          await deps.pairing.setVisitOrder(visitId, orderId, trx);
        }
        await deps.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'pairing.visit_logged',
            targetType: 'pairing',
            targetId: p.id,
            nodeId: p.compound_id,
            details: { visitId, condition: input.condition, minutes: input.minutes, orderId },
          },
          trx,
        );
        return { visitId, orderId };
      });
      if (input.condition === 'urgent') {
        // At once, not in a digest: the secretary must hear today.
        const secretaries = await deps.pairing.roleHolders(p.compound_path, ['branch_secretary']);
        await deps.notifications.notify(secretaries, {
          kind: 'pairing.urgent',
          title: `紧急：${p.resident_name}需要帮助`,
          body: `${p.volunteer_name}于${input.visitedOn}探访${p.resident_name}：${input.what}`,
          link: `/pairing/${p.id}`,
        });
      }
      return result;
    },

    /** Reminds each volunteer whose pair is due (once per due date); returns how many were sent. */
    async remindDue(): Promise<number> {
      const due = await deps.pairing.dueForReminder(today());
      let sent = 0;
      for (const p of due) {
        if (!(await deps.pairing.markReminded(p.id, p.next_due_on))) continue;
        await deps.notifications.notify([p.volunteer_id], {
          kind: 'pairing.due',
          title: `该去看望${p.resident_name}了`,
          body: `上次探访：${p.last_visit_on ?? '尚无'}；应探访日期：${p.next_due_on}`,
          link: `/pairing/${p.id}`,
        });
        sent++;
      }
      return sent;
    },
  };
}

export type PairingService = ReturnType<typeof createPairingService>;
