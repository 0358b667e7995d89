import { committeeWarnings } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { newId, nowIso } from '../../lib/ids';
import { mayGrant } from '../accounts/grants.policy';
import type { AuthContext } from '../accounts/policy';
import type { OrgRepository } from './org.repository';
import { REGISTRY_EDITORS } from './registry.policy';
import { addressLabel } from './registry.repository';
import type { RegistryService } from './registry.service';

type Deps = Pick<AppContext, 'db' | 'registry' | 'audit'> & { org: OrgRepository; service: RegistryService };

/** The 小区党支部 and 业委会 of a compound; cross-membership (双向进入、交叉任职) is derived, not typed. */
export function createOrgService(deps: Deps) {
  const { db, registry, audit, org, service } = deps;

  async function compound(auth: AuthContext | null, id: string, roles?: Parameters<RegistryService['reachableNode']>[2]) {
    const r = await service.reachableNode(auth, id, roles);
    if (r.node.kind !== 'compound') throw notFound('compound');
    return r;
  }

  /** A person given as member/secretary/chair must live in this compound. */
  async function personIn(compoundPath: string, personId: string, field: string) {
    const p = await registry.findPerson(personId);
    if (!p?.node_path.startsWith(compoundPath)) throw fieldError(field, 'not_in_compound');
    return p;
  }

  /** A 业委会 member (or chair) must own a unit of the compound; 422 COMMITTEE_NOT_OWNER otherwise. */
  async function ownerIn(compoundId: string, personId: string, field: string) {
    if (!(await org.ownsUnitIn(compoundId, personId)))
      throw new AppError('COMMITTEE_NOT_OWNER', { fields: [{ path: field, reason: 'not_owner' }] });
  }

  return {
    async detail(auth: AuthContext | null, compoundId: string) {
      const { node, auth: a } = await compound(auth, compoundId);
      const [branch, committee, secretary] = await Promise.all([
        org.branchOf(node.id),
        org.committeeOf(node.id),
        org.secretaryOf(node.id),
      ]);
      const bMembers = branch ? await org.branchMembers(branch.id) : [];
      const cMembers = committee ? await org.committeeMembers(committee.id) : [];
      // Members seated before owners-only was enforced, or who no longer own a unit here (sold,
      // removed from the register), are flagged rather than removed: the staff act on it.
      const owners = await org.ownersIn(
        node.id,
        cMembers.map((m) => m.id),
      );
      const inBranch = new Set(bMembers.map((m) => m.id));
      const names = new Map([...bMembers, ...cMembers].map((m) => [m.id, m.name]));
      return {
        compound: { id: node.id, name: node.name },
        canEdit: a.grants.some((g) => REGISTRY_EDITORS.includes(g.role) && node.path.startsWith(g.path)),
        branch: branch
          ? {
              id: branch.id,
              name: branch.name,
              foundedOn: branch.founded_on,
              demonstration: branch.demonstration === 1,
              secretary: secretary ? { id: secretary.id, name: secretary.name } : null,
              members: bMembers.map((m) => ({
                id: m.id,
                name: m.name,
                address: addressLabel(m.building_name, m.stairwell, m.door),
                joinedOn: m.joined_on,
              })),
            }
          : null,
        committee: committee
          ? {
              id: committee.id,
              name: committee.name,
              foundedOn: committee.founded_on,
              termStart: committee.term_start,
              termEnd: committee.term_end,
              chair: committee.chair_person_id
                ? { id: committee.chair_person_id, name: names.get(committee.chair_person_id) ?? '' }
                : null,
              members: cMembers.map((m) => ({
                id: m.id,
                name: m.name,
                position: m.position,
                address: addressLabel(m.building_name, m.stairwell, m.door),
                alsoBranchMember: inBranch.has(m.id),
                owner: owners.has(m.id),
              })),
              notOwners: cMembers.filter((m) => !owners.has(m.id)).length,
              warnings: committeeWarnings(cMembers.length, committee.term_start, committee.term_end),
            }
          : null,
      };
    },

    /**
     * The branch's own fields, and its secretary: choosing one grants them the branch_secretary
     * role at the compound and revokes it from whoever held it, in one transaction — the role is
     * the one record of who the secretary is. So the secretary needs an account (422
     * SECRETARY_NO_ACCOUNT), and the editor must be allowed to grant that role (403).
     */
    async setBranch(
      auth: AuthContext | null,
      compoundId: string,
      v: { name: string; secretaryPersonId: string | null; foundedOn: string | null; demonstration: boolean },
    ) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      if (v.secretaryPersonId) await personIn(node.path, v.secretaryPersonId, 'secretaryPersonId');
      const account = v.secretaryPersonId ? await org.accountOf(v.secretaryPersonId) : undefined;
      if (v.secretaryPersonId && !account)
        throw new AppError('SECRETARY_NO_ACCOUNT', { fields: [{ path: 'secretaryPersonId', reason: 'no_account' }] });
      const holders = await org.secretaryGrants(node.id);
      // Anything but exactly the chosen person holding the role is a change of the role.
      const changing = holders.length !== (account ? 1 : 0) || (account && holders[0]?.account_id !== account.id);
      if (changing && !mayGrant(a, 'branch_secretary', node.path)) throw new AppError('FORBIDDEN');
      return db.transaction().execute(async (trx) => {
        const id = await org.upsertBranch(node.id, v, trx);
        // The secretary is a member of the branch by definition.
        if (v.secretaryPersonId) await org.addBranchMember(id, v.secretaryPersonId, v.foundedOn, trx);
        if (changing) {
          const at = nowIso();
          const { revoked, kept } = await org.revokeSecretaries(trx, node.id, account?.id ?? null, at);
          const grantId = account && !kept ? newId() : null;
          if (account && grantId)
            await org.grantSecretary(trx, { id: grantId, accountId: account.id, compoundId: node.id, by: a.accountId, at });
          for (const g of revoked)
            await audit.append(
              {
                actorAccountId: a.accountId,
                action: 'role.revoked',
                targetType: 'account',
                targetId: g.account_id,
                nodeId: node.id,
                details: { role: 'branch_secretary', grantId: g.id, via: 'branch' },
              },
              trx,
            );
          if (account && grantId)
            await audit.append(
              {
                actorAccountId: a.accountId,
                action: 'role.granted',
                targetType: 'account',
                targetId: account.id,
                nodeId: node.id,
                details: { role: 'branch_secretary', grantId, via: 'branch' },
              },
              trx,
            );
        }
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.branch_set',
            targetType: 'branch',
            targetId: id,
            nodeId: node.id,
            details: v,
          },
          trx,
        );
        return { id };
      });
    },

    async addBranchMember(auth: AuthContext | null, compoundId: string, personId: string, joinedOn: string | null) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      const branch = await org.branchOf(node.id);
      if (!branch) throw notFound('branch');
      await personIn(node.path, personId, 'personId');
      await db.transaction().execute(async (trx) => {
        await org.addBranchMember(branch.id, personId, joinedOn, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.branch_member_added',
            targetType: 'person',
            targetId: personId,
            nodeId: node.id,
          },
          trx,
        );
      });
    },

    async removeBranchMember(auth: AuthContext | null, compoundId: string, personId: string) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      const branch = await org.branchOf(node.id);
      if (!branch) throw notFound('branch');
      if ((await org.secretaryOf(node.id))?.id === personId)
        throw new AppError('CONFLICT', { fields: [{ path: 'personId', reason: 'is_secretary' }] });
      await db.transaction().execute(async (trx) => {
        if (!(await org.removeBranchMember(branch.id, personId, trx))) throw notFound('member');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.branch_member_removed',
            targetType: 'person',
            targetId: personId,
            nodeId: node.id,
          },
          trx,
        );
      });
    },

    async setCommittee(
      auth: AuthContext | null,
      compoundId: string,
      v: { name: string; chairPersonId: string | null; foundedOn: string | null; termStart: string; termEnd: string },
    ) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      if (v.termEnd < v.termStart) throw fieldError('termEnd', 'before_start');
      if (v.chairPersonId) {
        await personIn(node.path, v.chairPersonId, 'chairPersonId');
        await ownerIn(node.id, v.chairPersonId, 'chairPersonId');
      }
      return db.transaction().execute(async (trx) => {
        const before = await org.committeeOf(node.id, trx);
        const id = await org.upsertCommittee(node.id, v, trx);
        // A new chair: the old one stays on the committee as a member.
        if (before?.chair_person_id && before.chair_person_id !== v.chairPersonId)
          await org.setCommitteeMember(id, before.chair_person_id, 'member', trx);
        if (v.chairPersonId) await org.setCommitteeMember(id, v.chairPersonId, 'chair', trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.committee_set',
            targetType: 'committee',
            targetId: id,
            nodeId: node.id,
            details: v,
          },
          trx,
        );
        return { id };
      });
    },

    async setCommitteeMember(
      auth: AuthContext | null,
      compoundId: string,
      personId: string,
      position: 'chair' | 'vice_chair' | 'member',
    ) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      const committee = await org.committeeOf(node.id);
      if (!committee) throw notFound('committee');
      await personIn(node.path, personId, 'personId');
      await ownerIn(node.id, personId, 'personId');
      if (position === 'chair' && committee.chair_person_id && committee.chair_person_id !== personId) {
        throw new AppError('CONFLICT', { fields: [{ path: 'position', reason: 'chair_taken' }] });
      }
      await db.transaction().execute(async (trx) => {
        await org.setCommitteeMember(committee.id, personId, position, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.committee_member_set',
            targetType: 'person',
            targetId: personId,
            nodeId: node.id,
            details: { position },
          },
          trx,
        );
      });
    },

    async removeCommitteeMember(auth: AuthContext | null, compoundId: string, personId: string) {
      const { node, auth: a } = await compound(auth, compoundId, REGISTRY_EDITORS);
      const committee = await org.committeeOf(node.id);
      if (!committee) throw notFound('committee');
      if (committee.chair_person_id === personId)
        throw new AppError('CONFLICT', { fields: [{ path: 'personId', reason: 'is_chair' }] });
      await db.transaction().execute(async (trx) => {
        if (!(await org.removeCommitteeMember(committee.id, personId, trx))) throw notFound('member');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.committee_member_removed',
            targetType: 'person',
            targetId: personId,
            nodeId: node.id,
          },
          trx,
        );
      });
    },
  };
}
