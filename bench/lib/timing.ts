// Latency measured the plain way: sequential requests after a warm-up, percentiles of the sorted times.

/** The p-th percentile (0–100) of the values: nearest rank, the values need not be sorted. */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Fetches `url` n times one after the other (after 10 unmeasured): p50/p95 in ms and the body size. */
export async function timed(url: string, cookie: string, n: number): Promise<{ p50: number; p95: number; bytes: number }> {
  for (let i = 0; i < 10; i++) await (await fetch(url, { headers: { cookie } })).arrayBuffer();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    const b = await r.arrayBuffer();
    ms.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
    bytes = b.byteLength;
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), bytes };
}
