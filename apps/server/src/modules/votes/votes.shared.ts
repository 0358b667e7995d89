import { createHash, randomInt } from 'node:crypto';
import { DECISION_CHOICES, type Role, VOTE_STAFF_ROLES } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { type AuthContext, reaches, requireAuth } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { LogRepository } from '../audit/log.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { VotesRepository } from './votes.repository';

export const STAFF: readonly Role[] = VOTE_STAFF_ROLES;
export const MAX_WINDOW_MS = 90 * 24 * 3600 * 1000;

// 32 symbols without 0/O, 1/I/L: a code read aloud or copied by hand survives.
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A receipt code like "K7QF-3M9X-P2HD" (about 59 bits of randomness), shown once. */
export function newReceiptCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The published hash: SHA-256 (hex) of the code's 12 characters, upper case, without dashes. */
export function receiptHash(code: string): string {
  return createHash('sha256').update(code.replace(/[-\s]/g, '').toUpperCase()).digest('hex');
}

export interface VotesServiceDeps {
  db: Kysely<DB>;
  votes: VotesRepository;
  audit: Pick<AuditRepository, 'append'>;
  /** Owners hear when a vote opens, 48 h before it closes if they have not voted, and its result. */
  notifications?: Pick<NotificationsRepository, 'notify'>;
  clock?: () => Date;
  /** The public log: a result's printed 公示 carries its latest checkpoint. */
  log?: Pick<LogRepository, 'latestCheckpoint'>;
}

export type VoteRow = NonNullable<Awaited<ReturnType<VotesRepository['findVote']>>>;

/** What every votes use case needs: the clock, and the checks every write makes. */
export function voteHelpers(deps: VotesServiceDeps) {
  const { votes } = deps;
  const clock = deps.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const optionsOf = (v: Pick<VoteRow, 'options'>) => JSON.parse(v.options) as Array<{ key: string; label: string }>;

  /** The vote when the caller runs votes in its compound; 404 otherwise (never reveal it exists). */
  async function staffVote(auth: AuthContext | null, id: string): Promise<VoteRow> {
    const a = requireAuth(auth);
    const v = await votes.findVote(id);
    if (!v || !reaches(a, v.compound_path, STAFF)) throw notFound('vote');
    return v;
  }

  function assertOpen(v: Pick<VoteRow, 'status' | 'opens_at' | 'closes_at'>, at: string) {
    if (v.status !== 'open' || at >= v.closes_at) throw new AppError('VOTE_CLOSED');
    if (at < v.opens_at) throw new AppError('VOTE_NOT_OPEN');
  }

  function validChoice(v: Pick<VoteRow, 'kind' | 'options'>, choice: string) {
    const ok =
      v.kind === 'decision'
        ? (DECISION_CHOICES as readonly string[]).includes(choice)
        : optionsOf(v).some((o) => o.key === choice);
    if (!ok) throw fieldError('choice', 'not an option of this vote');
  }

  return { clock, now, optionsOf, staffVote, assertOpen, validChoice };
}

export type VoteHelpers = ReturnType<typeof voteHelpers>;

/** The public summary fields of a vote row. */
export function summary(v: VoteRow) {
  return {
    id: v.id,
    compoundId: v.compound_id,
    compoundName: v.compound_name,
    kind: v.kind,
    matter: v.matter,
    title: v.title,
    status: v.status,
    opensAt: v.opens_at,
    closesAt: v.closes_at,
  };
}
