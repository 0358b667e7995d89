import type { DiffLine } from '@lianxin/shared';
import { diffArrays } from 'diff';

/**
 * Bounds on the work one diff may do (any member may ask for one): Myers' algorithm costs about
 * (lines) × (edits), so past this many edited lines, or this much time, the answer is the coarse
 * diff — every differing line of the old text deleted and of the new one added — which is still
 * exact, only not minimal.
 */
export const DIFF_MAX_EDITS = 2_000;
export const DIFF_TIMEOUT_MS = 200;

/**
 * A line diff (jsdiff's Myers diff, bounded): every line of `a` is kept or deleted, every line of
 * `b` kept or added, in order. Common leading and trailing lines are trimmed first.
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
  const out: DiffLine[] = x.slice(0, start).map((text) => ({ op: 'same' as const, text }));
  const changes = diffArrays(mx, my, { maxEditLength: DIFF_MAX_EDITS, timeout: DIFF_TIMEOUT_MS });
  if (changes) {
    for (const c of changes) {
      const op = c.added ? 'add' : c.removed ? 'del' : 'same';
      for (const text of c.value) out.push({ op, text });
    }
  } else {
    for (const text of mx) out.push({ op: 'del', text });
    for (const text of my) out.push({ op: 'add', text });
  }
  for (const text of x.slice(endX)) out.push({ op: 'same', text });
  return out;
}
