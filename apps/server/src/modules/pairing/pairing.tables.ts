export type VisitCondition = 'well' | 'needs_attention' | 'urgent';

export interface PairingsTable {
  id: string;
  compound_id: string;
  volunteer_id: string;
  resident_id: string;
  cadence_days: number;
  starts_on: string;
  ends_on: string | null;
  status: 'active' | 'ended';
  last_visit_on: string | null;
  /** last visit (or start) + cadence: what the overdue list and the reminder job read. */
  next_due_on: string;
  /** The next_due_on for which the volunteer was last reminded (one reminder per due date). */
  reminded_for: string | null;
  /** The next_due_on for which the branch secretary was told the visit is overdue (once). */
  overdue_reported_for?: string | null;
  created_by: string | null;
  created_at: string;
}

export interface PairingVisitsTable {
  id: string;
  pairing_id: string;
  visited_on: string;
  minutes: number;
  what: string;
  condition: VisitCondition;
  order_id: string | null;
  logged_by: string | null;
  created_at: string;
}

export interface PairingTables {
  pairings: PairingsTable;
  pairing_visits: PairingVisitsTable;
}
