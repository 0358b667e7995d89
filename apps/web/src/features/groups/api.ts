import { api } from '../../lib/api';
import type { Occurrence } from '../events/api';

export interface Group {
  id: string;
  nodeId: string;
  nodeName: string;
  kind: string;
  name: string;
  description: string;
  minAge: number | null;
  maxAge: number | null;
  tags: string[];
  memberCount: number;
}

export interface GroupPageData {
  group: Group;
  myRole: 'member' | 'leader' | null;
  canLead: boolean;
  leaders: string[];
  members: Array<{ personId: string; name: string; role: string }> | null;
  upcoming: Occurrence[];
}

export const groupsApi = {
  list: () => api<{ groups: Array<Group & { member: boolean }> }>('/api/v1/groups'),
  get: (id: string) => api<GroupPageData>(`/api/v1/groups/${id}`),
  join: (id: string) => api<void>(`/api/v1/groups/${id}/join`, { method: 'POST' }),
  create: (body: object) => api<{ id: string }>('/api/v1/groups', { method: 'POST', body }),
  appoint: (id: string, personId: string, role: 'member' | 'leader') =>
    api<void>(`/api/v1/groups/${id}/members`, { method: 'POST', body: { personId, role } }),
  leave: (id: string) => api<void>(`/api/v1/groups/${id}/leave`, { method: 'POST' }),
};
