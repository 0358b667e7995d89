import { type Role, STAFF_ROLES } from '@lianxin/shared';
import { notFound } from '../../lib/errors';
import { type AuthContext, reaches, requireAuth } from '../accounts/policy';

/** Staff who read the registry of their subtree. */
export const REGISTRY_READERS: readonly Role[] = STAFF_ROLES;
/** Staff who keep it: community workers, branch secretaries and the admins above them. */
export const REGISTRY_EDITORS: readonly Role[] = [
  'community_worker',
  'branch_secretary',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** 404 unless the caller reaches the path with one of the roles (never 403: nothing leaks). */
export function ensureReach(
  auth: AuthContext | null,
  path: string | undefined | null,
  roles: readonly Role[],
  what: string,
): AuthContext {
  const a = requireAuth(auth);
  if (!path || !reaches(a, path, roles)) throw notFound(what);
  return a;
}
