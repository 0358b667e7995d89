import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyRanges, EMPTY_ROOT, Frontier, inclusionRanges, leafHash, nodeHash, perfectNodes, rootOf } from './merkle';

/*
 * The server's tree arithmetic (issue #21, the public log): the nodes a sequencer stores, the
 * roots it signs and the ranges its proofs are made of, asserted exactly against RFC 9162's
 * definitions written out naively and the Certificate Transparency test tree.
 */

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const leafOf = (i: number) => sha(Buffer.of(0), Buffer.from(`entry ${i}`));

/** MTH over leaf hashes [lo, hi), RFC 9162 §2.1.1. */
function mth(leaves: readonly string[], lo = 0, hi = leaves.length): string {
  if (hi - lo === 0) return sha();
  if (hi - lo === 1) return leaves[lo] as string;
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return sha(Buffer.of(1), Buffer.from(mth(leaves, lo, lo + k), 'hex'), Buffer.from(mth(leaves, lo + k, hi), 'hex'));
}

const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOT_8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const CT_ROOT_7 = 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c';

describe('tree arithmetic', () => {
  it('hashes leaves and nodes with the RFC 9162 prefixes 0x00 and 0x01', () => {
    expect(EMPTY_ROOT).toBe(sha());
    expect(leafHash('')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    const [a, b] = [leafOf(0), leafOf(1)];
    expect(nodeHash(a, b)).toBe(sha(Buffer.of(1), Buffer.from(a, 'hex'), Buffer.from(b, 'hex')));
    expect(nodeHash(b, a)).toBe(sha(Buffer.of(1), Buffer.from(b, 'hex'), Buffer.from(a, 'hex')));
  });

  it('splits a range into its aligned complete subtrees, largest first', () => {
    expect(perfectNodes(0, 0)).toEqual([]);
    expect(perfectNodes(0, 1)).toEqual([{ level: 0, idx: 0 }]);
    expect(perfectNodes(0, 13)).toEqual([
      { level: 3, idx: 0 },
      { level: 2, idx: 2 },
      { level: 0, idx: 12 },
    ]);
    expect(perfectNodes(8, 15)).toEqual([
      { level: 2, idx: 2 },
      { level: 1, idx: 6 },
      { level: 0, idx: 14 },
    ]);
    expect(perfectNodes(16, 32)).toEqual([{ level: 4, idx: 1 }]);
    expect(perfectNodes(6, 7)).toEqual([{ level: 0, idx: 6 }]);
    expect(perfectNodes(0, 2 ** 31)).toEqual([{ level: 31, idx: 0 }]);
  });

  it('folds the parts of a range right to left into its root, the empty range into the empty root', () => {
    const l = Array.from({ length: 13 }, (_, i) => leafOf(i));
    expect(rootOf([])).toBe(EMPTY_ROOT);
    expect(rootOf([l[0] as string])).toBe(l[0]);
    // leaves 0–12: parts 0–7, 8–11, 12
    expect(rootOf([mth(l, 0, 8), mth(l, 8, 12), l[12] as string])).toBe(mth(l));
    expect(rootOf([mth(l, 8, 12), mth(l, 12, 13)])).toBe(mth(l, 8, 13));
  });

  it('names the ranges of the audit path of every leaf exactly (RFC 9162 PATH, sizes 1–20)', () => {
    const path = (m: number, lo: number, hi: number): Array<[number, number]> => {
      if (hi - lo <= 1) return [];
      let k = 1;
      while (k * 2 < hi - lo) k *= 2;
      return m < lo + k ? [...path(m, lo, lo + k), [lo + k, hi]] : [...path(m, lo + k, hi), [lo, lo + k]];
    };
    for (let n = 1; n <= 20; n++) {
      for (let m = 0; m < n; m++) expect([m, n, inclusionRanges(m, n)]).toEqual([m, n, path(m, 0, n)]);
    }
    expect(inclusionRanges(5, 8)).toEqual([
      [4, 5],
      [6, 8],
      [0, 4],
    ]);
    expect(inclusionRanges(0, 4)).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(inclusionRanges(0, 1)).toEqual([]);
  });

  it('names the ranges of every consistency proof exactly (RFC 9162 SUBPROOF, sizes 1–20), none outside 0 < m < n', () => {
    const sub = (m: number, lo: number, hi: number, whole: boolean): Array<[number, number]> => {
      if (m === hi) return whole ? [] : [[lo, hi]];
      let k = 1;
      while (k * 2 < hi - lo) k *= 2;
      return m <= lo + k ? [...sub(m, lo, lo + k, whole), [lo + k, hi]] : [...sub(m, lo + k, hi, false), [lo, lo + k]];
    };
    for (let n = 1; n <= 20; n++) {
      for (let m = 1; m < n; m++) expect([m, n, consistencyRanges(m, n)]).toEqual([m, n, sub(m, 0, n, true)]);
    }
    expect(consistencyRanges(4, 8)).toEqual([[4, 8]]);
    expect(consistencyRanges(3, 7)).toEqual([
      [2, 3],
      [3, 4],
      [0, 2],
      [4, 7],
    ]);
    expect([consistencyRanges(0, 5), consistencyRanges(5, 5), consistencyRanges(6, 5), consistencyRanges(-1, 5)]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });
});

describe('Frontier (the sequencer’s right edge)', () => {
  it('grows the Certificate Transparency test tree to its known root', () => {
    const f = new Frontier(0, []);
    const roots: string[] = [];
    for (const l of CT_LEAVES) {
      f.append(leafHash(Buffer.from(l, 'hex')));
      roots.push(f.root());
    }
    expect([f.size, roots[6], roots[7]]).toEqual([8, CT_ROOT_7, CT_ROOT_8]);
    expect(new Frontier(0, []).root()).toBe(EMPTY_ROOT);
  });

  it('returns exactly the nodes each append completes, so the stored tree has every node once', () => {
    const l = Array.from({ length: 8 }, (_, i) => leafOf(i));
    const f = new Frontier(0, []);
    const made = l.map((h) => f.append(h));
    expect(made[0]).toEqual([{ level: 0, idx: 0, hash: l[0] }]);
    expect(made[1]).toEqual([
      { level: 0, idx: 1, hash: l[1] },
      { level: 1, idx: 0, hash: mth(l, 0, 2) },
    ]);
    expect(made[2]).toEqual([{ level: 0, idx: 2, hash: l[2] }]);
    expect(made[5]).toEqual([
      { level: 0, idx: 5, hash: l[5] },
      { level: 1, idx: 2, hash: mth(l, 4, 6) },
    ]);
    expect(made[7]).toEqual([
      { level: 0, idx: 7, hash: l[7] },
      { level: 1, idx: 3, hash: mth(l, 6, 8) },
      { level: 2, idx: 1, hash: mth(l, 4, 8) },
      { level: 3, idx: 0, hash: mth(l) },
    ]);
    expect(made.flat().length).toBe(15);
  });

  it('computes the root of every size as MTH does, and continues from a stored edge (sizes 1–40)', () => {
    const l = Array.from({ length: 40 }, (_, i) => leafOf(i));
    const stored = new Map<string, string>();
    const f = new Frontier(0, []);
    for (let n = 1; n <= 40; n++) {
      for (const m of f.append(l[n - 1] as string)) stored.set(`${m.level}/${m.idx}`, m.hash);
      expect([n, f.size, f.root()]).toEqual([n, n, mth(l, 0, n)]);
      const edge = Frontier.edgeOf(n);
      expect(edge).toEqual(perfectNodes(0, n));
      const again = new Frontier(
        n,
        edge.map((r) => stored.get(`${r.level}/${r.idx}`) as string),
      );
      if (n < 40) again.append(l[n] as string);
      expect([n, again.root()]).toEqual([n, mth(l, 0, Math.min(n + 1, 40))]);
    }
  });

  it('refuses an edge that does not match the tree size', () => {
    const l = Array.from({ length: 3 }, (_, i) => leafOf(i));
    expect(() => new Frontier(3, [l[0] as string])).toThrow(new Error('frontier does not match the tree size'));
    expect(() => new Frontier(0, [l[0] as string])).toThrow(new Error('frontier does not match the tree size'));
    expect(() => new Frontier(4, [l[0] as string, l[1] as string])).toThrow(new Error('frontier does not match the tree size'));
    expect(new Frontier(3, [mth(l, 0, 2), l[2] as string]).root()).toBe(mth(l));
  });

  it('refuses to append to an edge that lost a node rather than hash a forged one', () => {
    const l = Array.from({ length: 3 }, (_, i) => leafOf(i));
    const f = new Frontier(3, [mth(l, 0, 2), l[2] as string]);
    (f as unknown as { edge: Map<number, string> }).edge.delete(0);
    expect(() => f.append(leafOf(3))).toThrow(new Error('frontier is missing a node'));
  });
});
