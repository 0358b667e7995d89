import type { ScheduledJob } from '../../lib/jobs';
import type { VotesService } from './votes.service';

/**
 * Closes votes whose window has ended. The scheduler runs it on one instance per period (a lease),
 * and each close is a conditional update, so even two instances running it at once close a vote
 * exactly once and compute its result once.
 */
export function votesCloseJob(votes: Pick<VotesService, 'closeDue'>, everyMs = 5_000): ScheduledJob {
  return { name: 'votes.close-due', everyMs, run: () => votes.closeDue() };
}

/** Reminds owners who have not voted, 48 hours before a vote closes (once per vote). */
export function votesRemindJob(votes: Pick<VotesService, 'remindDue'>, everyMs = 60_000): ScheduledJob {
  return { name: 'votes.remind', everyMs, run: () => votes.remindDue() };
}
