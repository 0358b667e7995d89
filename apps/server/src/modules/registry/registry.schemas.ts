import { z } from 'zod';

/** Response schemas of the registry routes: they whitelist what leaves the server. */
const ref = z.object({ id: z.string(), name: z.string() });
const tags = z.array(z.string());

export const nodeSummary = z.object({ id: z.string(), kind: z.string(), name: z.string() });
export const nodeDetailSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  ancestors: z.array(nodeSummary),
  children: z.array(nodeSummary),
  childKind: z.string().nullable(),
  households: z.number(),
  residents: z.number(),
  canEdit: z.boolean(),
});

export const buildingDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  compound: ref.nullable(),
  canEdit: z.boolean(),
  units: z.array(
    z.object({
      id: z.string(),
      stairwell: z.string(),
      door: z.string(),
      label: z.string(),
      area: z.string(),
      areaSource: z.string(),
      developerHeld: z.boolean(),
      /** Sent back as `expectedVersion` when editing the unit (ADR 0002). */
      version: z.number(),
      owners: z.array(z.object({ personId: z.string(), name: z.string(), representative: z.boolean() })),
      residents: z.array(
        z.object({ id: z.string(), name: z.string(), birthYear: z.number().nullable(), tags, phone: z.string().nullable() }),
      ),
    }),
  ),
});

export const personDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  hasPhone: z.boolean(),
  birthYear: z.number().nullable(),
  tags,
  nodeId: z.string(),
  /** Sent back as `expectedVersion` when editing the person (ADR 0002). */
  version: z.number(),
  address: z
    .object({
      compoundId: z.string().nullable(),
      compoundName: z.string().nullable(),
      buildingId: z.string().nullable(),
      buildingName: z.string().nullable(),
      unitId: z.string().nullable(),
      label: z.string(),
    })
    .nullable(),
  owns: z.array(z.object({ unitId: z.string(), label: z.string(), area: z.string(), representative: z.boolean() })),
  branch: z.object({ id: z.string(), name: z.string(), secretary: z.boolean(), joinedOn: z.string().nullable() }).nullable(),
  committee: z.object({ id: z.string(), name: z.string(), position: z.string() }).nullable(),
  canEdit: z.boolean(),
});

export const searchResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      birthYear: z.number().nullable(),
      tags,
      address: z.string(),
      compound: z.string(),
      buildingId: z.string().nullable(),
      /** Owns a unit in the searched subtree: may sit on its 业委会. */
      owner: z.boolean(),
    }),
  ),
});

export const orgSchema = z.object({
  compound: ref,
  canEdit: z.boolean(),
  branch: z
    .object({
      id: z.string(),
      name: z.string(),
      foundedOn: z.string().nullable(),
      demonstration: z.boolean(),
      secretary: ref.nullable(),
      members: z.array(z.object({ id: z.string(), name: z.string(), address: z.string(), joinedOn: z.string().nullable() })),
    })
    .nullable(),
  committee: z
    .object({
      id: z.string(),
      name: z.string(),
      foundedOn: z.string().nullable(),
      termStart: z.string(),
      termEnd: z.string(),
      chair: ref.nullable(),
      members: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          position: z.string(),
          address: z.string(),
          alsoBranchMember: z.boolean(),
          /** Owns a unit of this compound now; a member who does not is flagged for the staff to act on. */
          owner: z.boolean(),
        }),
      ),
      /** How many members own no unit of the compound. */
      notOwners: z.number(),
      warnings: z.array(z.string()),
    })
    .nullable(),
});

export const idOnly = z.object({ id: z.string() });
/** An edit's answer: the record and the version it now has (ADR 0002). */
export const idAndVersion = z.object({ id: z.string(), version: z.number() });
