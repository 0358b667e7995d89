import { parseTallyInput } from './parse';
import { tally } from './tally';
import { TallyInputError } from './types';

/** What the tally command needs from the outside world; injected so tests need no files. */
export interface TallyCliIo {
  /** Reads a whole UTF-8 file; throws if it cannot. */
  readFile(path: string): string;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** One-line usage, printed with `--help` and after argument errors. */
export const TALLY_USAGE =
  'usage: lianxin tally --input FILE   (FILE: JSON {"matter", "units", "ballots"}; prints the result as JSON)';

/** Exit code for bad arguments or bad input, distinct from 1 (a crash). */
const EXIT_BAD_INPUT = 2;

// stderr gets exactly one line per problem so scripts can grep it; error texts from the file
// system or JSON.parse may carry newlines.
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function messageOf(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

type Parsed = { readonly input: string } | { readonly help: true } | { readonly error: string };

function parseArgs(argv: readonly string[]): Parsed {
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--input') {
      value = argv[i + 1];
      i += 1;
      if (value === undefined || value === '') return { error: '--input needs a FILE' };
    } else if (arg.startsWith('--input=')) {
      value = arg.slice('--input='.length);
      if (value === '') return { error: '--input needs a FILE' };
    } else {
      return { error: `unexpected argument ${JSON.stringify(arg)}` };
    }
    if (input !== undefined) return { error: '--input given more than once' };
    input = value;
  }
  return input === undefined ? { error: 'missing --input FILE' } : { input };
}

/**
 * `lianxin tally --input FILE`: reads the vote JSON, prints the result JSON and a newline on
 * stdout and returns 0. Bad arguments, an unreadable file, invalid JSON or input the law
 * cannot be applied to return 2 with one line on stderr naming the culprit (plus the usage
 * line for argument errors).
 *
 * @param argv the arguments after `tally`, i.e. `process.argv.slice(3)`
 * @returns the process exit code
 */
export function runTallyCli(argv: string[], io: TallyCliIo): number {
  const args = parseArgs(argv);
  if ('help' in args) {
    io.stdout(`${TALLY_USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    io.stderr(`lianxin tally: ${args.error}\n${TALLY_USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  const file = args.input;

  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    io.stderr(`lianxin tally: cannot read ${file}: ${messageOf(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`lianxin tally: ${file} is not valid JSON: ${messageOf(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    const result = tally(parseTallyInput(json));
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    // Only input errors are the user's to fix; anything else is a bug and should surface.
    if (!(error instanceof TallyInputError)) throw error;
    io.stderr(`lianxin tally: ${file}: ${messageOf(error)}\n`);
    return EXIT_BAD_INPUT;
  }
}
