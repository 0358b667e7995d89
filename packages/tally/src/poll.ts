/**
 * Quick polls (not statutory): yes/no, single choice, multiple choice and ranked, counted exactly.
 *
 * Ranked polls use the Borda count: with n options, an answer's first choice gets n−1 points, its
 * second n−2, and so on; options an answer leaves unranked get nothing from it. The order is by
 * points, then by first preferences, then by the options' own order — deterministic, and every
 * answer counts (instant-runoff would need full rankings from elders answering by SMS).
 */

export const POLL_KINDS = ['yes_no', 'single', 'multiple', 'ranked'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export class PollInputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_OPTION' | 'DUPLICATE_OPTION' | 'WRONG_COUNT',
    message: string,
  ) {
    super(message);
  }
}

export interface PollOptionCount {
  key: string;
  /** Answers choosing it (ranked: answers ranking it first). */
  votes: number;
  /** Ranked only: Borda points. */
  points?: number;
}

export interface PollResult {
  kind: PollKind;
  answers: number;
  /** In the poll's own option order. */
  options: PollOptionCount[];
  /** Option keys, most supported first (the tie rule above). */
  order: string[];
}

/** The option keys a poll of this kind offers ("yes"/"no" for yes_no). */
export function pollOptionKeys(kind: PollKind, keys: readonly string[]): string[] {
  return kind === 'yes_no' ? ['yes', 'no'] : [...keys];
}

/** Checks one answer (an array of option keys; ranked: in order of preference). */
export function checkPollAnswer(kind: PollKind, keys: readonly string[], answer: readonly string[], index = 0): void {
  const known = new Set(pollOptionKeys(kind, keys));
  const seen = new Set<string>();
  for (const k of answer) {
    if (!known.has(k)) throw new PollInputError('UNKNOWN_OPTION', `answer ${index}: unknown option ${k}`);
    if (seen.has(k)) throw new PollInputError('DUPLICATE_OPTION', `answer ${index}: option ${k} twice`);
    seen.add(k);
  }
  const single = kind === 'yes_no' || kind === 'single';
  if (answer.length === 0 || (single && answer.length !== 1))
    throw new PollInputError('WRONG_COUNT', `answer ${index}: ${answer.length} options chosen`);
}

/** Counts every answer; a bad one throws PollInputError naming it. */
export function countPoll(kind: PollKind, keys: readonly string[], answers: readonly (readonly string[])[]): PollResult {
  const options = pollOptionKeys(kind, keys);
  const votes = new Map(options.map((k) => [k, 0]));
  const points = new Map(options.map((k) => [k, 0]));
  const n = options.length;
  answers.forEach((a, i) => {
    checkPollAnswer(kind, keys, a, i);
    if (kind === 'ranked') {
      const first = a[0] as string;
      votes.set(first, (votes.get(first) ?? 0) + 1);
      a.forEach((k, rank) => {
        points.set(k, (points.get(k) ?? 0) + (n - 1 - rank));
      });
    } else for (const k of a) votes.set(k, (votes.get(k) ?? 0) + 1);
  });
  const rows = options.map((key, pos) => ({
    key,
    pos,
    votes: votes.get(key) ?? 0,
    points: points.get(key) ?? 0,
  }));
  const order = [...rows]
    .sort((a, b) => (kind === 'ranked' ? b.points - a.points : 0) || b.votes - a.votes || a.pos - b.pos)
    .map((r) => r.key);
  return {
    kind,
    answers: answers.length,
    options: rows.map((r) =>
      kind === 'ranked' ? { key: r.key, votes: r.votes, points: r.points } : { key: r.key, votes: r.votes },
    ),
    order,
  };
}
