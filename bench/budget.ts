/**
 * Benchmark of the 自治金 allocation (@lianxin/tally allocateBudget) over many approval ballots,
 * next to a bare approval count in the same run.
 *
 *   npx tsx bench/budget.ts            # 100,000 ballots; writes bench/results/budget.md
 *   npx tsx bench/budget.ts --short    # 10,000 ballots; writes bench/results/budget.short.tmp
 *
 * --short writes a git-ignored file so a smoke run never overwrites the committed report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocateBudget, type BudgetProposal } from '../packages/tally/src/index';

const short = process.argv.includes('--short');
const BALLOTS = short ? 10_000 : 100_000;
const PROPOSALS = 40;
const POT_FEN = 200_000_00; // ¥200,000
const REPS = short ? 5 : 11;
const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, 'results', short ? 'budget.short.tmp' : 'budget.md');

/** mulberry32: tiny, seedable and the same on every machine, so every run counts one election. */
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

/**
 * 40 proposals from ¥2,000 to ¥60,000; each household ticks 1–8 of them, some proposals more
 * popular than others, and drops a pick that would take it over the pot (as the ballot form does).
 */
function buildElection() {
  const rand = prng(20_261_207);
  const proposals: BudgetProposal[] = Array.from({ length: PROPOSALS }, (_, i) => ({
    id: `p${i + 1}`,
    costFen: (2_000 + Math.floor(rand() * 58_000)) * 100,
    seq: i + 1,
  }));
  const weight = proposals.map(() => rand() ** 2);
  const total = weight.reduce((a, b) => a + b, 0);
  const pick = (): BudgetProposal => {
    let r = rand() * total;
    for (let i = 0; i < proposals.length; i++) {
      r -= weight[i] ?? 0;
      if (r <= 0) return proposals[i] as BudgetProposal;
    }
    return proposals[proposals.length - 1] as BudgetProposal;
  };
  const ballots: string[][] = [];
  for (let b = 0; b < BALLOTS; b++) {
    const want = 1 + Math.floor(rand() * 8);
    const chosen = new Set<string>();
    let sum = 0;
    for (let k = 0; k < want * 2 && chosen.size < want; k++) {
      const p = pick();
      if (chosen.has(p.id) || sum + p.costFen > POT_FEN) continue;
      chosen.add(p.id);
      sum += p.costFen;
    }
    ballots.push([...chosen]);
  }
  return { proposals, ballots };
}

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

const { proposals, ballots } = buildElection();
const choices = ballots.reduce((n, b) => n + b.length, 0);

let sink = 0;
const allocated = time(REPS, () => {
  sink += allocateBudget({ potFen: POT_FEN, proposals, ballots }).spentFen;
});

// Baseline: the bare approval count (no checks, no ranking, no allocation): index and increment.
const index = new Map(proposals.map((p, i) => [p.id, i]));
const baseline = time(REPS, () => {
  const counts = new Array<number>(proposals.length).fill(0);
  for (const b of ballots) for (const id of b) counts[index.get(id) ?? 0] = (counts[index.get(id) ?? 0] ?? 0) + 1;
  sink += counts[0] ?? 0;
});
if (sink === 0) throw new Error('unreachable: keeps `sink` observable');

// The count must agree with the bare one, approval for approval.
const result = allocateBudget({ potFen: POT_FEN, proposals, ballots });
const bare = new Map<string, number>();
for (const b of ballots) for (const id of b) bare.set(id, (bare.get(id) ?? 0) + 1);
for (const r of result.rows)
  if (r.approvals !== (bare.get(r.id) ?? 0)) throw new Error(`approvals of ${r.id}: ${r.approvals} ≠ ${bare.get(r.id)}`);
const funded = result.rows.filter((r) => r.funded);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en')}`;
const report = `# 自治金 allocation benchmark${short ? ' (--short)' : ''}

| | |
|---|---|
| Machine | ${cpu} × ${cpus().length} logical CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB |
| Node | ${process.version} (${process.platform}/${process.arch}) |
| Date | ${new Date().toISOString()} |
| Load average (1 min, as the report is written) | ${loadavg()[0]?.toFixed(2) ?? 'n/a'} (other work on the machine inflates the figures) |
| Election | ${BALLOTS.toLocaleString('en')} approval ballots (one per household) over ${PROPOSALS} proposals, ${choices.toLocaleString('en')} approvals in all; pot ${yuan(POT_FEN)} |
| Result | ${funded.length} proposals funded, ${yuan(result.spentFen)} allocated, ${yuan(result.leftFen)} left; approvals agree with the bare count |

| Measurement | Repetitions | Min (ms) | Median (ms) | Median ÷ baseline |
|---|---:|---:|---:|---:|
| allocateBudget: check every ballot (known, once each, within the pot), count, rank, allocate | ${REPS} | ${fmt(min(allocated))} | ${fmt(median(allocated))} | ${(median(allocated) / median(baseline)).toFixed(1)}× |
| Baseline: bare approval count (index and increment, no checks) | ${REPS} | ${fmt(min(baseline))} | ${fmt(median(baseline))} | 1× |

The allocation itself (sort ${PROPOSALS} proposals, walk the list) is negligible; the cost above the
baseline is checking each ballot against the pot, which the server also does once when the ballot
is cast. Each measurement is preceded by one warm-up run.
`;

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, report);
process.stdout.write(`${report}\nwritten to ${outFile}\n`);
