import { checkTallyInput, rememberCheckedInput } from './tally';
import { describeValue, type TallyBallot, type TallyInput, TallyInputError, type TallyUnit } from './types';

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw new TallyInputError(path, `expected an object, got ${describeValue(value)}`);
  }
  return value;
}

function arrayAt(parent: JsonObject, key: string): readonly unknown[] {
  const value = parent[key];
  if (value === undefined) throw new TallyInputError(key, 'missing (expected an array)');
  if (!Array.isArray(value)) {
    throw new TallyInputError(key, `expected an array, got ${describeValue(value)}`);
  }
  return value;
}

function idAt(parent: JsonObject, key: string, path: string): string {
  const value = parent[key];
  if (value === undefined) throw new TallyInputError(`${path}.${key}`, 'missing');
  // Ids must be strings: a number id like 101 and "101" would otherwise be two owners or one
  // depending on who wrote the file.
  if (typeof value !== 'string' || value.length === 0) {
    throw new TallyInputError(`${path}.${key}`, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function parseUnit(value: unknown, i: number): TallyUnit {
  const path = `units[${i}]`;
  const o = objectAt(value, path);
  const unit = idAt(o, 'unit', path);
  const owner = idAt(o, 'owner', path);
  const area = o.area;
  if (area === undefined) throw new TallyInputError(`${path}.area`, 'missing');
  if (typeof area !== 'string') {
    throw new TallyInputError(
      `${path}.area`,
      `area must be a string such as "89.50", got ${describeValue(area)}` +
        (typeof area === 'number' ? ' (numbers are refused so the arithmetic stays exact)' : ''),
    );
  }
  return Object.freeze({ unit, owner, area });
}

function parseBallot(value: unknown, i: number): TallyBallot {
  const path = `ballots[${i}]`;
  const o = objectAt(value, path);
  const owner = idAt(o, 'owner', path);
  const choice = o.choice;
  if (choice === undefined) throw new TallyInputError(`${path}.choice`, 'missing');
  if (choice !== 'yes' && choice !== 'no' && choice !== 'abstain') {
    throw new TallyInputError(`${path}.choice`, `unknown choice ${describeValue(choice)} (expected "yes", "no" or "abstain")`);
  }
  return Object.freeze({ owner, choice });
}

/**
 * Turns parsed JSON (`{"matter", "units", "ballots"}`, as documented in DESIGN.md) into a
 * {@link TallyInput}, or throws. Fields other than the documented ones are dropped.
 * Areas must be strings with at most two decimals ("89.5", "89.50"); JSON numbers are refused
 * because a binary double cannot hold most decimal fractions exactly.
 *
 * Everything {@link tally} would reject is rejected here too (unknown owners, second ballots,
 * duplicate units, an empty electorate), so a returned input always tallies. The returned
 * input is deep-frozen.
 * @throws TallyInputError whose `path` and message name the culprit
 */
export function parseTallyInput(json: unknown): TallyInput {
  if (!isObject(json)) {
    throw new TallyInputError('input', `expected a JSON object with matter, units and ballots, got ${describeValue(json)}`);
  }
  const matter = json.matter;
  if (matter === undefined) throw new TallyInputError('matter', 'missing (expected 1 to 9)');
  if (typeof matter !== 'number') {
    throw new TallyInputError(
      'matter',
      `must be an integer from 1 to 9 (Civil Code art. 278), got ${typeof matter === 'string' ? 'the string ' : ''}${describeValue(matter)}`,
    );
  }
  // Frozen copies: the caller's JSON cannot change what was checked, and tally() can reuse
  // the counts made here instead of checking every record twice.
  const units = Object.freeze(arrayAt(json, 'units').map(parseUnit));
  const ballots = Object.freeze(arrayAt(json, 'ballots').map(parseBallot));
  const input: TallyInput = Object.freeze({ matter, units, ballots });
  rememberCheckedInput(input, checkTallyInput(input));
  return input;
}
