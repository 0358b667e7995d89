/** Roles are granted at a node of the organisation tree and reach its subtree only. */
export const ROLES = [
  'resident',
  'volunteer',
  'branch_secretary',
  'committee_member',
  'community_worker',
  'medical_staff',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that run a compound: they may read full records of people in their subtree. */
export const STAFF_ROLES: readonly Role[] = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

export const NODE_KINDS = ['district', 'subdistrict', 'community', 'compound', 'building'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Channels through which staff act for a resident who has no phone. */
export const PROXY_CHANNELS = ['phone_call', 'walk_in', 'home_visit'] as const;
export type ProxyChannel = (typeof PROXY_CHANNELS)[number];
