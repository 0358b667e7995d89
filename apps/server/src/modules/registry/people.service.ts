import { maskPhone, PHONE_RE } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { checkVersion, refusal } from '../../db/versioned';
import { AppError, fieldError } from '../../lib/errors';
import { type AuthContext, requireAuth, scopePaths } from '../accounts/policy';
import type { OrgRepository } from './org.repository';
import { ensureReach, REGISTRY_EDITORS, REGISTRY_READERS } from './registry.policy';
import { addressLabel } from './registry.repository';
import { parseTags, type RegistryService } from './registry.service';

type Deps = Pick<AppContext, 'db' | 'registry' | 'audit'> & { org: OrgRepository; service: RegistryService };

export interface PersonInput {
  nodeId?: string;
  unitId?: string | null;
  name: string;
  phone?: string | null;
  birthYear?: number | null;
  tags: string[];
}

/** People of the registry: create, edit, search (phones masked), the person page, phone reveal. */
export function createPeopleService(deps: Deps) {
  const { db, registry, audit, org, service } = deps;

  /** Where a person goes: the unit's compound, or a node the caller may edit. */
  async function placement(auth: AuthContext | null, input: { nodeId?: string; unitId?: string | null }) {
    if (input.unitId) {
      const u = await registry.findUnit(input.unitId);
      try {
        ensureReach(auth, u?.building_path, REGISTRY_EDITORS, 'unit');
      } catch {
        throw fieldError('unitId', 'not_found');
      }
      return { nodeId: (u as NonNullable<typeof u>).compound_id, unitId: input.unitId };
    }
    if (!input.nodeId) throw fieldError('nodeId', 'required');
    const n = await registry.findNode(input.nodeId);
    try {
      ensureReach(auth, n?.path, REGISTRY_EDITORS, 'node');
    } catch {
      throw fieldError('nodeId', 'not_found');
    }
    return { nodeId: input.nodeId, unitId: null };
  }

  function checkPhone(phone: string | null | undefined): string | null {
    if (!phone) return null;
    if (!PHONE_RE.test(phone)) throw fieldError('phone', 'phone');
    return phone;
  }

  return {
    async create(auth: AuthContext | null, input: PersonInput) {
      const actor = requireAuth(auth);
      const place = await placement(auth, input);
      const phone = checkPhone(input.phone);
      return db.transaction().execute(async (trx) => {
        const id = await registry.createPerson(
          {
            nodeId: place.nodeId,
            name: input.name,
            phone,
            birthYear: input.birthYear ?? null,
            tags: [...new Set(input.tags)],
            unitId: place.unitId,
          },
          trx,
        );
        await audit.append(
          {
            actorAccountId: actor.accountId,
            action: 'registry.person_created',
            targetType: 'person',
            targetId: id,
            nodeId: place.nodeId,
          },
          trx,
        );
        return { id };
      });
    },

    /** Edits a person; with `expectedVersion`, 409 EDIT_CONFLICT when they changed since (ADR 0002). */
    async update(auth: AuthContext | null, id: string, patch: Partial<PersonInput> & { expectedVersion?: number }) {
      const { person, auth: a } = await service.reachablePerson(auth, id, REGISTRY_EDITORS);
      checkVersion(person, patch.expectedVersion);
      const set: Parameters<typeof registry.updatePerson>[2] = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.phone !== undefined) set.phone = checkPhone(patch.phone);
      if (patch.birthYear !== undefined) set.birth_year = patch.birthYear;
      if (patch.tags !== undefined) set.tags = JSON.stringify([...new Set(patch.tags)]);
      if (patch.unitId !== undefined || patch.nodeId !== undefined) {
        if (patch.unitId === null && !patch.nodeId) {
          set.unit_id = null;
        } else {
          const place = await placement(auth, { unitId: patch.unitId, nodeId: patch.nodeId });
          set.node_id = place.nodeId;
          set.unit_id = place.unitId;
        }
      }
      await db.transaction().execute(async (trx) => {
        if (!(await registry.updatePerson(person.id, person.version, set, trx)))
          throw refusal(await registry.findPerson(person.id, trx), person.version, 'person') ?? new AppError('CONFLICT');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.person_updated',
            targetType: 'person',
            targetId: person.id,
            nodeId: set.node_id ?? person.node_id,
            details: { fields: Object.keys(set) },
          },
          trx,
        );
      });
      return { id: person.id, version: person.version + 1 };
    },

    /** The person page: masked phone; the full number only through revealPhone (audited). */
    async detail(auth: AuthContext | null, id: string) {
      // A merged record's old id (a bookmark, a link in a message) opens the person it was merged into.
      const { person, auth: a } = await service.reachablePerson(auth, (await registry.mergedInto(id)) ?? id);
      const [address, owned, memberships] = await Promise.all([
        registry.addressOf(person.id),
        registry.ownedBy(person.id),
        org.membershipsOf(person.id),
      ]);
      return {
        id: person.id,
        name: person.name,
        phone: maskPhone(person.phone),
        hasPhone: !!person.phone,
        birthYear: person.birth_year,
        tags: parseTags(person.tags),
        nodeId: person.node_id,
        version: person.version,
        address: address
          ? {
              compoundId: address.compoundId,
              compoundName: address.compoundName,
              buildingId: address.buildingId,
              buildingName: address.buildingName,
              unitId: address.unitId,
              label: address.label,
            }
          : null,
        owns: owned.map((u) => ({
          unitId: u.id,
          label: addressLabel(u.building_name, u.stairwell, u.door),
          area: (u.area_hundredths / 100).toFixed(2),
          representative: u.representative === 1,
        })),
        branch: memberships.branch,
        committee: memberships.committee,
        canEdit: a.grants.some((g) => REGISTRY_EDITORS.includes(g.role) && person.node_path.startsWith(g.path)),
      };
    },

    async revealPhone(auth: AuthContext | null, id: string) {
      const { person, auth: a } = await service.reachablePerson(auth, id);
      await audit.append({
        actorAccountId: a.accountId,
        action: 'registry.phone_read',
        targetType: 'person',
        targetId: person.id,
        nodeId: person.node_id,
      });
      return { phone: person.phone };
    },

    async search(auth: AuthContext | null, q: { q: string; nodeId?: string; limit?: number }) {
      let paths = scopePaths(requireAuth(auth), REGISTRY_READERS);
      if (q.nodeId) {
        const { node } = await service.reachableNode(auth, q.nodeId);
        paths = [node.path];
      }
      if (!paths.length) return [];
      const rows = await registry.search(paths, { text: q.q, limit: q.limit ?? 50 });
      // Owners of a unit within the searched subtree: only they may sit on its 业委会.
      const owners = await org.ownersAmong(
        rows.map((r) => r.id),
        paths,
      );
      return rows.map((r) => ({
        owner: owners.has(r.id),
        id: r.id,
        name: r.name,
        phone: maskPhone(r.phone),
        birthYear: r.birth_year,
        tags: parseTags(r.tags),
        address: addressLabel(r.building_name, r.stairwell, r.door) || r.node_name,
        compound: r.compound_name ?? r.node_name,
        buildingId: r.building_id,
      }));
    },
  };
}
