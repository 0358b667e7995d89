import { api } from '../../lib/api';

export interface Occurrence {
  eventId: string;
  occKey: string;
  title: string;
  place: string;
  start: string;
  end: string;
  status: 'scheduled' | 'cancelled';
  changed: boolean;
  capacity: number | null;
  taken: number;
  kind: 'activity' | 'health_check' | 'daycare';
  groupId: string | null;
  nodeName: string;
  recurring: boolean;
}

export interface EventInfo {
  id: string;
  nodeId: string;
  nodeName: string;
  groupId: string | null;
  kind: string;
  title: string;
  place: string;
  description: string;
  start: string;
  durationMin: number;
  rrule: string | null;
  capacity: number | null;
  minAge: number | null;
  maxAge: number | null;
  tags: string[];
  organiserName: string;
  canManage: boolean;
}

export interface Signup {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  ticketCode: string;
  checkedInAt: string | null;
}

export interface OccurrencePageData {
  event: EventInfo;
  occurrence: Occurrence;
  mySignup: Signup | null;
  waitPosition: number | null;
  refusals: string[];
  signupOpensAt: string | null;
  signupClosesAt: string;
  roster: Array<{ signupId: string; name: string; status: string; checkedInAt: string | null }> | null;
}

export interface Ticket extends Signup {
  eventId: string;
  occKey: string;
  title: string;
  place: string;
  start: string;
  end: string;
  occurrenceStatus: string;
}

export interface CheckInResult {
  signupId: string;
  name: string;
  title: string;
  start: string;
  checkedInAt: string;
  creditedHours: boolean;
}

/** Calls of the events API (the server checks every permission; the UI only hides what cannot work). */
export const eventsApi = {
  week: (from?: string, node?: string) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (node) q.set('node', node);
    const s = q.toString();
    return api<{ from: string; to: string; occurrences: Occurrence[] }>(`/api/v1/events/week${s ? `?${s}` : ''}`);
  },
  occurrence: (eventId: string, key: string) => api<OccurrencePageData>(`/api/v1/events/${eventId}/occurrences/${key}`),
  signUp: (eventId: string, key: string) =>
    api<Signup>(`/api/v1/events/${eventId}/occurrences/${key}/signups`, { method: 'POST' }),
  cancel: (signupId: string) =>
    api<{ promoted: { signupId: string } | null }>(`/api/v1/signups/${signupId}/cancel`, { method: 'POST' }),
  changeOccurrence: (eventId: string, key: string, body: object) =>
    api<Occurrence>(`/api/v1/events/${eventId}/occurrences/${key}`, { method: 'PATCH', body }),
  updateSeries: (eventId: string, body: object) => api<EventInfo>(`/api/v1/events/${eventId}`, { method: 'PATCH', body }),
  cancelSeries: (eventId: string) => api<void>(`/api/v1/events/${eventId}/cancel`, { method: 'POST' }),
  tickets: () => api<{ tickets: Ticket[]; attended: number }>('/api/v1/me/tickets'),
  checkIn: (code: string) => api<CheckInResult>('/api/v1/tickets/checkin', { method: 'POST', body: { code } }),
  create: (body: object) => api<{ id: string }>('/api/v1/events', { method: 'POST', body }),
  attendance: (eventId: string) =>
    api<{ occurrences: Array<{ occKey: string; start: string; confirmed: number; waitlisted: number; attended: number }> }>(
      `/api/v1/events/${eventId}/attendance`,
    ),
  calendar: () => api<{ active: boolean; createdAt: string | null }>('/api/v1/me/calendar'),
  newCalendar: () => api<{ path: string }>('/api/v1/me/calendar', { method: 'POST' }),
  revokeCalendar: () => api<void>('/api/v1/me/calendar/revoke', { method: 'POST' }),
};

const TZ = 'Asia/Shanghai';

/** 11月28日 周六 19:30–21:00, always in Shanghai time whatever the phone's zone. */
export function formatWhen(start: string, end: string | null, lang: string): string {
  const loc = lang === 'en' ? 'en-GB' : 'zh-CN';
  const s = new Date(start);
  const day = s.toLocaleDateString(loc, { timeZone: TZ, month: 'short', day: 'numeric', weekday: 'short' });
  const hm = (d: Date) => d.toLocaleTimeString(loc, { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });
  return end ? `${day} ${hm(s)}–${hm(new Date(end))}` : `${day} ${hm(s)}`;
}

/** A full date and time, for "checked in at …". */
export function formatAt(iso: string, lang: string): string {
  const loc = lang === 'en' ? 'en-GB' : 'zh-CN';
  return new Date(iso).toLocaleString(loc, {
    timeZone: TZ,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

/** YYYY-MM-DD of a Shanghai day. */
export function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const occurrencePath = (o: { eventId: string; occKey: string }) => `/events/${o.eventId}/${o.occKey}`;
