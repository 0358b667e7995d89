/** autocannon, as every HTTP benchmark uses it: a labelled case in, a report row out. */
import autocannon, { type Options } from 'autocannon';
import type { LoadResult } from './report';

export type LoadOptions = Options;

/** Runs one load case and returns the row the report tables show. */
export async function load(label: string, opts: LoadOptions): Promise<LoadResult> {
  const r = await autocannon(opts);
  return {
    label,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** A short unreported run first (JIT, connection pools). */
export async function warmUp(opts: LoadOptions): Promise<void> {
  await autocannon({ connections: 10, duration: 1, ...opts });
}
