import type { Generated } from 'kysely';

export interface UnitsTable {
  id: string;
  compound_id: string;
  building_id: string;
  /** 单元: the stairwell of the building. Door numbers repeat from one 单元 to the next. */
  stairwell: string;
  /** 门牌号 */
  door: string;
  /** Exclusive area in hundredths of m² (integer, exact). */
  area_hundredths: number;
  area_source: 'registered' | 'surveyed' | 'contract';
  /** The developer still holds it (unsold or undelivered): all such units count as one owner. */
  developer_held: number;
  created_at: string;
  /** Raised by every write of the form's fields; an edit names the one it was made against (ADR 0002). */
  version: Generated<number>;
}

export interface UnitOwnersTable {
  unit_id: string;
  person_id: string;
  representative: number;
}

export interface NotificationsTable {
  id: string;
  person_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface VolunteerHoursTable {
  id: string;
  person_id: string;
  compound_id: string;
  source_type: 'order' | 'visit' | 'duty' | 'event' | 'manual';
  source_id: string;
  activity: string;
  served_on: string;
  place: string;
  minutes: number;
  organiser: string;
  team: string | null;
  created_at: string;
}

export interface FoundationTables {
  units: UnitsTable;
  unit_owners: UnitOwnersTable;
  notifications: NotificationsTable;
  volunteer_hours: VolunteerHoursTable;
}
