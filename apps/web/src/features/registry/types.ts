/** Shapes the registry API answers with (see the server's registry.schemas.ts). */
export interface NodeSummary {
  id: string;
  kind: string;
  name: string;
}
export interface NodeDetail extends NodeSummary {
  parentId: string | null;
  ancestors: NodeSummary[];
  children: NodeSummary[];
  childKind: string | null;
  households: number;
  residents: number;
  canEdit: boolean;
}
export interface SearchResult {
  id: string;
  name: string;
  phone: string | null;
  birthYear: number | null;
  tags: string[];
  address: string;
  compound: string;
  buildingId: string | null;
  /** Owns a unit in the searched compound: only owners may join its 业委会. */
  owner: boolean;
}
export interface UnitView {
  id: string;
  stairwell: string;
  door: string;
  label: string;
  area: string;
  areaSource: 'registered' | 'surveyed' | 'contract';
  developerHeld: boolean;
  /** Sent back as `expectedVersion` when editing (ADR 0002). */
  version: number;
  owners: Array<{ personId: string; name: string; representative: boolean }>;
  residents: Array<{ id: string; name: string; birthYear: number | null; tags: string[]; phone: string | null }>;
}
export interface BuildingDetail {
  id: string;
  name: string;
  compound: { id: string; name: string } | null;
  canEdit: boolean;
  units: UnitView[];
}
export interface PersonDetail {
  id: string;
  name: string;
  phone: string | null;
  hasPhone: boolean;
  birthYear: number | null;
  tags: string[];
  /** Sent back as `expectedVersion` when editing (ADR 0002). */
  version: number;
  address: {
    compoundId: string | null;
    compoundName: string | null;
    buildingId: string | null;
    buildingName: string | null;
    unitId: string | null;
    label: string;
  } | null;
  owns: Array<{ unitId: string; label: string; area: string; representative: boolean }>;
  branch: { id: string; name: string; secretary: boolean; joinedOn: string | null } | null;
  committee: { id: string; name: string; position: string } | null;
  canEdit: boolean;
}
export interface OrgDetail {
  compound: { id: string; name: string };
  canEdit: boolean;
  branch: {
    id: string;
    name: string;
    foundedOn: string | null;
    demonstration: boolean;
    secretary: { id: string; name: string } | null;
    members: Array<{ id: string; name: string; address: string; joinedOn: string | null }>;
  } | null;
  committee: {
    id: string;
    name: string;
    foundedOn: string | null;
    termStart: string;
    termEnd: string;
    chair: { id: string; name: string } | null;
    members: Array<{ id: string; name: string; position: string; address: string; alsoBranchMember: boolean; owner: boolean }>;
    /** Members who own no unit of the compound (seated before the rule, or sold since). */
    notOwners: number;
    warnings: string[];
  } | null;
}
