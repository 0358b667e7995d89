/** How an owner voted. Anything else in a ballot is rejected. */
export type Choice = 'yes' | 'no' | 'abstain';

/** The choices in the order they are reported. */
export const CHOICES: readonly Choice[] = ['yes', 'no', 'abstain'];

/**
 * One exclusive unit of the electorate.
 * `owner` is the voting subject: the registry has already mapped the counting rules onto it
 * (the developer's held units, a buyer's several units and a unit's co-owners share one id).
 */
export interface TallyUnit {
  /** Unit number, e.g. "1-101"; unique within the electorate. */
  readonly unit: string;
  /** Voting-subject id. */
  readonly owner: string;
  /** Exclusive area in m², a string with at most two decimals, e.g. "89.50". */
  readonly area: string;
}

/** One owner's ballot. */
export interface TallyBallot {
  /** Voting-subject id; must appear in the units. */
  readonly owner: string;
  /** yes | no | abstain */
  readonly choice: Choice;
}

/** The input of {@link tally}: the matter (1–9 of Civil Code art. 278), electorate and ballots. */
export interface TallyInput {
  /** Art. 278 matter number, 1–9. Matters 6–8 need three quarters. */
  readonly matter: number;
  readonly units: readonly TallyUnit[];
  readonly ballots: readonly TallyBallot[];
}

/** Which threshold applied: ≥ 3/4 for matters 6–8, > 1/2 for the rest. */
export type Rule = 'three-quarters' | 'majority';

/** A headcount of voting subjects and their total area ("7710.25"). */
export interface Count {
  readonly owners: number;
  readonly area: string;
}

/** The result, with keys in the order DESIGN.md documents (`no` and `abstain` are extras). */
export interface TallyResult {
  readonly matter: number;
  readonly rule: Rule;
  readonly totals: Count;
  readonly participated: Count;
  readonly yes: Count;
  readonly no: Count;
  readonly abstain: Count;
  readonly quorumMet: boolean;
  readonly passed: boolean;
}

/**
 * Thrown for any input the law cannot be applied to. `path` names the culprit
 * (e.g. `ballots[3].owner`) and the message starts with it, so a one-line report is enough.
 */
export class TallyInputError extends Error {
  /** Where in the input the problem is, e.g. `units[2].area`. */
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'TallyInputError';
    this.path = path;
  }
}

/**
 * Describes a value for an error message on one line; long strings are cut so a pasted
 * file cannot flood the terminal.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
