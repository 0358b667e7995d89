import type { Role } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';

export interface Grant {
  role: Role;
  nodeId: string;
  /** The granted node's materialised path: the grant reaches every path with this prefix. */
  path: string;
}

/** Who is asking, resolved once per request from the session cookie. */
export interface AuthContext {
  accountId: string;
  personId: string;
  sessionId: string;
  csrfToken: string;
  lang: 'zh-CN' | 'en';
  largeText: boolean;
  grants: Grant[];
  /** Set when staff act for a resident who has no phone. */
  actingFor: { personId: string; channel: string } | null;
}

export type Access = 'public' | 'authenticated' | readonly Role[];

/** Throws 401 when nobody is signed in. */
export function requireAuth(auth: AuthContext | null): AuthContext {
  if (!auth) throw new AppError('UNAUTHENTICATED');
  return auth;
}

export function hasRole(auth: AuthContext | null, roles: readonly Role[]): boolean {
  return !!auth?.grants.some((g) => roles.includes(g.role));
}

/** The subtree paths the caller reaches with any of these roles. */
export function scopePaths(auth: AuthContext, roles: readonly Role[]): string[] {
  return auth.grants.filter((g) => roles.includes(g.role)).map((g) => g.path);
}

export function reaches(auth: AuthContext | null, nodePath: string, roles: readonly Role[]): boolean {
  return !!auth?.grants.some((g) => roles.includes(g.role) && nodePath.startsWith(g.path));
}

/**
 * Loads a node and checks the caller reaches it with one of the roles. Outside the caller's
 * subtree the answer is 404, exactly as for a node that does not exist.
 */
export async function loadReachableNode(db: Kysely<DB>, auth: AuthContext | null, nodeId: string, roles: readonly Role[]) {
  const a = requireAuth(auth);
  const node = await db.selectFrom('nodes').selectAll().where('id', '=', nodeId).executeTakeFirst();
  if (!node || !reaches(a, node.path, roles)) throw notFound('node');
  return node;
}
