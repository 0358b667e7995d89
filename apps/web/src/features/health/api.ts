import { api } from '../../lib/api';

export interface HealthEvent {
  id: string;
  title: string;
  place: string;
  nodeName: string;
  rrule: string | null;
  start: string;
}

export interface HomeVisitPerson {
  personId: string;
  name: string;
  reasons: string[];
  signedUp: boolean;
  visits: Array<{ id: string; outcome: 'visited' | 'not_home' | 'declined'; visitedOn: string; note: string }>;
}

export interface HealthResult {
  id: string;
  eventTitle: string | null;
  measuredOn: string;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  glucose: number | null;
  note: string;
}

export const healthApi = {
  events: () => api<{ events: HealthEvent[] }>('/api/v1/health/events'),
  homeVisits: (eventId: string) => api<{ people: HomeVisitPerson[] }>(`/api/v1/health/events/${eventId}/home-visits`),
  addVisit: (eventId: string, body: object) =>
    api<{ id: string }>(`/api/v1/health/events/${eventId}/home-visits`, { method: 'POST', body }),
  addResult: (body: object) => api<{ id: string }>('/api/v1/health/results', { method: 'POST', body }),
  results: (personId?: string) =>
    api<{ name: string; results: HealthResult[] }>(
      `/api/v1/health/results${personId ? `?personId=${encodeURIComponent(personId)}` : ''}`,
    ),
};
