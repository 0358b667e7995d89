import type { ScheduledJob } from '../../lib/jobs';
import type { LogRepository } from './log.repository';

/**
 * The sequencer: every second, on the one instance holding the lease, puts the committed entries
 * not yet in the tree into it and signs a checkpoint. Its run stays under the lease's length, and
 * a second sequencer overlapping by accident fails on the checkpoint it would duplicate.
 */
export function logSequencerJob(log: Pick<LogRepository, 'sequence'>, everyMs = 1000): ScheduledJob {
  let running = false;
  return {
    name: 'log.sequence',
    everyMs,
    async run() {
      if (running) return 0;
      running = true;
      try {
        return await log.sequence(Math.max(200, everyMs - 200));
      } finally {
        running = false;
      }
    },
  };
}
