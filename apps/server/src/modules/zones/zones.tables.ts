import type { Generated } from 'kysely';

export type ZoneType = '绿化' | '停车' | '楼道' | '公共区域';

export interface SitePlansTable {
  id: string;
  compound_id: string;
  mime: string;
  width: number;
  height: number;
  storage_key: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface ZonesTable {
  id: string;
  compound_id: string;
  name: string;
  type: ZoneType;
  /** JSON [[x, y], …] in the plan's pixel coordinates (y down). */
  polygon: string;
  max_claims: number;
  /** Kept in step with open claims so that claiming is one conditional UPDATE. */
  active_claims: number;
  created_by: string | null;
  created_at: string;
  archived_at: string | null;
  /** Raised by every write of the form's fields; an edit names the one it was made against (ADR 0002). */
  version: Generated<number>;
}

export interface ZoneClaimsTable {
  id: string;
  zone_id: string;
  person_id: string | null;
  team: string | null;
  claimed_by: string;
  claimed_at: string;
  released_at: string | null;
}

export interface ZoneDutiesTable {
  id: string;
  zone_id: string;
  person_id: string;
  done_on: string;
  minutes: number;
  what: string;
  photo_key: string | null;
  photo_mime: string | null;
  created_at: string;
}

export interface ZoneReportsTable {
  id: string;
  zone_id: string;
  x: number | null;
  y: number | null;
  text: string;
  reported_by: string;
  council_issue_id: string | null;
  created_at: string;
}

export interface CleanupsTable {
  id: string;
  compound_id: string;
  held_on: string;
  title: string;
  organiser: string;
  /** JSON array of zone ids the clean-up covered. */
  zone_ids: string;
  created_by: string | null;
  created_at: string;
}

export interface CleanupAttendanceTable {
  cleanup_id: string;
  person_id: string;
  minutes: number;
}

export interface ZonesTables {
  site_plans: SitePlansTable;
  zones: ZonesTable;
  zone_claims: ZoneClaimsTable;
  zone_duties: ZoneDutiesTable;
  zone_reports: ZoneReportsTable;
  cleanups: CleanupsTable;
  cleanup_attendance: CleanupAttendanceTable;
}
