/** Flow figures of one node in one month. Compounds come from the sources; ancestors sum children. */
export interface DashNodeMonthTable {
  node_id: string;
  month: string;
  scope: 'own' | 'total';
  orders_placed: number;
  orders_served: number;
  hours_minutes: number;
  hours_entries: number;
  take_count: number;
  /** JSON {bucketMinutes: count}: time from placing to taking, merged by addition. */
  take_hist: string;
  issues_raised: number;
  issues_resolved: number;
  decisions_made: number;
  decisions_delivered: number;
  events_held: number;
  event_attendance: number;
  votes_held: number;
  updated_at: string;
}

/** Current (stock) figures of one node. */
export interface DashNodeStockTable {
  node_id: string;
  scope: 'own' | 'total';
  compounds: number;
  branches: number;
  demo_sites: number;
  households: number;
  residents: number;
  party_members: number;
  volunteers: number;
  issues_open: number;
  updated_at: string;
}

export interface DashDirtyTable {
  compound_id: string;
  month: string;
}

export interface DashWatermarksTable {
  source: string;
  watermark: string;
}

export interface DashboardTables {
  dash_node_month: DashNodeMonthTable;
  dash_node_stock: DashNodeStockTable;
  dash_dirty: DashDirtyTable;
  dash_watermarks: DashWatermarksTable;
}
