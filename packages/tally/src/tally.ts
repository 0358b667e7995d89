import { areaToHundredths, hundredthsToArea } from './area';
import {
  type Choice,
  type Count,
  describeValue,
  type Rule,
  type TallyBallot,
  type TallyInput,
  TallyInputError,
  type TallyResult,
  type TallyUnit,
} from './types';

/**
 * Arithmetic, and why it is exact:
 * - Areas are BigInt hundredths of m². Sums and the small-constant cross-multiplications
 *   (3·p ≥ 2·t, 4·y ≥ 3·p, 2·y > p) never divide, so nothing is rounded at any size.
 * - Headcounts are plain numbers. Each is at most the length of a JS array (< 2^32), so the
 *   largest product, 4 · count < 2^34, is far below Number.MAX_SAFE_INTEGER (2^53 − 1):
 *   integer arithmetic on doubles is exact in that range.
 */

/** The threshold that art. 278 / art. 1259 apply to a matter. */
export function ruleForMatter(matter: number): Rule {
  if (!Number.isInteger(matter) || matter < 1 || matter > 9) {
    throw new TallyInputError('matter', `must be an integer from 1 to 9 (Civil Code art. 278), got ${describeValue(matter)}`);
  }
  // 6 raising the maintenance fund, 7 rebuilding, 8 changing the use of common parts.
  return matter >= 6 && matter <= 8 ? 'three-quarters' : 'majority';
}

/** One voting subject while checking: its units' summed area and its ballot, if any. */
interface OwnerEntry {
  /** Sum of the owner's units' areas, in hundredths of m². */
  area: bigint;
  /** The owner's ballot, or undefined before one is seen. */
  choice: Choice | undefined;
}

/** A headcount of voting subjects and their summed area in hundredths of m². */
export interface ExactCount {
  readonly owners: number;
  readonly area: bigint;
}

/** The exact counts of a checked input, before formatting. */
export interface CheckedTallyInput {
  readonly rule: Rule;
  readonly totals: ExactCount;
  readonly participated: ExactCount;
  readonly byChoice: Readonly<Record<Choice, ExactCount>>;
}

const VALID_CHOICE: ReadonlySet<string> = new Set<Choice>(['yes', 'no', 'abstain']);

/** Running headcount and area for one group of voting subjects. */
class Counter implements ExactCount {
  owners = 0;
  area = 0n;
  add(area: bigint): void {
    this.owners += 1;
    this.area += area;
  }
}

/**
 * Checks what typing cannot — the matter's range, area strings, unique units, ballots from
 * known owners, at most one ballot each — and counts in the same pass. Shared by {@link tally}
 * and the parser so both reject the same inputs with the same messages.
 * @throws TallyInputError naming the culprit
 */
export function checkTallyInput(input: TallyInput): CheckedTallyInput {
  const rule = ruleForMatter(input.matter);
  const { units, ballots } = input;
  if (units.length === 0) {
    throw new TallyInputError('units', 'the electorate is empty (no units)');
  }
  // One map operation per record where possible: this loop is the whole cost of a tally.
  const unitIds = new Set<string>();
  const owners = new Map<string, OwnerEntry>();
  let totalArea = 0n;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as TallyUnit;
    const before = unitIds.size;
    unitIds.add(u.unit);
    if (unitIds.size === before) {
      const first = units.findIndex((other) => other.unit === u.unit);
      throw new TallyInputError(`units[${i}].unit`, `unit ${describeValue(u.unit)} is listed twice (first at units[${first}])`);
    }
    const area = areaToHundredths(u.area, `units[${i}].area`);
    // A registered exclusive unit always has an area; zero would add a headcount with no weight,
    // which is a data error rather than a vote.
    if (area === 0n) {
      throw new TallyInputError(`units[${i}].area`, `area of unit ${describeValue(u.unit)} is zero`);
    }
    // Units sharing an owner id are one voting subject: their areas add up (SPC interp. art. 9).
    const entry = owners.get(u.owner);
    if (entry === undefined) owners.set(u.owner, { area, choice: undefined });
    else entry.area += area;
    totalArea += area;
  }

  const participated = new Counter();
  const byChoice = { yes: new Counter(), no: new Counter(), abstain: new Counter() };
  for (let i = 0; i < ballots.length; i++) {
    const b = ballots[i] as TallyBallot;
    const entry = owners.get(b.owner);
    if (entry === undefined) {
      throw new TallyInputError(
        `ballots[${i}].owner`,
        `unknown owner ${describeValue(b.owner)} (owns no unit in the electorate)`,
      );
    }
    if (entry.choice !== undefined) {
      const first = ballots.findIndex((other) => other.owner === b.owner);
      throw new TallyInputError(
        `ballots[${i}].owner`,
        `second ballot from owner ${describeValue(b.owner)} (first at ballots[${first}])`,
      );
    }
    if (!VALID_CHOICE.has(b.choice)) {
      throw new TallyInputError(
        `ballots[${i}].choice`,
        `unknown choice ${describeValue(b.choice)} (expected "yes", "no" or "abstain")`,
      );
    }
    entry.choice = b.choice;
    participated.add(entry.area);
    byChoice[b.choice].add(entry.area);
  }
  return { rule, totals: { owners: owners.size, area: totalArea }, participated, byChoice };
}

/**
 * Counts of inputs built by parseTallyInput. Those inputs are deep-frozen (only strings and
 * numbers inside), so their counts cannot go stale, and tally() need not check 200,000 records
 * a second time. A WeakMap so a dropped input takes its counts with it.
 */
const checkedInputs = new WeakMap<TallyInput, CheckedTallyInput>();

/**
 * Records the counts of an input that the caller has deep-frozen. Internal to this package:
 * only the parser calls it, right after checking the frozen input it built.
 */
export function rememberCheckedInput(input: TallyInput, checked: CheckedTallyInput): void {
  if (!Object.isFrozen(input) || !Object.isFrozen(input.units) || !Object.isFrozen(input.ballots)) {
    throw new TypeError("only a frozen input's counts can be remembered");
  }
  checkedInputs.set(input, checked);
}

const format = (c: ExactCount): Count => ({ owners: c.owners, area: hundredthsToArea(c.area) });

/**
 * Counts an owners' decision under Civil Code art. 278 and art. 1259.
 *
 * - Quorum: participants (yes, no or abstain) hold ≥ 2/3 of the total area AND are ≥ 2/3 of
 *   the owners ("以上" includes the boundary).
 * - Matters 6–8: yes ≥ 3/4 of the participating area AND of the participating owners.
 * - Other matters: yes strictly more than 1/2 ("过半数") of both.
 * - Without a quorum nothing passes.
 *
 * Exact: integer hundredths and cross-multiplication, no floating point.
 * @throws TallyInputError naming the culprit when the input is inconsistent
 */
export function tally(input: TallyInput): TallyResult {
  const { rule, totals, participated, byChoice } = checkedInputs.get(input) ?? checkTallyInput(input);
  const yes = byChoice.yes;
  const quorumMet = 3n * participated.area >= 2n * totals.area && 3 * participated.owners >= 2 * totals.owners;
  const thresholdMet =
    rule === 'three-quarters'
      ? 4n * yes.area >= 3n * participated.area && 4 * yes.owners >= 3 * participated.owners
      : 2n * yes.area > participated.area && 2 * yes.owners > participated.owners;

  return {
    matter: input.matter,
    rule,
    totals: format(totals),
    participated: format(participated),
    yes: format(yes),
    no: format(byChoice.no),
    abstain: format(byChoice.abstain),
    quorumMet,
    passed: quorumMet && thresholdMet,
  };
}
