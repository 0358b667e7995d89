import { ROLES, type Role, STAFF_ROLES } from '@lianxin/shared';
import { AppError, notFound } from '../../lib/errors';
import { type AuthContext, actorOf, auditFields, reaches, requireAuth } from '../accounts/policy';

/** Who runs the council of a compound: branch, 业委会, community workers and the admins above. */
export const COUNCIL_STAFF: readonly Role[] = STAFF_ROLES;

/** Order in which a caller's roles name them on the public timeline (the most specific first). */
const ROLE_ORDER: readonly Role[] = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
  'volunteer',
  'medical_staff',
  'resident',
];

/**
 * The role a caller acted in at a compound, for the public timeline (never a name). While staff
 * act for a resident the step reads "<role>_for_resident".
 */
export function actorRole(auth: AuthContext, compoundPath: string): string {
  const role = ROLE_ORDER.find((r) => reaches(auth, compoundPath, [r])) ?? 'resident';
  return auth.actingFor ? `${role}_for_resident` : role;
}

/** The person an action is for: the resident while acting for one, else the caller (actorOf). */
export function subjectPerson(auth: AuthContext): string {
  return actorOf(auth).subjectPersonId;
}

/** Audit fields for a caller, naming the resident and the channel when acting for one. */
export function auditActor(auth: AuthContext) {
  return auditFields(actorOf(auth));
}

/** A member of the compound (any role reaching it); else 404 as for a missing record. */
export function requireMember(auth: AuthContext | null, compoundPath: string): AuthContext {
  const a = requireAuth(auth);
  if (!reaches(a, compoundPath, ROLES)) throw notFound();
  return a;
}

/** Council staff of the compound: members who are not staff get 403, outsiders 404. */
export function requireStaff(auth: AuthContext | null, compoundPath: string): AuthContext {
  const a = requireMember(auth, compoundPath);
  if (!reaches(a, compoundPath, COUNCIL_STAFF)) throw new AppError('FORBIDDEN');
  return a;
}

export function isStaff(auth: AuthContext | null, compoundPath: string): boolean {
  return reaches(auth, compoundPath, COUNCIL_STAFF);
}
