import type { Role } from '@lianxin/shared';
import type { AuthContext } from './policy';

/**
 * Which roles each role may grant (and invite to), always at a node inside its own subtree.
 * Admins grant the roles below them; community workers and branch secretaries bring in residents
 * and volunteers (and the worker the compound's branch roles), so new people join without an admin.
 */
export const GRANTABLE: Readonly<Record<Role, readonly Role[]>> = {
  resident: [],
  volunteer: [],
  medical_staff: [],
  committee_member: [],
  branch_secretary: ['resident', 'volunteer'],
  community_worker: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'medical_staff'],
  subdistrict_admin: ['resident', 'volunteer', 'branch_secretary', 'committee_member', 'community_worker', 'medical_staff'],
  district_admin: [
    'resident',
    'volunteer',
    'branch_secretary',
    'committee_member',
    'community_worker',
    'medical_staff',
    'subdistrict_admin',
  ],
  platform_admin: [
    'resident',
    'volunteer',
    'branch_secretary',
    'committee_member',
    'community_worker',
    'medical_staff',
    'subdistrict_admin',
    'district_admin',
    'platform_admin',
  ],
};

/** Roles that can reach the admin routes at all. */
export const GRANTING_ROLES: readonly Role[] = (Object.keys(GRANTABLE) as Role[]).filter((r) => GRANTABLE[r].length > 0);

/** The subtree paths in which the caller may grant this role. */
export function grantPaths(auth: AuthContext, role?: Role): string[] {
  return auth.grants.filter((g) => (role ? GRANTABLE[g.role].includes(role) : GRANTABLE[g.role].length > 0)).map((g) => g.path);
}

/** True when the caller may grant `role` at a node with this path. */
export function mayGrant(auth: AuthContext, role: Role, nodePath: string): boolean {
  return grantPaths(auth, role).some((p) => nodePath.startsWith(p));
}

/** The roles the caller may grant at a node with this path. */
export function grantableAt(auth: AuthContext, nodePath: string): Role[] {
  const out = new Set<Role>();
  for (const g of auth.grants) if (nodePath.startsWith(g.path)) for (const r of GRANTABLE[g.role]) out.add(r);
  return [...out];
}
