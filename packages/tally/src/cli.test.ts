import { describe, expect, it } from 'vitest';
import { runTallyCli, TALLY_USAGE, type TallyCliIo } from './cli';

/** An in-memory file system and captured output. */
function fakeIo(files: Record<string, string>): TallyCliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    readFile(path: string): string {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    stdout(s: string): void {
      io.out += s;
    },
    stderr(s: string): void {
      io.err += s;
    },
  };
  return io;
}

/**
 * The DESIGN.md example: 120 owners / 10890.00 m², 85 took part holding 7710.25 m²,
 * 70 said yes holding 6402.00 m² (matter 6, three quarters).
 */
function designExample(): string {
  const groups: [count: number, area: string, last: string, choice?: string][] = [
    [70, '91.50', '88.50', 'yes'], // 69 × 91.50 + 88.50 = 6402.00
    [10, '87.25', '87.25', 'no'], // 10 × 87.25 = 872.50
    [5, '87.25', '86.75', 'abstain'], // 4 × 87.25 + 86.75 = 435.75 → participated 7710.25
    [35, '90.75', '94.25'], // 34 × 90.75 + 94.25 = 3179.75 → total 10890.00
  ];
  const units: { unit: string; owner: string; area: string }[] = [];
  const ballots: { owner: string; choice: string }[] = [];
  for (const [count, area, last, choice] of groups) {
    for (let i = 0; i < count; i++) {
      const n = units.length + 1;
      const owner = `O${n}`;
      units.push({ unit: `${Math.ceil(n / 12)}-${100 + (n % 12) + 1}`, owner, area: i === count - 1 ? last : area });
      if (choice !== undefined) ballots.push({ owner, choice });
    }
  }
  return JSON.stringify({ matter: 6, units, ballots });
}

describe('lianxin tally', () => {
  it('prints the DESIGN.md example result as one JSON line and exits 0', () => {
    const io = fakeIo({ 'vote.json': designExample() });
    expect(runTallyCli(['--input', 'vote.json'], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out.endsWith('}\n')).toBe(true);
    expect(io.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(io.out)).toEqual({
      matter: 6,
      rule: 'three-quarters',
      totals: { owners: 120, area: '10890.00' },
      participated: { owners: 85, area: '7710.25' },
      yes: { owners: 70, area: '6402.00' },
      no: { owners: 10, area: '872.50' },
      abstain: { owners: 5, area: '435.75' },
      quorumMet: true,
      passed: true,
    });
  });

  it('accepts --input=FILE', () => {
    const io = fakeIo({ 'v.json': designExample() });
    expect(runTallyCli(['--input=v.json'], io)).toBe(0);
  });

  it('prints usage for --help and exits 0', () => {
    const io = fakeIo({});
    expect(runTallyCli(['--help'], io)).toBe(0);
    expect(io.out).toBe(`${TALLY_USAGE}\n`);
  });

  const units = '[{"unit":"1-101","owner":"A","area":"89.50"},{"unit":"1-102","owner":"B","area":"60.00"}]';
  const badFiles: [label: string, text: string, culprit: RegExp][] = [
    [
      'unknown owner',
      `{"matter":1,"units":${units},"ballots":[{"owner":"Z","choice":"yes"}]}`,
      /ballots\[0\]\.owner: unknown owner "Z"/,
    ],
    [
      'second ballot',
      `{"matter":1,"units":${units},"ballots":[{"owner":"A","choice":"yes"},{"owner":"A","choice":"no"}]}`,
      /ballots\[1\]\.owner: second ballot from owner "A"/,
    ],
    [
      'unknown choice',
      `{"matter":1,"units":${units},"ballots":[{"owner":"A","choice":"oui"}]}`,
      /ballots\[0\]\.choice: unknown choice "oui"/,
    ],
    [
      'negative area',
      '{"matter":1,"units":[{"unit":"1-101","owner":"A","area":"-89.50"}],"ballots":[]}',
      /units\[0\]\.area: negative area "-89\.50"/,
    ],
    [
      'malformed area',
      '{"matter":1,"units":[{"unit":"1-101","owner":"A","area":"89.501"}],"ballots":[]}',
      /units\[0\]\.area: malformed area "89\.501"/,
    ],
    [
      'numeric area',
      '{"matter":1,"units":[{"unit":"1-101","owner":"A","area":89.5}],"ballots":[]}',
      /units\[0\]\.area: area must be a string/,
    ],
    ['matter outside 1-9', `{"matter":10,"units":${units},"ballots":[]}`, /matter: must be an integer from 1 to 9.* 10$/],
    [
      'duplicate unit',
      '{"matter":1,"units":[{"unit":"1","owner":"A","area":"1"},{"unit":"1","owner":"B","area":"1"}],"ballots":[]}',
      /units\[1\]\.unit: unit "1" is listed twice/,
    ],
    ['empty electorate', '{"matter":1,"units":[],"ballots":[]}', /units: the electorate is empty/],
    ['missing ballots', `{"matter":1,"units":${units}}`, /ballots: missing/],
    ['invalid JSON', '{"matter":1,', /vote\.json is not valid JSON: /],
  ];

  it.each(badFiles)('%s: exits 2 with one line naming the culprit', (_label, text, culprit) => {
    const io = fakeIo({ 'vote.json': text });
    expect(runTallyCli(['--input', 'vote.json'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.endsWith('\n')).toBe(true);
    const lines = io.err.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lianxin tally: vote\.json/);
    expect(lines[0]).toMatch(culprit);
  });

  it('an unreadable file exits 2 naming the file', () => {
    const io = fakeIo({});
    expect(runTallyCli(['--input', 'nope.json'], io)).toBe(2);
    expect(io.err).toMatch(/^lianxin tally: cannot read nope\.json: ENOENT/);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [[], /missing --input FILE/],
    [['--input'], /--input needs a FILE/],
    [['vote.json'], /unexpected argument "vote\.json"/],
    [['--input', 'a.json', '--input', 'b.json'], /--input given more than once/],
  ])('arguments %j exit 2 with usage', (argv, problem) => {
    const io = fakeIo({});
    expect(runTallyCli(argv as string[], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(problem);
    expect(io.err).toContain(TALLY_USAGE);
  });
});
