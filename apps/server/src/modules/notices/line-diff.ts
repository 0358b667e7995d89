import type { DiffLine } from '@lianxin/shared';

/**
 * A line diff by longest common subsequence: every line of `a` is kept or deleted, every line of
 * `b` kept or added, in order. Quadratic, which is fine for a 居民公约 (tens of lines; bodies are
 * capped at 50,000 characters, and common prefix and suffix are trimmed first).
 */
export function lineDiff(a: string, b: string): DiffLine[] {
  const x = a.split(/\r?\n/);
  const y = b.split(/\r?\n/);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const n = mx.length;
  const m = my.length;
  // lcs[i][j] = LCS length of mx[i..] and my[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[at(i, j)] =
        mx[i] === my[j] ? (lcs[at(i + 1, j + 1)] ?? 0) + 1 : Math.max(lcs[at(i + 1, j)] ?? 0, lcs[at(i, j + 1)] ?? 0);
    }
  }
  const out: DiffLine[] = x.slice(0, start).map((text) => ({ op: 'same' as const, text }));
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (mx[i] === my[j]) {
      out.push({ op: 'same', text: mx[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[at(i + 1, j)] ?? 0) >= (lcs[at(i, j + 1)] ?? 0)) {
      out.push({ op: 'del', text: mx[i] ?? '' });
      i++;
    } else {
      out.push({ op: 'add', text: my[j] ?? '' });
      j++;
    }
  }
  for (; i < n; i++) out.push({ op: 'del', text: mx[i] ?? '' });
  for (; j < m; j++) out.push({ op: 'add', text: my[j] ?? '' });
  for (const text of x.slice(endX)) out.push({ op: 'same', text });
  return out;
}
