import { type Role, STAFF_ROLES } from '@lianxin/shared';
import type { AuthContext } from '../accounts/policy';
import { reaches } from '../accounts/policy';
import type { OrdersTable } from './orders.tables';

/** Staff who may dispatch, see the board, and confirm or cancel for a resident. */
export const ORDER_STAFF: readonly Role[] = STAFF_ROLES;
export const VOLUNTEER: readonly Role[] = ['volunteer'];

export type OrderRelation = 'resident' | 'holder' | 'dispatched' | 'open' | 'staff';

type OrderRef = Pick<
  OrdersTable,
  'resident_person_id' | 'volunteer_person_id' | 'dispatched_to_person_id' | 'status' | 'node_path'
>;

/**
 * How the caller relates to an order, or null when they may not see it at all (the route then
 * answers 404). A volunteer who does not hold it sees it only while it is open.
 */
export function relationTo(auth: AuthContext, subjectPersonId: string, o: OrderRef): OrderRelation[] {
  const out: OrderRelation[] = [];
  if (o.resident_person_id === subjectPersonId) out.push('resident');
  if (o.volunteer_person_id === auth.personId) out.push('holder');
  if (o.dispatched_to_person_id === auth.personId && o.status === 'placed') out.push('dispatched');
  if (o.status === 'placed' && reaches(auth, o.node_path, VOLUNTEER)) out.push('open');
  if (reaches(auth, o.node_path, ORDER_STAFF)) out.push('staff');
  return out;
}

/** The actions the caller may take on the order now (also what the web app shows). */
export function allowedActions(rel: OrderRelation[], o: OrderRef, personId: string): string[] {
  const has = (r: OrderRelation) => rel.includes(r);
  const can: string[] = [];
  const free = o.dispatched_to_person_id === null || o.dispatched_to_person_id === personId;
  if (o.status === 'placed' && has('open') && free) can.push('take');
  if (o.status === 'placed' && has('dispatched')) can.push('decline');
  if (o.status === 'placed' && has('staff')) can.push('dispatch');
  if (o.status === 'taken' && has('holder')) can.push('start');
  if (o.status === 'in_service' && has('holder')) can.push('done');
  if (o.status === 'done' && (has('resident') || has('staff'))) can.push('confirm');
  if ((o.status === 'placed' || o.status === 'taken') && (has('resident') || has('staff'))) can.push('cancel');
  // The resident's door and number: for whoever serves or manages the order, never shown back to the resident.
  if ((has('holder') && ['taken', 'in_service', 'done'].includes(o.status)) || has('staff')) can.push('contact');
  // 一键呼叫 for the resident while the order is open: the volunteer who took it (if they agreed), else the duty phone.
  if (has('resident') && ['placed', 'taken', 'in_service'].includes(o.status)) can.push('call');
  return can;
}
