/**
 * Time-to-take histograms. A median cannot be summed, but histograms can: each compound-month
 * keeps counts per bucket, nodes above add their children's, and the median is read from the
 * merged counts. Buckets are exact minutes below an hour, then 5 minutes to 4 h, 30 minutes to a
 * day, hours to a week, and one overflow bucket; the median is reported as its bucket's lower
 * bound, so it is exact below 60 minutes and within the bucket width above.
 */
export type Histogram = Record<string, number>;

/** The SQL-side bucket rule, mirrored here so tests and generators agree with the database. */
export function bucketOf(minutes: number): number {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return m;
  if (m < 240) return 60 + Math.floor((m - 60) / 5) * 5;
  if (m < 1440) return 240 + Math.floor((m - 240) / 30) * 30;
  if (m < 10080) return 1440 + Math.floor((m - 1440) / 60) * 60;
  return 10080;
}

/** The same rule as a SQL CASE over an integer minutes expression (integer division on both databases). */
export function bucketSql(minutesExpr: string): string {
  const m = `(${minutesExpr})`;
  return `case when ${m} < 0 then 0 when ${m} < 60 then ${m} when ${m} < 240 then 60 + ((${m} - 60) / 5) * 5 when ${m} < 1440 then 240 + ((${m} - 240) / 30) * 30 when ${m} < 10080 then 1440 + ((${m} - 1440) / 60) * 60 else 10080 end`;
}

export function parseHistogram(json: string | null | undefined): Histogram {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Histogram) : {};
  } catch {
    return {};
  }
}

export function mergeInto(target: Histogram, add: Histogram): Histogram {
  for (const [k, n] of Object.entries(add)) target[k] = (target[k] ?? 0) + n;
  return target;
}

export function countOf(h: Histogram): number {
  return Object.values(h).reduce((a, b) => a + b, 0);
}

/** The lower median's bucket (for an even count, the lower of the two middle values). */
export function medianOf(h: Histogram): number | null {
  const n = countOf(h);
  if (n === 0) return null;
  const target = Math.floor((n - 1) / 2); // 0-based rank of the lower median
  let seen = 0;
  for (const k of Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += h[String(k)] ?? 0;
    if (seen > target) return k;
  }
  return null;
}
