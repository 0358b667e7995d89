import type { Harness, Session } from '../../test/harness';
import { hashPassword } from '../accounts/passwords';

/** A window starting in an hour, two hours long. */
export function windowSoon(hoursAhead = 1) {
  const s = Date.now() + hoursAhead * 3600_000;
  return { windowStart: new Date(s).toISOString(), windowEnd: new Date(s + 2 * 3600_000).toISOString() };
}

let counter = 0;
/** Creates `n` extra volunteer accounts at a node and signs them in. */
export async function volunteers(h: Harness, n: number, nodeId = 'wuxingaz'): Promise<Session[]> {
  const hash = await hashPassword('volunteer-pass-1');
  const out: Session[] = [];
  for (let i = 0; i < n; i++) {
    counter++;
    const phone = `177${String(Date.now() % 100000).padStart(5, '0')}${String(counter).padStart(3, '0')}`;
    const personId = `tv-${phone}`;
    await h.ctx.db
      .insertInto('people')
      .values({
        id: personId,
        node_id: nodeId,
        name: `志愿者${counter}`,
        phone,
        birth_year: null,
        id_number: null,
        created_at: new Date().toISOString(),
        erased_at: null,
      })
      .execute();
    const accountId = await h.ctx.accounts.create({ personId, phone, passwordHash: hash });
    await h.ctx.accounts.grant({ accountId, role: 'volunteer', nodeId, grantedBy: null });
    out.push(await h.login(phone, 'volunteer-pass-1'));
  }
  return out;
}

export const PHONES = {
  resident: '19900000001',
  volunteer: '19900000002',
  secretary: '19900000003',
  worker: '19900000005',
  otherVolunteer: '19900000010',
};
