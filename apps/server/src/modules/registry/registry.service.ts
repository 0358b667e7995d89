import { type AreaSource, areaToHundredths, hundredthsToArea, maskPhone } from '@lianxin/shared';
import type { AppContext } from '../../context';
import { checkVersion, refusal } from '../../db/versioned';
import { constraintKind } from '../../lib/db-errors';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { type AuthContext, scopePaths } from '../accounts/policy';
import { ensureReach, REGISTRY_EDITORS, REGISTRY_READERS } from './registry.policy';
import { addressLabel, NODE_CHILD_KIND } from './registry.repository';

type Deps = Pick<AppContext, 'db' | 'registry' | 'audit'>;

const parseTags = (t: string): string[] => {
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

function duplicateDoor(): AppError {
  return new AppError('DUPLICATE', { fields: [{ path: 'door', reason: 'duplicate' }] });
}

/** Tree, units and people of the registry, with tenancy checks and audit entries. */
export function createRegistryService(deps: Deps) {
  const { db, registry, audit } = deps;

  async function reachableNode(auth: AuthContext | null, id: string, roles = REGISTRY_READERS) {
    const node = await registry.findNode(id);
    const a = ensureReach(auth, node?.path, roles, 'node');
    return { node: node as NonNullable<typeof node>, auth: a };
  }

  async function reachablePerson(auth: AuthContext | null, id: string, roles = REGISTRY_READERS) {
    const p = await registry.findPerson(id);
    const a = ensureReach(auth, p?.node_path, roles, 'person');
    return { person: p as NonNullable<typeof p>, auth: a };
  }

  async function reachableUnit(auth: AuthContext | null, id: string, roles = REGISTRY_READERS) {
    const u = await registry.findUnit(id);
    const a = ensureReach(auth, u?.building_path, roles, 'unit');
    return { unit: u as NonNullable<typeof u>, auth: a };
  }

  return {
    reachableNode,
    reachablePerson,
    reachableUnit,

    /** The nodes the caller's staff grants start at. */
    async roots(auth: AuthContext) {
      const out: Array<{ id: string; kind: string; name: string }> = [];
      for (const g of auth.grants.filter((x) => REGISTRY_READERS.includes(x.role))) {
        const n = await registry.findNode(g.nodeId);
        if (n && !out.some((o) => o.id === n.id)) out.push({ id: n.id, kind: n.kind, name: n.name });
      }
      return out;
    },

    async nodeDetail(auth: AuthContext | null, id: string) {
      const { node, auth: a } = await reachableNode(auth, id);
      const [ancestors, children, counts] = await Promise.all([
        registry.ancestors(node.path),
        registry.children(node.id),
        registry.nodeCounts(node.path),
      ]);
      const paths = scopePaths(a, REGISTRY_READERS);
      const ancestorsVisible = ancestors.filter((x) => x.id !== node.id && paths.some((p) => p.includes(`/${x.id}/`)));
      return {
        id: node.id,
        kind: node.kind,
        name: node.name,
        parentId: node.parent_id,
        ancestors: ancestorsVisible,
        children: children.map((c) => ({ id: c.id, kind: c.kind, name: c.name })),
        childKind: NODE_CHILD_KIND[node.kind] ?? null,
        ...counts,
        canEdit: ensureCan(a, node.path),
      };
    },

    async createNode(auth: AuthContext | null, input: { parentId: string; name: string }) {
      const { node: parent, auth: a } = await reachableNode(auth, input.parentId, REGISTRY_EDITORS);
      const kind = NODE_CHILD_KIND[parent.kind];
      if (!kind) throw fieldError('parentId', 'no_children');
      return db.transaction().execute(async (trx) => {
        const id = await registry.createNode({ parentId: parent.id, parentPath: parent.path, kind, name: input.name }, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.node_created',
            targetType: 'node',
            targetId: id,
            nodeId: parent.id,
            details: { kind, name: input.name },
          },
          trx,
        );
        return { id, kind, name: input.name };
      });
    },

    async renameNode(auth: AuthContext | null, id: string, name: string) {
      const { node, auth: a } = await reachableNode(auth, id, REGISTRY_EDITORS);
      await db.transaction().execute(async (trx) => {
        await registry.renameNode(node.id, name, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.node_renamed',
            targetType: 'node',
            targetId: node.id,
            nodeId: node.id,
            details: { from: node.name, to: name },
          },
          trx,
        );
      });
      return { id: node.id, kind: node.kind, name };
    },

    async deleteNode(auth: AuthContext | null, id: string) {
      const { node, auth: a } = await reachableNode(auth, id, REGISTRY_EDITORS);
      // The caller's own grant node (or above) is not theirs to delete.
      if (a.grants.some((g) => g.path.startsWith(node.path))) throw new AppError('FORBIDDEN');
      if ((await registry.nodeUsage(node.id, node.path)) > 0) throw new AppError('CONFLICT', { reason: 'not_empty' });
      await db.transaction().execute(async (trx) => {
        await registry.deleteNode(node.id, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.node_deleted',
            targetType: 'node',
            targetId: node.id,
            nodeId: node.parent_id,
            details: { name: node.name },
          },
          trx,
        );
      });
    },

    async buildingDetail(auth: AuthContext | null, id: string) {
      const { node, auth: a } = await reachableNode(auth, id);
      if (node.kind !== 'building') throw notFound('building');
      const compound = node.parent_id ? await registry.findNode(node.parent_id) : undefined;
      const units = await registry.unitsOfBuilding(node.id);
      const ids = units.map((u) => u.id);
      const [owners, residents] = await Promise.all([registry.ownersOfUnits(ids), registry.residentsOfUnits(ids)]);
      return {
        id: node.id,
        name: node.name,
        compound: compound ? { id: compound.id, name: compound.name } : null,
        canEdit: ensureCan(a, node.path),
        units: units.map((u) => ({
          id: u.id,
          stairwell: u.stairwell,
          door: u.door,
          label: addressLabel(node.name, u.stairwell, u.door),
          area: hundredthsToArea(u.area_hundredths),
          areaSource: u.area_source,
          developerHeld: u.developer_held === 1,
          version: u.version,
          owners: owners
            .filter((o) => o.unit_id === u.id)
            .map((o) => ({ personId: o.person_id, name: o.name, representative: o.representative === 1 })),
          residents: residents
            .filter((r) => r.unit_id === u.id)
            .map((r) => ({
              id: r.id,
              name: r.name,
              birthYear: r.birth_year,
              tags: parseTags(r.tags),
              phone: maskPhone(r.phone),
            })),
        })),
      };
    },

    async createUnit(
      auth: AuthContext | null,
      input: {
        buildingId: string;
        stairwell: string;
        door: string;
        area: string;
        areaSource: AreaSource;
        developerHeld: boolean;
      },
    ) {
      const { node: building, auth: a } = await reachableNode(auth, input.buildingId, REGISTRY_EDITORS);
      if (building.kind !== 'building' || !building.parent_id) throw fieldError('buildingId', 'not_a_building');
      const areaHundredths = areaToHundredths(input.area);
      if (areaHundredths <= 0) throw fieldError('area', 'area');
      return db.transaction().execute(async (trx) => {
        if (await registry.findUnitByAddress(building.id, input.stairwell, input.door, trx)) throw duplicateDoor();
        let id: string;
        try {
          id = await registry.createUnit(
            {
              compoundId: building.parent_id as string,
              buildingId: building.id,
              stairwell: input.stairwell,
              door: input.door,
              areaHundredths,
              areaSource: input.areaSource,
              developerHeld: input.developerHeld,
            },
            trx,
          );
        } catch (err) {
          if (isUniqueViolation(err)) throw duplicateDoor();
          throw err;
        }
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.unit_created',
            targetType: 'unit',
            targetId: id,
            nodeId: building.id,
            details: { stairwell: input.stairwell, door: input.door, area: input.area },
          },
          trx,
        );
        return { id, label: addressLabel(building.name, input.stairwell, input.door) };
      });
    },

    async updateUnit(
      auth: AuthContext | null,
      id: string,
      patch: Partial<{
        stairwell: string;
        door: string;
        area: string;
        areaSource: AreaSource;
        developerHeld: boolean;
        expectedVersion: number;
      }>,
    ) {
      const { unit, auth: a } = await reachableUnit(auth, id, REGISTRY_EDITORS);
      // An edit made against an older version is refused (ADR 0002); the UPDATE checks it again.
      checkVersion(unit, patch.expectedVersion);
      const { expectedVersion: _, ...fields } = patch;
      const set: Parameters<typeof registry.updateUnit>[2] = {};
      if (patch.stairwell !== undefined) set.stairwell = patch.stairwell;
      if (patch.door !== undefined) set.door = patch.door;
      if (patch.area !== undefined) {
        set.area_hundredths = areaToHundredths(patch.area);
        if (set.area_hundredths <= 0) throw fieldError('area', 'area');
      }
      if (patch.areaSource !== undefined) set.area_source = patch.areaSource;
      if (patch.developerHeld !== undefined) set.developer_held = patch.developerHeld ? 1 : 0;
      await db.transaction().execute(async (trx) => {
        const st = set.stairwell ?? unit.stairwell;
        const door = set.door ?? unit.door;
        const clash = await registry.findUnitByAddress(unit.building_id, st, door, trx);
        if (clash && clash.id !== unit.id) throw duplicateDoor();
        let written: boolean;
        try {
          written = await registry.updateUnit(unit.id, unit.version, set, trx);
        } catch (err) {
          if (isUniqueViolation(err)) throw duplicateDoor();
          throw err;
        }
        if (!written) throw refusal(await registry.findUnit(unit.id, trx), unit.version, 'unit') ?? new AppError('CONFLICT');
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.unit_updated',
            targetType: 'unit',
            targetId: unit.id,
            nodeId: unit.building_id,
            details: fields,
          },
          trx,
        );
      });
      return { id: unit.id, version: unit.version + 1 };
    },

    async setOwners(auth: AuthContext | null, id: string, owners: Array<{ personId: string; representative: boolean }>) {
      const { unit, auth: a } = await reachableUnit(auth, id, REGISTRY_EDITORS);
      const seen = new Set<string>();
      for (const [i, o] of owners.entries()) {
        if (seen.has(o.personId)) throw fieldError(`owners.${i}.personId`, 'duplicate');
        seen.add(o.personId);
        const p = await registry.findPerson(o.personId);
        if (!p || !ensureCan(a, p.node_path)) throw fieldError(`owners.${i}.personId`, 'not_found');
      }
      if (owners.length && owners.filter((o) => o.representative).length !== 1) throw fieldError('owners', 'one_representative');
      await db.transaction().execute(async (trx) => {
        await registry.setOwners(unit.id, owners, trx);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'registry.owners_set',
            targetType: 'unit',
            targetId: unit.id,
            nodeId: unit.building_id,
            details: { owners: owners.map((o) => o.personId) },
          },
          trx,
        );
      });
      return { id: unit.id };
    },
  };
}

function ensureCan(a: AuthContext, path: string): boolean {
  return a.grants.some((g) => REGISTRY_EDITORS.includes(g.role) && path.startsWith(g.path));
}

/** A unique-constraint violation on either database (the race the pre-check cannot close). */
export function isUniqueViolation(err: unknown): boolean {
  return constraintKind(err) === 'unique';
}

export { parseTags };
export type RegistryService = ReturnType<typeof createRegistryService>;
