import { describeValue, TallyInputError } from './types';

// Digits, optionally a point and one or two decimals. No sign, exponent, spaces or separators:
// anything a human might read two ways is refused rather than guessed.
const AREA_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses an area string ("89.5", "89.50", "0.01") into integer hundredths of m² (8950n).
 * BigInt because a whole electorate's sum can exceed 2^53 (100,000 owners × 1e9 m² = 1e16
 * hundredths), and the same type is then used everywhere so no conversion can lose a digit.
 *
 * @param text the area; must be a string (JSON numbers are refused: 0.1 is not exact in binary)
 * @param path where the value came from, used in the error message
 * @throws TallyInputError naming `path` when the value is not a well-formed, non-negative area
 */
export function areaToHundredths(text: unknown, path = 'area'): bigint {
  if (typeof text !== 'string') {
    throw new TallyInputError(
      path,
      `area must be a string such as "89.50", got ${describeValue(text)}` +
        (typeof text === 'number' ? ' (numbers are refused so the arithmetic stays exact)' : ''),
    );
  }
  const match = AREA_PATTERN.exec(text);
  if (match === null) {
    const negative = /^-\s*\d/.test(text);
    throw new TallyInputError(
      path,
      negative
        ? `negative area ${describeValue(text)}`
        : `malformed area ${describeValue(text)} (expected digits with at most two decimals, e.g. "89.50")`,
    );
  }
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return BigInt(whole + fraction);
}

/**
 * Formats integer hundredths of m² as an area string with exactly two decimals (8950n → "89.50").
 * @throws RangeError for a negative amount, which no tally can produce
 */
export function hundredthsToArea(hundredths: bigint): string {
  if (hundredths < 0n) throw new RangeError(`negative area: ${hundredths} hundredths`);
  const digits = hundredths.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
