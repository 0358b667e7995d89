import { api } from '../../lib/api';

export interface IssueSummary {
  id: string;
  compoundId: string;
  compoundName: string;
  title: string;
  category: string;
  status: string;
  supportCount: number;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface TimelineStep {
  at: string;
  kind: string;
  actorRole: string;
  note: string | null;
  meetingId: string | null;
  decisionId: string | null;
}
export interface ActionItem {
  id: string;
  title: string;
  ownerLabel: string;
  dueOn: string;
  status: string;
  doneAt: string | null;
  doneNote: string | null;
}
export interface Decision {
  id: string;
  meetingId: string;
  issueId: string | null;
  text: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  adopted: boolean;
  responsibleLabel: string;
  quorum: { members: number; present: number; required: number } | null;
  deadline: string;
  noticeFrom: string;
  noticeUntil: string;
  createdAt: string;
  actions: ActionItem[];
}
export interface Comment {
  id: string;
  authorRole: string;
  body: string;
  createdAt: string;
  hidden: boolean;
  hiddenReason: string | null;
  mine: boolean;
}
export interface IssueDetail extends IssueSummary {
  description: string;
  source: string;
  building: { id: string; name: string } | null;
  plan: { x: number; y: number; zoneId: string | null } | null;
  locationText: string | null;
  photos: string[];
  answer: string | null;
  hiddenReason: string | null;
  mergedIntoId: string | null;
  closedAt: string | null;
  timeline: TimelineStep[];
  decisions: Decision[];
  comments: Comment[];
  me: { supported: boolean; raisedByMe: boolean; staff: boolean };
  reporter: { name: string | null; contact: string | null; door?: string } | null;
  /** The raiser's consent to show the photos publicly: for the raiser and staff only. */
  photoConsent: { given: boolean; at: string | null; channel: string | null; withdrawnReason: string | null } | null;
}
export interface PublicIssue extends Omit<IssueSummary, 'hidden'> {
  description: string;
  photos: string[];
  answer: string | null;
  closedAt: string | null;
  timeline: TimelineStep[];
  decisions: Decision[];
}
export interface Member {
  id: string;
  personId: string;
  name: string;
  kind: string;
  title: string | null;
  door?: string;
  phone?: string | null;
}
export interface MeetingSummary {
  id: string;
  kind: string;
  title: string;
  scheduledAt: string;
  place: string;
  status: string;
}
export interface MeetingDetail extends MeetingSummary {
  compoundId: string;
  compoundName: string;
  minutes: string;
  /** Sent back as `expectedVersion` with the minutes (ADR 0002). */
  version: number;
  openedAt: string | null;
  closedAt: string | null;
  members: Array<Member & { present: boolean | null }>;
  agenda: Array<{
    id: string;
    issueId: string | null;
    title: string;
    position: number;
    issueStatus: string | null;
    issueCategory: string | null;
    supportCount: number | null;
  }>;
  decisions: Decision[];
  candidates: IssueSummary[];
}
export interface PublicDecision extends Decision {
  compoundName: string;
  meetingTitle: string;
  meetingAt: string;
  issueTitle: string | null;
  issuePhotos: string[];
  noticeState: 'upcoming' | 'in_notice' | 'ended';
}

/**
 * Where a photo of an issue is served: members read it under the issue's own rules (a hidden
 * issue's only for its raiser and staff); the public address works while the issue is shown and
 * its raiser's consent to publication is recorded.
 */
export function issuePhotoUrl(issueId: string, photoId: string, audience: 'member' | 'public'): string {
  const base = audience === 'public' ? '/api/v1/public/council/issues' : '/api/v1/council/issues';
  return `${base}/${encodeURIComponent(issueId)}/photos/${encodeURIComponent(photoId)}`;
}

const post = <T = { ok: true }>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

/** The council API, one function per call. */
export const councilApi = {
  issues: (compoundId: string, status: string, category: string) =>
    api<{ issues: IssueSummary[] }>(
      `/api/v1/council/issues?${new URLSearchParams({ compoundId, ...(status ? { status } : {}), ...(category ? { category } : {}) })}`,
    ),
  issue: (id: string) => api<IssueDetail>(`/api/v1/council/issues/${id}`),
  publicIssue: (id: string) => api<PublicIssue>(`/api/v1/public/council/issues/${id}`),
  buildings: (compoundId: string) =>
    api<{ buildings: Array<{ id: string; name: string }> }>(`/api/v1/council/compounds/${compoundId}/buildings`),
  raise: (body: unknown) => post<{ id: string }>('/api/v1/council/issues', body),
  support: (id: string) => post<{ supportCount: number }>(`/api/v1/council/issues/${id}/support`),
  comment: (id: string, body: string) => post<{ id: string }>(`/api/v1/council/issues/${id}/comments`, { body }),
  hideComment: (id: string, reason: string) => post(`/api/v1/council/comments/${id}/hide`, { reason }),
  answer: (id: string, answer: string) => post(`/api/v1/council/issues/${id}/answer`, { answer }),
  hide: (id: string, reason: string) => post(`/api/v1/council/issues/${id}/hide`, { reason }),
  unhide: (id: string) => post(`/api/v1/council/issues/${id}/unhide`),
  merge: (id: string, intoIssueId: string) => post(`/api/v1/council/issues/${id}/merge`, { intoIssueId }),
  start: (id: string, note?: string) => post(`/api/v1/council/issues/${id}/start`, note ? { note } : {}),
  resolve: (id: string, note?: string) => post(`/api/v1/council/issues/${id}/resolve`, note ? { note } : {}),
  reopen: (id: string, reason: string) => post(`/api/v1/council/issues/${id}/reopen`, { reason }),
  photoConsent: (id: string, given: boolean) => post(`/api/v1/council/issues/${id}/photo-consent`, { given }),
  withdrawPhotos: (id: string, reason: string) => post(`/api/v1/council/issues/${id}/photo-withdrawal`, { reason }),
  meetings: (compoundId: string) => api<{ meetings: MeetingSummary[] }>(`/api/v1/council/compounds/${compoundId}/meetings`),
  members: (compoundId: string) => api<{ members: Member[] }>(`/api/v1/council/compounds/${compoundId}/members`),
  people: (compoundId: string, q: string) =>
    api<{ people: Array<{ id: string; name: string; door: string; phone: string | null }> }>(
      `/api/v1/council/compounds/${compoundId}/people?q=${encodeURIComponent(q)}`,
    ),
  addMember: (body: unknown) => post('/api/v1/council/members', body),
  removeMember: (id: string) => api(`/api/v1/council/members/${id}`, { method: 'DELETE' }),
  createMeeting: (body: unknown) => post<{ id: string }>('/api/v1/council/meetings', body),
  meeting: (id: string) => api<MeetingDetail>(`/api/v1/council/meetings/${id}`),
  openMeeting: (id: string) => post(`/api/v1/council/meetings/${id}/open`),
  closeMeeting: (id: string) => post(`/api/v1/council/meetings/${id}/close`),
  addAgenda: (id: string, body: { issueId: string } | { title: string }) =>
    post<{ id: string }>(`/api/v1/council/meetings/${id}/agenda`, body),
  removeAgenda: (itemId: string) => api(`/api/v1/council/agenda/${itemId}`, { method: 'DELETE' }),
  discussed: (itemId: string, note?: string) => post(`/api/v1/council/agenda/${itemId}/discussed`, note ? { note } : {}),
  attendance: (id: string, memberId: string, present: boolean) =>
    api(`/api/v1/council/meetings/${id}/attendance`, { method: 'PUT', body: { memberId, present } }),
  minutes: (id: string, minutes: string, expectedVersion: number) =>
    api<{ version: number }>(`/api/v1/council/meetings/${id}/minutes`, { method: 'PUT', body: { minutes, expectedVersion } }),
  decide: (id: string, body: unknown) => post<{ id: string }>(`/api/v1/council/meetings/${id}/decisions`, body),
  addAction: (decisionId: string, body: unknown) => post<{ id: string }>(`/api/v1/council/decisions/${decisionId}/actions`, body),
  actionDone: (actionId: string, note?: string) => post(`/api/v1/council/actions/${actionId}/done`, note ? { note } : {}),
  publicDecision: (id: string) => api<PublicDecision>(`/api/v1/public/council/decisions/${id}`),
  keys: (nodeId: string) =>
    api<{ keys: Array<{ id: string; label: string; createdAt: string; revokedAt: string | null }> }>(
      `/api/v1/open311/keys?nodeId=${encodeURIComponent(nodeId)}`,
    ),
  createKey: (nodeId: string, label: string) => post<{ id: string; key: string }>('/api/v1/open311/keys', { nodeId, label }),
  revokeKey: (id: string) => api(`/api/v1/open311/keys/${id}`, { method: 'DELETE' }),
};
