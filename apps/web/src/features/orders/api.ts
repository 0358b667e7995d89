import { api } from '../../lib/api';

export interface OrderSummary {
  id: string;
  compoundId: string;
  category: string;
  description: string;
  windowStart: string;
  windowEnd: string;
  urgency: 'normal' | 'urgent';
  status: 'placed' | 'taken' | 'in_service' | 'done' | 'confirmed' | 'cancelled';
  buildingName: string | null;
  residentName: string;
  volunteerName: string | null;
  dispatchedToName: string | null;
  dispatchedToMe: boolean;
  mine: boolean;
  escalated: boolean;
  repeating: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrderDetail extends OrderSummary {
  minutes: number | null;
  doneNote: string | null;
  hasPhoto: boolean;
  rating: number | null;
  ratingComment: string | null;
  cancelReason: string | null;
  can: string[];
  timeline: Array<{
    at: string;
    action: string;
    toStatus: string | null;
    actorName: string | null;
    channel: string | null;
    onBehalf: boolean;
    note: string | null;
  }>;
}

export interface Stats {
  compoundId: string;
  compoundName: string;
  volunteers: number;
  services: number;
  minutes: number;
}

/** The orders API, typed for the pages. */
export const ordersApi = {
  list: (which: 'mine' | 'open' | 'held' | 'board') =>
    api<{ orders: OrderSummary[] }>(`/api/v1/orders/${which}`).then((r) => r.orders),
  get: (id: string) => api<OrderDetail>(`/api/v1/orders/${encodeURIComponent(id)}`),
  contact: (id: string) =>
    api<{ name: string; phone: string | null; address: string | null }>(`/api/v1/orders/${encodeURIComponent(id)}/contact`),
  call: (id: string) =>
    api<{ volunteerName: string | null; call: { kind: 'volunteer' | 'duty'; name: string; phone: string } | null }>(
      `/api/v1/orders/${encodeURIComponent(id)}/call`,
    ),
  act: (id: string, action: string, body?: unknown) =>
    api<{ ok: true }>(`/api/v1/orders/${encodeURIComponent(id)}/${action}`, { method: 'POST', body }),
  place: (body: unknown, key: string) =>
    api<{ id: string }>('/api/v1/orders', { method: 'POST', body, headers: { 'idempotency-key': key } }),
  series: (body: unknown, key: string) =>
    api<{ id: string }>('/api/v1/orders/series', { method: 'POST', body, headers: { 'idempotency-key': key } }),
  mySeries: () =>
    api<{
      series: Array<{
        id: string;
        category: string;
        description: string;
        weekdays: number[];
        timeStart: string;
        timeEnd: string;
      }>;
    }>('/api/v1/orders/series/mine').then((r) => r.series),
  stopSeries: (id: string) => api(`/api/v1/orders/series/${encodeURIComponent(id)}/stop`, { method: 'POST' }),
  stats: () => api<Stats>('/api/v1/orders/stats'),
  volunteers: (compoundId: string) =>
    api<{ volunteers: Array<{ id: string; name: string }> }>(
      `/api/v1/orders/volunteers?compoundId=${encodeURIComponent(compoundId)}`,
    ),
  settings: (compoundId: string) =>
    api<{ urgentLimitMinutes: number; normalLimitMinutes: number }>(`/api/v1/orders/settings/${encodeURIComponent(compoundId)}`),
  saveSettings: (compoundId: string, body: unknown) =>
    api(`/api/v1/orders/settings/${encodeURIComponent(compoundId)}`, { method: 'PUT', body }),
};

/** A fresh Idempotency-Key per form: a double tap or a retry after a lost answer makes one order. */
export function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
