/**
 * Benchmark of @lianxin/tally: parse + tally of a large electorate, next to a bare loop.
 *
 *   npx tsx bench/tally.ts            # 100,000 owners; writes bench/results/tally.md
 *   npx tsx bench/tally.ts --short    # 10,000 owners; writes bench/results/tally.short.tmp
 *
 * --short writes a git-ignored file so a smoke run never overwrites the committed report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTallyInput, tally } from '../packages/tally/src/index';

const short = process.argv.includes('--short');
const OWNERS = short ? 10_000 : 100_000;
const REPS = short ? 5 : 11;
const BASELINE_REPS = 201;
const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, 'results', short ? 'tally.short.tmp' : 'tally.md');

/** mulberry32: tiny, seedable, and the same on every machine, so every run tallies one vote. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface VoteJson {
  matter: number;
  units: { unit: string; owner: string; area: string }[];
  ballots: { owner: string; choice: 'yes' | 'no' | 'abstain' }[];
}

/**
 * A realistic shape: owner 0 is the developer holding 1% of the flats, ~5% of owners are buyers
 * with a second flat or a parking space, everybody votes (the most work for the tally), ballots
 * arrive in shuffled order.
 */
function buildVote(owners: number): VoteJson {
  const rand = prng(20_240_601);
  const area = (min: number, max: number): string => {
    const hundredths = min * 100 + Math.floor(rand() * (max - min) * 100);
    return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  };
  const units: VoteJson['units'] = [];
  const addUnit = (owner: string, a: string): void => {
    const n = units.length;
    units.push({ unit: `${Math.floor(n / 100) + 1}-${(n % 100) + 101}`, owner, area: a });
  };
  for (let i = 0; i < Math.max(1, Math.floor(owners / 100)); i++) addUnit('o0', area(60, 140));
  for (let o = 1; o < owners; o++) {
    addUnit(`o${o}`, area(40, 200));
    if (rand() < 0.05) addUnit(`o${o}`, rand() < 0.5 ? area(40, 200) : area(10, 15));
  }
  const ballots: VoteJson['ballots'] = [];
  for (let o = 0; o < owners; o++) {
    const r = rand();
    ballots.push({ owner: `o${o}`, choice: r < 0.8 ? 'yes' : r < 0.93 ? 'no' : 'abstain' });
  }
  for (let i = ballots.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const swap = ballots[i];
    const other = ballots[j];
    if (swap === undefined || other === undefined) continue;
    ballots[i] = other;
    ballots[j] = swap;
  }
  return { matter: 6, units, ballots };
}

/** Runs `fn` `reps` times after one warm-up and returns the sorted durations in ms. */
function time(reps: number, fn: () => void): number[] {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b);
}
const min = (ms: number[]): number => ms[0] ?? Number.NaN;
const median = (ms: number[]): number => ms[Math.floor(ms.length / 2)] ?? Number.NaN;
const fmt = (ms: number): string => ms.toFixed(ms < 1 ? 3 : 1);

const vote = buildVote(OWNERS);
const text = JSON.stringify(vote);
const records = vote.units.length + vote.ballots.length;

// Keep the results alive and check them, so the engine cannot skip the work we time.
let sink = 0;
const tallied = time(REPS, () => {
  sink += tally(parseTallyInput(vote)).participated.owners;
});
const fromText = time(REPS, () => {
  sink += tally(parseTallyInput(JSON.parse(text))).participated.owners;
});
const result = tally(parseTallyInput(vote));
if (result.totals.owners !== OWNERS || result.participated.owners !== OWNERS) {
  throw new Error(`benchmark electorate miscounted: ${JSON.stringify(result)}`);
}

// Baseline: the cheapest possible pass over the same number of records, one integer each.
const integers = Array.from({ length: records }, (_, i) => (i * 7919) % 100_000);
const baseline = time(BASELINE_REPS, () => {
  let sum = 0;
  for (let i = 0; i < integers.length; i++) sum += integers[i] ?? 0;
  sink += sum;
});
if (sink === 0) throw new Error('unreachable: keeps `sink` observable');

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = `# Tally benchmark${short ? ' (--short)' : ''}

| | |
|---|---|
| Machine | ${cpu} × ${cpus().length} logical CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB |
| Node | ${process.version} (${process.platform}/${process.arch}) |
| Date | ${new Date().toISOString()} |
| Load average (1 min, as the report is written) | ${loadavg()[0]?.toFixed(2) ?? 'n/a'} (other work on the machine inflates the figures) |
| Electorate | ${OWNERS.toLocaleString('en')} owners, ${vote.units.length.toLocaleString('en')} units, ${vote.ballots.length.toLocaleString('en')} ballots (matter ${vote.matter}) |
| Result | quorum ${result.quorumMet ? 'met' : 'not met'}, ${result.passed ? 'passed' : 'failed'}; yes ${result.yes.owners} owners / ${result.yes.area} m² of ${result.participated.area} m² |

| Measurement | Repetitions | Min (ms) | Median (ms) | Median ÷ baseline |
|---|---:|---:|---:|---:|
| parseTallyInput + tally (object in memory) | ${REPS} | ${fmt(min(tallied))} | ${fmt(median(tallied))} | ${(median(tallied) / median(baseline)).toFixed(0)}× |
| JSON.parse + parseTallyInput + tally (CLI path) | ${REPS} | ${fmt(min(fromText))} | ${fmt(median(fromText))} | ${(median(fromText) / median(baseline)).toFixed(0)}× |
| Baseline: plain loop summing ${records.toLocaleString('en')} integers | ${BASELINE_REPS} | ${fmt(min(baseline))} | ${fmt(median(baseline))} | 1× |

The baseline sums one integer per input record (units + ballots), so the ratio is the cost of
validating, indexing and exactly counting a record relative to touching it once. Input JSON is
${(text.length / 2 ** 20).toFixed(1)} MiB. Each measurement is preceded by one warm-up run.
`;

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, report);
process.stdout.write(`${report}\nwritten to ${outFile}\n`);
