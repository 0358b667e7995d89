import type { Role } from '@lianxin/shared';
import { newId, nowIso } from '../../lib/ids';
import type { Harness, Session } from '../../test/harness';

let phoneSeq = 0;

/**
 * A person with an account and a live session, without password hashing (fast enough to make
 * fifty for a race). The cookie and CSRF token work exactly like a login's.
 */
export async function makePerson(
  h: Harness,
  p: { name: string; nodeId: string; birthYear?: number | null; tags?: string[]; role?: Role; roleNode?: string },
): Promise<Session> {
  const personId = `t-${newId()}`;
  const phone = `177${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(5, '0')}`;
  await h.ctx.db
    .insertInto('people')
    .values({
      id: personId,
      node_id: p.nodeId,
      name: p.name,
      phone,
      birth_year: p.birthYear ?? null,
      tags: JSON.stringify(p.tags ?? []),
      id_number: null,
      created_at: nowIso(),
      erased_at: null,
    })
    .execute();
  const accountId = await h.ctx.accounts.create({ personId, phone, passwordHash: null });
  await h.ctx.accounts.grant({ accountId, role: p.role ?? 'resident', nodeId: p.roleNode ?? p.nodeId, grantedBy: null });
  const { token, csrf } = await h.ctx.accounts.createSession(accountId);
  return { cookie: `lx_session=${token}`, csrf, accountId, personId };
}

/** A local Shanghai date-time string `days` from now at hh:mm (for event forms). */
export function localIn(days: number, hhmm: string): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86400_000);
  return `${d.toISOString().slice(0, 10)}T${hhmm}`;
}
