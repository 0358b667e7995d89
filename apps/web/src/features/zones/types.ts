export interface Claim {
  id: string;
  personId: string | null;
  name: string | null;
  team: string | null;
  claimedAt: string;
}

export interface Zone {
  id: string;
  name: string;
  type: '绿化' | '停车' | '楼道' | '公共区域';
  polygon: Array<[number, number]>;
  maxClaims: number;
  activeClaims: number;
  claims: Claim[];
  /** Sent back as `expectedVersion` when editing (ADR 0002). */
  version: number;
}

export interface Plan {
  compoundId: string;
  compoundName: string;
  plan: { uploadId: string; width: number; height: number } | null;
  zones: Zone[];
  canEdit: boolean;
}
