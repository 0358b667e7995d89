import { ROLES, type Role, STAFF_ROLES } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import { type AuthContext, loadReachableNode, reaches, requireAuth } from '../accounts/policy';

/** Everyone who belongs to a compound may read its plan and zones. */
export const MEMBER_ROLES: readonly Role[] = ROLES;
/** Who runs volunteer work: the compound's staff (not medical staff). */
export const VOLUNTEER_STAFF: readonly Role[] = STAFF_ROLES;

/** A compound the caller reaches with one of the roles; 404 otherwise, as for one that does not exist. */
export async function loadCompound(db: Kysely<DB>, auth: AuthContext | null, compoundId: string, roles: readonly Role[]) {
  const node = await loadReachableNode(db, auth, compoundId, roles);
  if (node.kind !== 'compound') throw notFound('compound');
  return node;
}

/** The path of a node, to check reach on records that carry only a compound id. */
export async function nodePath(db: Kysely<DB>, nodeId: string): Promise<string | null> {
  const n = await db.selectFrom('nodes').select('path').where('id', '=', nodeId).executeTakeFirst();
  return n?.path ?? null;
}

/** True when the caller is staff over the compound with this path. */
export function isStaffOver(auth: AuthContext | null, path: string): boolean {
  return reaches(auth, path, VOLUNTEER_STAFF);
}

/**
 * The compound a volunteer serves: the node of their volunteer grant (a compound, or a building
 * inside one). 403 for someone who is not a volunteer anywhere.
 */
export async function volunteerCompoundOf(
  db: Kysely<DB>,
  auth: AuthContext | null,
): Promise<{ id: string; path: string; name: string }> {
  const a = requireAuth(auth);
  const grant = a.grants.find((g) => g.role === 'volunteer');
  if (!grant) throw new AppError('FORBIDDEN');
  const ids = grant.path.split('/').filter(Boolean);
  const nodes = await db.selectFrom('nodes').select(['id', 'path', 'name', 'kind']).where('id', 'in', ids).execute();
  const compound = nodes.find((n) => n.kind === 'compound');
  if (!compound) throw new AppError('FORBIDDEN');
  return compound;
}
