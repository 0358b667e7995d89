/** Table types of groups, events, tickets, health checks, day-care and calendar feeds. */

export interface GroupsTable {
  id: string;
  node_id: string;
  kind: 'club' | 'daycare' | 'health';
  name: string;
  description: string;
  min_age: number | null;
  max_age: number | null;
  /** JSON array: the audience is anyone with one of these tags (empty: everyone). */
  tags: string;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  person_id: string;
  role: 'member' | 'leader';
  joined_at: string;
  left_at: string | null;
}

export interface EventsTable {
  id: string;
  node_id: string;
  group_id: string | null;
  kind: 'activity' | 'health_check' | 'daycare';
  title: string;
  place: string;
  description: string;
  /** The first occurrence's start, UTC ISO. */
  starts_at: string;
  duration_min: number;
  /** The RRULE subset of calendar/rrule.ts, or null for a single event. */
  rrule: string | null;
  capacity: number | null;
  min_age: number | null;
  max_age: number | null;
  tags: string;
  signup_opens_hours: number | null;
  signup_closes_min: number;
  organiser_person_id: string;
  sequence: number;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}

export interface EventOccurrencesTable {
  id: string;
  event_id: string;
  /** The original start in UTC, 20261127T113000Z: stable even when the occurrence moves. */
  occ_key: string;
  starts_at: string;
  ends_at: string;
  title: string | null;
  place: string | null;
  status: 'scheduled' | 'cancelled';
  capacity: number | null;
  taken: number;
  /** 1 when this occurrence was changed on its own (a RECURRENCE-ID override). */
  changed: number;
  updated_at: string;
  /** When those signed up were reminded, the day before (once). */
  reminded_at?: string | null;
}

export interface EventSignupsTable {
  id: string;
  occurrence_id: string;
  event_id: string;
  person_id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  ticket_code: string;
  actor_account_id: string | null;
  channel: string | null;
  created_at: string;
  seq: string;
  cancelled_at: string | null;
  checked_in_at: string | null;
  checked_in_by: string | null;
}

export interface HealthVisitsTable {
  id: string;
  event_id: string;
  person_id: string;
  outcome: 'visited' | 'not_home' | 'declined';
  visited_on: string;
  visitor_account_id: string;
  note: string;
  created_at: string;
}

export interface HealthResultsTable {
  id: string;
  event_id: string | null;
  person_id: string;
  node_id: string;
  measured_on: string;
  systolic: number | null;
  diastolic: number | null;
  heart_rate: number | null;
  glucose_tenths: number | null;
  note: string;
  recorded_by: string;
  created_at: string;
}

export interface DaycareAttendanceTable {
  id: string;
  node_id: string;
  person_id: string;
  day: string;
  checked_in_at: string;
  checked_in_by: string;
}

export interface CalendarTokensTable {
  id: string;
  person_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** The check-in grace of one event kind at one node (migration 2026-12-07T0201-checkin-grace). */
export interface CheckinGraceTable {
  node_id: string;
  kind: 'activity' | 'health_check' | 'daycare';
  minutes: number;
  updated_at: string;
  updated_by: string;
}

export interface EventsModuleTables {
  groups: GroupsTable;
  group_members: GroupMembersTable;
  events: EventsTable;
  event_occurrences: EventOccurrencesTable;
  event_signups: EventSignupsTable;
  health_visits: HealthVisitsTable;
  health_results: HealthResultsTable;
  daycare_attendance: DaycareAttendanceTable;
  calendar_tokens: CalendarTokensTable;
  checkin_grace: CheckinGraceTable;
}
