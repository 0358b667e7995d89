import type {
  CreateVoteInput,
  ElectorateView,
  KeyingOutcome,
  OfficialCheckInput,
  OfficialReport,
  PaperBallotView,
  PaperSheet,
  PublishedResults,
  Turnout,
  VoteDetail,
  VoteSummary,
} from '@lianxin/shared';
import { api } from '../../lib/api';

/** The votes API, typed by the shared schemas. */
export const votesApi = {
  list: () => api<VoteSummary[]>('/api/v1/votes'),
  compounds: () => api<Array<{ id: string; name: string }>>('/api/v1/votes/compounds'),
  create: (body: CreateVoteInput) => api<{ id: string }>('/api/v1/votes', { method: 'POST', body }),
  get: (id: string) => api<VoteDetail>(`/api/v1/votes/${encodeURIComponent(id)}`),
  cast: (id: string, choice: string) =>
    api<{ receipt: string; ballotId: string }>(`/api/v1/votes/${encodeURIComponent(id)}/ballots`, {
      method: 'POST',
      body: { choice },
    }),
  electorate: (id: string) => api<ElectorateView>(`/api/v1/votes/${encodeURIComponent(id)}/electorate`),
  turnout: (id: string) => api<Turnout>(`/api/v1/votes/${encodeURIComponent(id)}/turnout`),
  paper: (id: string) => api<PaperBallotView[]>(`/api/v1/votes/${encodeURIComponent(id)}/paper-ballots`),
  sheet: (id: string) => api<PaperSheet>(`/api/v1/votes/${encodeURIComponent(id)}/paper-sheet`),
  keyPaper: (id: string, code: string, choice: string) =>
    api<KeyingOutcome>(`/api/v1/votes/${encodeURIComponent(id)}/paper-keyings`, { method: 'POST', body: { code, choice } }),
  close: (id: string) => api<void>(`/api/v1/votes/${encodeURIComponent(id)}/close`, { method: 'POST' }),
  results: (id: string) => api<PublishedResults>(`/api/v1/votes/${encodeURIComponent(id)}/results`),
  officialCheck: (id: string, body: OfficialCheckInput) =>
    api<OfficialReport>(`/api/v1/votes/${encodeURIComponent(id)}/official-check`, { method: 'POST', body }),
};
