import type { Role } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';

export interface Grant {
  role: Role;
  nodeId: string;
  /** The granted node's materialised path: the grant reaches every path with this prefix. */
  path: string;
  /** A volunteer grant that carries the right to act for residents (see PROXY_ROLES). */
  canProxy?: boolean;
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

/**
 * Who may act for a resident (proxy): community workers and branch secretaries always, for the
 * people of their subtree (they take phone calls and walk-ins at the stations); a volunteer only
 * through a grant that carries the right (`canProxy`, given by staff when granting the role or in
 * an invitation), for instance the volunteer paired with an elder living alone. Admins oversee and
 * do not act for residents.
 */
export const PROXY_ROLES: readonly Role[] = ['community_worker', 'branch_secretary'];

/** The subtree paths in which the caller may act for residents. */
export function proxyPaths(auth: AuthContext): string[] {
  return auth.grants.filter((g) => PROXY_ROLES.includes(g.role) || (g.role === 'volunteer' && g.canProxy)).map((g) => g.path);
}

/** True when the caller may act for a person living at this node path. */
export function canActFor(auth: AuthContext | null, personNodePath: string): boolean {
  return !!auth && proxyPaths(auth).some((p) => personNodePath.startsWith(p));
}

/**
 * The two sides of a resident-facing action. `subjectPersonId` is the person the action is for
 * (the resident), `actorPersonId` the person who did it; they differ only while acting for
 * someone, and then `onBehalfOf` and `channel` say so.
 */
export interface Actor {
  actorAccountId: string;
  actorPersonId: string;
  subjectPersonId: string;
  onBehalfOf: string | null;
  channel: string | null;
}

/**
 * Every module calls this when a resident-facing action happens (placing an order, raising an
 * issue, signing up): record the row for `subjectPersonId`, and pass `auditFields(actor)` to
 * ctx.audit.append so the resident sees who acted for them and through which channel.
 */
export function actorOf(auth: AuthContext | null): Actor {
  const a = requireAuth(auth);
  const acting = a.actingFor;
  return {
    actorAccountId: a.accountId,
    actorPersonId: a.personId,
    subjectPersonId: acting ? acting.personId : a.personId,
    onBehalfOf: acting ? acting.personId : null,
    channel: acting ? acting.channel : null,
  };
}

/** The audit entry fields for an actor: spread into ctx.audit.append({ ...auditFields(actor), action, … }). */
export function auditFields(actor: Actor): { actorAccountId: string; onBehalfOf: string | null; channel: string | null } {
  return { actorAccountId: actor.actorAccountId, onBehalfOf: actor.onBehalfOf, channel: actor.channel };
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

/**
 * Loads a person a request body names (an organiser, a member, a subject) and checks the caller
 * reaches them: the caller themself, or a live person living under one of the caller's grants
 * (of `roles` when given). A person who does not exist, was erased or lives outside is 404 — one
 * answer for all three, so ids of other compounds cannot be told apart by probing.
 */
export async function loadReachablePerson(db: Kysely<DB>, auth: AuthContext | null, personId: string, roles?: readonly Role[]) {
  const a = requireAuth(auth);
  const p = await db
    .selectFrom('people')
    .innerJoin('nodes', 'nodes.id', 'people.node_id')
    .select(['people.id', 'people.name', 'people.node_id', 'nodes.path', 'people.erased_at'])
    .where('people.id', '=', personId)
    .executeTakeFirst();
  const ok =
    !!p &&
    p.erased_at === null &&
    (p.id === a.personId || a.grants.some((g) => (!roles || roles.includes(g.role)) && p.path.startsWith(g.path)));
  if (!p || !ok) throw notFound('person');
  return p;
}
