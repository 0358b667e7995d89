/** Kysely types of the orders module's tables (migration 2026-11-27T0300-orders). */
export interface OrdersTable {
  id: string;
  compound_id: string;
  building_id: string | null;
  node_path: string;
  resident_person_id: string;
  placed_by_account_id: string | null;
  channel: string;
  category: string;
  description: string;
  window_start: string;
  window_end: string;
  urgency: 'normal' | 'urgent';
  status: OrderStatus;
  volunteer_person_id: string | null;
  dispatched_to_person_id: string | null;
  dispatched_at: string | null;
  taken_at: string | null;
  started_at: string | null;
  done_at: string | null;
  minutes: number | null;
  done_note: string | null;
  photo_mime: string | null;
  photo_base64: string | null;
  confirmed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  escalated_at: string | null;
  /** The ladder's last step: the community worker was told (after the branch secretary). */
  escalated_worker_at?: string | null;
  series_id: string | null;
  series_date: string | null;
  created_at: string;
  updated_at: string;
}

export type OrderStatus = 'placed' | 'taken' | 'in_service' | 'done' | 'confirmed' | 'cancelled';

/** What placing an order decides: whose, where, what, when, through which channel. */
export type OrderPlacement = Pick<
  OrdersTable,
  | 'id'
  | 'compound_id'
  | 'building_id'
  | 'node_path'
  | 'resident_person_id'
  | 'placed_by_account_id'
  | 'channel'
  | 'category'
  | 'description'
  | 'window_start'
  | 'window_end'
  | 'urgency'
> &
  Partial<Pick<OrdersTable, 'series_id' | 'series_date'>>;

/**
 * A new order row, as placed at `at`: nothing has happened to it yet (no volunteer, no times, no
 * report, rating or cancellation). One shape for every way an order is placed — by the resident or
 * for her, from a home visit, from a repeating order.
 */
export function placedOrder(p: OrderPlacement, at: string): OrdersTable {
  return {
    ...p,
    status: 'placed',
    volunteer_person_id: null,
    dispatched_to_person_id: null,
    dispatched_at: null,
    taken_at: null,
    started_at: null,
    done_at: null,
    minutes: null,
    done_note: null,
    photo_mime: null,
    photo_base64: null,
    confirmed_at: null,
    rating: null,
    rating_comment: null,
    cancelled_at: null,
    cancel_reason: null,
    escalated_at: null,
    series_id: p.series_id ?? null,
    series_date: p.series_date ?? null,
    created_at: at,
    updated_at: at,
  };
}

export interface OrderEventsTable {
  id: string;
  order_id: string;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_account_id: string | null;
  actor_person_id: string | null;
  on_behalf_of: string | null;
  channel: string | null;
  note: string | null;
}

export interface OrderSeriesTable {
  id: string;
  compound_id: string;
  building_id: string | null;
  node_path: string;
  resident_person_id: string;
  created_by_account_id: string | null;
  category: string;
  description: string;
  weekdays: string;
  time_start: string;
  time_end: string;
  urgency: 'normal' | 'urgent';
  active: number;
  generated_until: string | null;
  created_at: string;
}

export interface OrderSettingsTable {
  compound_id: string;
  urgent_limit_minutes: number;
  normal_limit_minutes: number;
  updated_at: string;
}

/** 一键呼叫: a node's duty phone (migration 2026-12-06T1400-help-lines); the nearest node up the tree answers. */
export interface HelpLinesTable {
  node_id: string;
  name: string;
  phone: string;
  updated_by: string | null;
  updated_at: string;
}

export interface OrdersTables {
  help_lines: HelpLinesTable;
  orders: OrdersTable;
  order_events: OrderEventsTable;
  order_series: OrderSeriesTable;
  order_settings: OrderSettingsTable;
}
