/** autocannon, as every HTTP benchmark uses it: a labelled case in, a report row out. */
import autocannon, { type Options } from 'autocannon';
import type { LoadResult } from './report';

export type LoadOptions = Options;

/**
 * Runs one load case and returns the row the report tables show. Given the server process's CPU
 * clock, the row also carries its CPU time per request: unlike req/s, that figure barely moves
 * when other work shares the machine.
 */
export async function load(label: string, opts: LoadOptions, serverCpuMs?: () => Promise<number>): Promise<LoadResult> {
  const cpu0 = await serverCpuMs?.();
  const r = await autocannon(opts);
  const cpu1 = await serverCpuMs?.();
  return {
    label,
    requests: r.requests.total,
    // Total over wall time: autocannon's per-second average is skewed by a short, count-bounded
    // run's last partial second (10,000 ballots in 2.3 s would read as 5,000/s).
    rps: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    cpuMsPerRequest: cpu0 !== undefined && cpu1 !== undefined && r.requests.total ? (cpu1 - cpu0) / r.requests.total : undefined,
  };
}

/** A short unreported run first (JIT, connection pools). */
export async function warmUp(opts: LoadOptions): Promise<void> {
  await autocannon({ connections: 10, duration: 1, ...opts });
}
