import { langSchema, maskPhone } from '@lianxin/shared';
import { z } from 'zod';
import type { AppContext } from '../../context';
import type { AuthContext } from './policy';

/** The signed-in account as the web app sees it: masked phone, roles with their nodes, acting-for. */
export const meSchema = z.object({
  accountId: z.string(),
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  lang: langSchema,
  largeText: z.boolean(),
  csrfToken: z.string(),
  roles: z.array(
    z.object({ role: z.string(), nodeId: z.string(), nodeName: z.string(), nodeKind: z.string(), canProxy: z.boolean() }),
  ),
  /** True when the account may act for residents somewhere (shows the acting-for switch). */
  canActForOthers: z.boolean(),
  actingFor: z.object({ personId: z.string(), name: z.string(), channel: z.string() }).nullable(),
  /** The password is a one-time one (first administrator, staff reset): the web app asks for a new one. */
  mustChangePassword: z.boolean(),
});

export type MeBody = z.infer<typeof meSchema>;

/** Builds the /auth/me body for an auth context. */
export async function loadMe(ctx: Pick<AppContext, 'accounts'>, auth: AuthContext): Promise<MeBody> {
  const person = await ctx.accounts.personOf(auth.personId);
  const roles = await ctx.accounts.rolesWithNodes(auth.accountId);
  const account = await ctx.accounts.findById(auth.accountId);
  let actingFor = null;
  if (auth.actingFor) {
    const p = await ctx.accounts.personOf(auth.actingFor.personId);
    actingFor = { personId: auth.actingFor.personId, name: p?.name ?? '', channel: auth.actingFor.channel };
  }
  return {
    accountId: auth.accountId,
    personId: auth.personId,
    name: person?.name ?? '',
    phone: maskPhone(person?.phone),
    lang: auth.lang,
    largeText: auth.largeText,
    csrfToken: auth.csrfToken,
    roles: roles.map((n) => ({ role: n.role, nodeId: n.id, nodeName: n.name, nodeKind: n.kind, canProxy: n.can_proxy === 1 })),
    canActForOthers: roles.some(
      (r) => r.role === 'community_worker' || r.role === 'branch_secretary' || (r.role === 'volunteer' && r.can_proxy === 1),
    ),
    actingFor,
    mustChangePassword: account?.must_change_password === 1,
  };
}
