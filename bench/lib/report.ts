import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

/** The machine line every report starts with, so figures can be compared fairly. */
export function machineInfo(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
}

/** Writes bench/results/<name>.md (or <name>.short.tmp for --short runs, which are not committed). */
export function writeReport(name: string, markdown: string, short = process.argv.includes('--short')): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, short ? `${name}.short.tmp` : `${name}.md`);
  fs.writeFileSync(file, markdown);
  return file;
}

export interface LoadResult {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time the server process spent per request (ms), when measured. */
  cpuMsPerRequest?: number;
}

/** A markdown table of load results with each row's ratio to the baseline row. */
export function loadTable(baseline: LoadResult, rows: LoadResult[]): string {
  const cpu = [baseline, ...rows].some((r) => r.cpuMsPerRequest !== undefined);
  const head =
    '| case | requests | req/s | p50 ms | p99 ms | errors | non-2xx | ratio to baseline |' +
    (cpu
      ? ' server CPU ms/request |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|'
      : '\n|---|---:|---:|---:|---:|---:|---:|---:|');
  const line = (r: LoadResult) =>
    `| ${r.label} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / baseline.rps).toFixed(2)} |` +
    (cpu ? ` ${r.cpuMsPerRequest?.toFixed(3) ?? '—'} |` : '');
  return [head, line(baseline), ...rows.map(line)].join('\n');
}
