import type { TeamName } from '@lianxin/shared';
import type { Harness, Session } from '../../test/harness';
import { hashPassword } from '../accounts/passwords';

let counter = 0;

/** Creates volunteer accounts with active profiles at a compound (optionally in a team) and signs them in. */
export async function makeVolunteers(
  h: Harness,
  n: number,
  opts: { nodeId?: string; team?: TeamName; leader?: boolean } = {},
): Promise<Session[]> {
  const nodeId = opts.nodeId ?? 'wuxingaz';
  const hash = await hashPassword('volunteer-pass-1');
  const out: Session[] = [];
  for (let i = 0; i < n; i++) {
    counter++;
    const phone = `176${String(process.pid % 10000).padStart(4, '0')}${String(counter).padStart(4, '0')}`;
    const personId = `vt-${phone}`;
    const now = new Date().toISOString();
    await h.ctx.db
      .insertInto('people')
      .values({
        id: personId,
        node_id: nodeId,
        name: `测试志愿者${counter}`,
        phone,
        birth_year: 1990,
        id_number: null,
        created_at: now,
        erased_at: null,
      })
      .execute();
    const accountId = await h.ctx.accounts.create({ personId, phone, passwordHash: hash });
    await h.ctx.accounts.grant({ accountId, role: 'volunteer', nodeId, grantedBy: null });
    await h.ctx.volunteers.upsert(personId, nodeId, { skills: ['保洁'], availability: '周末', team: opts.team ?? null });
    if (opts.leader) await h.ctx.volunteers.update(personId, { team_leader: 1 });
    out.push(await h.login(phone, 'volunteer-pass-1'));
  }
  return out;
}

export const DEMO = {
  resident: '19900000001',
  huang: '19900000002',
  secretary: '19900000003',
  longshengMember: '19900000004',
  worker: '19900000005',
  otherVolunteer: '19900000010',
} as const;
