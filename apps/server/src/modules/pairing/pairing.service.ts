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
/** Days past the due date after which the branch secretary is told of an overdue visit. */
export const OVERDUE_REPORT_DAYS = 7;

export function createPairingService(deps: PairingDeps) {
  const today = () => todayInChina(deps.clock?.() ?? new Date());

  /** The pair, if the caller is its volunteer or staff over its compound; else 404. */
  async function loadVisible(auth: AuthContext, pairingId: string): Promise<PairRow> {
    const p = await deps.pairing.find(pairingId);
    if (!p) throw notFound('pairing');
    if (p.volunteer_id === auth.personId || isStaffOver(auth, p.compound_path)) return p;
    throw notFound('pairing');
  }

  /** Ends the pairs whose planned last day has passed (run with the reminders, before them). */
  async function endPastTheirDate() {
    for (const p of await deps.pairing.pastEnd(today())) {
      await deps.db.transaction().execute(async (trx) => {
        if (!p.ends_on || !(await deps.pairing.end(p.id, p.ends_on, trx))) return;
        await deps.audit.append(
          {
            actorAccountId: null,
            action: 'pairing.ended',
            targetType: 'pairing',
            targetId: p.id,
            nodeId: p.compound_id,
            details: { reason: 'end_date', endsOn: p.ends_on },
          },
          trx,
        );
      });
    }
  }

  /**
   * Records a visit as the pair's latest, due again one cadence later. The cadence is read in
   * the transaction and the write is conditional on it, so a cadence changed at the same moment
   * is never overwritten with a due date from the old one.
   */
  async function advance(pairingId: string, visitedOn: string, trx: Transaction<DB>) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await deps.pairing.find(pairingId, trx);
      if (!cur || (cur.last_visit_on !== null && cur.last_visit_on >= visitedOn)) return;
      if (await deps.pairing.advance(pairingId, visitedOn, addDays(visitedOn, cur.cadence_days), cur.cadence_days, trx)) return;
    }
    throw new AppError('CONFLICT');
  }

  return {
    loadVisible,

    /**
     * Staff change how often the pair is visited and when it ends. The next visit is due one
     * (new) cadence after the last visit, or after the start when there is none yet; a due date
     * past the planned end means no more visits are due. Audited with the old and new values.
     */
    async reschedule(auth: AuthContext, pairingId: string, input: { cadenceDays?: number; endsOn?: string | null }) {
      const p = await loadVisible(auth, pairingId);
      if (!isStaffOver(auth, p.compound_path)) throw notFound('pairing');
      if (p.status !== 'active') throw new AppError('INVALID_TRANSITION', { reason: 'pairing_ended' });
      if (input.endsOn) {
        if (input.endsOn < today()) throw fieldError('endsOn', 'in_past');
        if (input.endsOn < p.starts_on) throw fieldError('endsOn', 'before_start');
      }
      return deps.db.transaction().execute(async (trx) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const cur = await deps.pairing.find(p.id, trx);
          if (cur?.status !== 'active') throw new AppError('INVALID_TRANSITION', { reason: 'pairing_ended' });
          const cadenceDays = input.cadenceDays ?? cur.cadence_days;
          const endsOn = input.endsOn === undefined ? cur.ends_on : input.endsOn;
          const nextDueOn = addDays(cur.last_visit_on ?? cur.starts_on, cadenceDays);
          const changes: Record<string, { from: unknown; to: unknown }> = {};
          if (cadenceDays !== cur.cadence_days) changes.cadenceDays = { from: cur.cadence_days, to: cadenceDays };
          if (endsOn !== cur.ends_on) changes.endsOn = { from: cur.ends_on, to: endsOn };
          if (Object.keys(changes).length === 0) return;
          if (nextDueOn !== cur.next_due_on) changes.nextDueOn = { from: cur.next_due_on, to: nextDueOn };
          const seen = { lastVisitOn: cur.last_visit_on, cadenceDays: cur.cadence_days };
          const set = { cadence_days: cadenceDays, ends_on: endsOn, next_due_on: nextDueOn };
          if (!(await deps.pairing.reschedule(p.id, set, seen, trx))) continue;
          await deps.audit.append(
            {
              actorAccountId: auth.accountId,
              action: 'pairing.rescheduled',
              targetType: 'pairing',
              targetId: p.id,
              nodeId: p.compound_id,
              details: { changes },
            },
            trx,
          );
          return;
        }
        throw new AppError('CONFLICT');
      });
    },

    async logVisit(auth: AuthContext, pairingId: string, input: VisitInput) {
      const p = await loadVisible(auth, pairingId);
      if (p.status !== 'active') throw new AppError('INVALID_TRANSITION');
      if (input.visitedOn > today()) throw fieldError('visitedOn', 'in_future');
      if (input.visitedOn < p.starts_on) throw fieldError('visitedOn', 'before_start');
      if (p.ends_on && input.visitedOn > p.ends_on) throw fieldError('visitedOn', 'after_end');
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
        await advance(p.id, input.visitedOn, trx);
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
          urgent: true,
          title: `紧急：${p.resident_name}需要帮助`,
          body: `${p.volunteer_name}于${input.visitedOn}探访${p.resident_name}：${input.what}`,
          link: `/pairing/${p.id}`,
        });
      }
      return result;
    },

    /** Reminds each volunteer whose pair is due (once per due date); returns how many were sent. */
    async remindDue(): Promise<number> {
      await endPastTheirDate();
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
      // A week past the due date the branch secretary hears of it, once per due date.
      for (const p of await deps.pairing.overdueForReport(addDays(today(), -OVERDUE_REPORT_DAYS))) {
        if (!(await deps.pairing.markOverdueReported(p.id, p.next_due_on))) continue;
        const secretaries = await deps.pairing.roleHolders(p.compound_path, ['branch_secretary']);
        await deps.notifications.notify(secretaries, {
          kind: 'pairing.overdue',
          title: `结对探访已逾期：${p.volunteer_name}→${p.resident_name}`,
          body: `应探访日期：${p.next_due_on}；上次探访：${p.last_visit_on ?? '尚无'}`,
          link: `/pairing/${p.id}`,
        });
        sent++;
      }
      return sent;
    },
  };
}

export type PairingService = ReturnType<typeof createPairingService>;
