import type { OrderCategory } from '@lianxin/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { OrdersRepository } from '../orders/orders.repository';
import { placedOrder } from '../orders/orders.tables';
import type { PlaceVisitOrder } from './pairing.service';

/** How long a follow-up order from a visit stays open for a volunteer to take it. */
const WINDOW_HOURS = { urgent: 24, normal: 72 } as const;

/**
 * Raises a help order for the visited resident through the orders module's repository, inside
 * the visit's transaction (so a visit and its order are written together or not at all). The
 * order is placed by the volunteer on the resident's behalf, channel "home_visit"; from then on
 * it follows the orders module's life cycle (take, dispatch, escalate).
 */
export function createVisitOrderPlacer(
  orders: Pick<OrdersRepository, 'homeOf' | 'insertOrder' | 'insertEvent'>,
  clock: () => Date = () => new Date(),
): PlaceVisitOrder {
  return async (req, trx: Transaction<DB>) => {
    const home = await orders.homeOf(req.residentId, trx);
    if (!home?.compoundId || !home.nodePath)
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'order', reason: 'resident_has_no_compound' }] });
    const now = clock();
    const nowIso = now.toISOString();
    const id = newId();
    await orders.insertOrder(
      placedOrder(
        {
          id,
          compound_id: home.compoundId,
          building_id: home.buildingId,
          node_path: home.nodePath,
          resident_person_id: req.residentId,
          placed_by_account_id: req.auth.accountId,
          channel: 'home_visit',
          category: req.category as OrderCategory,
          description: req.description,
          window_start: nowIso,
          window_end: new Date(now.getTime() + WINDOW_HOURS[req.urgency] * 3600_000).toISOString(),
          urgency: req.urgency,
        },
        nowIso,
      ),
      trx,
    );
    await orders.insertEvent(
      {
        order_id: id,
        action: 'placed',
        from_status: null,
        to_status: 'placed',
        actor_account_id: req.auth.accountId,
        actor_person_id: req.auth.personId,
        on_behalf_of: req.residentId,
        channel: 'home_visit',
        note: `结对探访时发起（探访记录 ${req.visitId}）`,
      },
      trx,
    );
    return id;
  };
}
