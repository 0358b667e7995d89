import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  checkpointNote,
  hexToBytes,
  leafHashOf,
  nodeHashOf,
  type Sha256,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

/*
 * The verifiers the browser trusts (issue #21, the public log). A forged or inconsistent log must
 * not pass: every tampered proof element, a proof one element short or long, the wrong leaf, index,
 * size or root is refused, each case asserted exactly. The references are RFC 9162's recursive
 * definitions written out naively over raw bytes and the Certificate Transparency test tree.
 */

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const sha256: Sha256 = async (b) => new Uint8Array(createHash('sha256').update(b).digest());

const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** MTH(D[n]), RFC 9162 §2.1.1. */
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.of(0), d[0] as Buffer);
  const k = split(d.length);
  return sha(Buffer.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}
/** PATH(m, D[n]), §2.1.3.1. */
function path(m: number, d: Buffer[]): string[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k)).toString('hex')]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k)).toString('hex')];
}
/** SUBPROOF(m, D[n], b), §2.1.4.1. */
function subproof(m: number, d: Buffer[], b: boolean): string[] {
  if (m === d.length) return b ? [] : [mth(d).toString('hex')];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k)).toString('hex')]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k)).toString('hex')];
}

const N = 13;
/** The trees the other-(index, size) tests try, kept smaller: every pair is tried against each. */
const M = 9;
const D = Array.from({ length: N }, (_, i) => Buffer.from(`leaf ${i}`));
const root = (n: number) => mth(D.slice(0, n)).toString('hex');
const leaf = (i: number) => sha(Buffer.of(0), D[i] as Buffer).toString('hex');
const node = (l: string, r: string) => sha(Buffer.of(1), Buffer.from(l, 'hex'), Buffer.from(r, 'hex')).toString('hex');

/**
 * The verdicts of RFC 9162's recursive definitions, as a reference for the iterative verifiers:
 * rebuild the root from the leaf and the proof by PATH's recursion (the sibling of each level is
 * the proof's last element), or both roots by SUBPROOF's. A proof only fixes the shape of the
 * path, so the same proof may fit other (index, size) pairs of the same shape: the signed
 * checkpoint is what binds the size.
 */
function refInclusion(m: number, n: number, leafHash: string, proof: readonly string[], r: string): boolean {
  const rec = (m: number, n: number, p: readonly string[]): string | null => {
    if (n === 1) return p.length === 0 ? leafHash : null;
    const y = p.at(-1);
    if (y === undefined) return null;
    const k = split(n);
    const sub = m < k ? rec(m, k, p.slice(0, -1)) : rec(m - k, n - k, p.slice(0, -1));
    if (sub === null) return null;
    return m < k ? node(sub, y) : node(y, sub);
  };
  return m >= 0 && m < n && rec(m, n, proof) === r;
}
function refConsistency(m: number, n: number, r1: string, r2: string, proof: readonly string[]): boolean {
  const rec = (m: number, n: number, b: boolean, p: readonly string[]): [string, string] | null => {
    if (m === n) {
      if (b) return p.length === 0 ? [r1, r1] : null;
      return p.length === 1 ? [p[0] as string, p[0] as string] : null;
    }
    const y = p.at(-1);
    if (y === undefined) return null;
    const k = split(n);
    if (m <= k) {
      const sub = rec(m, k, b, p.slice(0, -1));
      return sub && [sub[0], node(sub[1], y)];
    }
    const sub = rec(m - k, n - k, false, p.slice(0, -1));
    return sub && [node(y, sub[0]), node(y, sub[1])];
  };
  if (!(m > 0 && m <= n)) return false;
  const got = rec(m, n, true, proof);
  return got !== null && got[0] === r1 && got[1] === r2;
}

/** The hash with its first hex digit changed: one flipped bit of one proof element. */
const flip = (h: string) => `${h[0] === '0' ? '1' : '0'}${h.slice(1)}`;
const FORGED = sha(Buffer.from('forged')).toString('hex');

describe('hex and hashes', () => {
  it('reads lowercase hex byte by byte and writes it back', () => {
    expect([...hexToBytes('00017f80feff')]).toEqual([0, 1, 127, 128, 254, 255]);
    expect([...hexToBytes('')]).toEqual([]);
    expect(bytesToHex(Uint8Array.of(0, 1, 15, 16, 127, 128, 255))).toBe('00010f107f80ff');
    expect(bytesToHex(new Uint8Array())).toBe('');
  });

  it('refuses anything but whole bytes of lowercase hex', () => {
    for (const bad of ['0', 'abc', 'AB', '0g', 'x00', '00x', '00 ', ' 00', '0x00', 'zz']) {
      expect(() => hexToBytes(bad)).toThrow(new Error('not lowercase hex'));
    }
  });

  it('hashes leaves and nodes with their RFC 9162 prefixes (known answers of the CT test tree)', async () => {
    // The CT test tree's first leaf is empty; its second is 0x00; the root of both is known.
    const l0 = await leafHashOf(sha256, new Uint8Array());
    const l1 = await leafHashOf(sha256, Uint8Array.of(0));
    expect(l0).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(l1).toBe(sha(Buffer.of(0, 0)).toString('hex'));
    expect(await nodeHashOf(sha256, l0, l1)).toBe('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
    // Longer data, and the order of the children matters.
    const data = Buffer.from('lianxin 连心桥');
    expect(await leafHashOf(sha256, data)).toBe(sha(Buffer.of(0), data).toString('hex'));
    expect(await nodeHashOf(sha256, l1, l0)).toBe(
      sha(Buffer.of(1), Buffer.from(l1, 'hex'), Buffer.from(l0, 'hex')).toString('hex'),
    );
  });

  it('writes the checkpoint note the signature covers, field by field', () => {
    expect(checkpointNote({ treeSize: 12, rootHash: 'ab'.repeat(32), at: '2026-12-01T00:00:00.000Z' })).toBe(
      `lianxin-log-checkpoint/v1\n12\n${'ab'.repeat(32)}\n2026-12-01T00:00:00.000Z\n`,
    );
  });
});

describe('verifyInclusion', () => {
  it('accepts the RFC 9162 audit path of every leaf of every tree up to 13 leaves', async () => {
    for (let n = 1; n <= N; n++) {
      for (let m = 0; m < n; m++) {
        expect([n, m, await verifyInclusion(sha256, m, n, leaf(m), path(m, D.slice(0, n)), root(n))]).toEqual([n, m, true]);
      }
    }
  });

  it('refuses each tampered proof element, a proof one short or one long, a forged leaf or root', async () => {
    for (let n = 1; n <= N; n++) {
      const r = root(n);
      for (let m = 0; m < n; m++) {
        const p = path(m, D.slice(0, n));
        const outcomes: boolean[] = [];
        for (let i = 0; i < p.length; i++) {
          outcomes.push(await verifyInclusion(sha256, m, n, leaf(m), p.with(i, flip(p[i] as string)), r));
          outcomes.push(await verifyInclusion(sha256, m, n, leaf(m), p.toSpliced(i, 1), r));
        }
        outcomes.push(await verifyInclusion(sha256, m, n, leaf(m), [...p, FORGED], r));
        outcomes.push(await verifyInclusion(sha256, m, n, leaf(m), [...p, r], r));
        outcomes.push(await verifyInclusion(sha256, m, n, FORGED, p, r));
        outcomes.push(await verifyInclusion(sha256, m, n, leaf(m), p, flip(r)));
        expect([n, m, outcomes]).toEqual([n, m, outcomes.map(() => false)]);
      }
    }
  });

  it('answers a true proof presented for every other index and tree size as RFC 9162 PATH does', async () => {
    const fits = async (m: number, n: number) => {
      const p = path(m, D.slice(0, n));
      const got: Array<[number, number]> = [];
      const want: Array<[number, number]> = [];
      for (let n2 = 0; n2 <= M; n2++) {
        for (let m2 = -1; m2 <= n2; m2++) {
          if (await verifyInclusion(sha256, m2, n2, leaf(m), p, root(n))) got.push([m2, n2]);
          if (refInclusion(m2, n2, leaf(m), p, root(n))) want.push([m2, n2]);
        }
      }
      return [got, want];
    };
    // Leaf 1 of 2 has the path [leaf 0]: the same shape as the last leaf of 3, 5, 9 (… 17) leaves.
    expect(await fits(1, 2)).toEqual([
      [
        [1, 2],
        [2, 3],
        [4, 5],
        [8, 9],
      ],
      [
        [1, 2],
        [2, 3],
        [4, 5],
        [8, 9],
      ],
    ]);
    for (let n = 1; n <= M - 2; n++) {
      for (let m = 0; m < n; m++) {
        const [got, want] = await fits(m, n);
        expect([n, m, got]).toEqual([n, m, want]);
        // A proof never fits the same tree at another index.
        expect([n, m, got?.filter(([m2, n2]) => n2 === n && m2 !== m)]).toEqual([n, m, []]);
      }
    }
  });

  it('refuses an index outside the tree even when the leaf is the root itself', async () => {
    // A one-leaf tree's root is its leaf hash: with no proof nothing but the bounds stand between.
    const r1 = root(1);
    expect(
      await Promise.all([
        verifyInclusion(sha256, 0, 1, r1, [], r1),
        verifyInclusion(sha256, 1, 1, r1, [], r1),
        verifyInclusion(sha256, -1, 1, r1, [], r1),
        verifyInclusion(sha256, 0, 0, r1, [], r1),
        verifyInclusion(sha256, 0, 2, r1, [], r1),
      ]),
    ).toEqual([true, false, false, false, false]);
  });

  it('refuses the right half of a two-leaf tree passed off as a one-leaf tree with one more hash', async () => {
    // Leaf 1 with the path [leaf 0] hashes to the root of two leaves; claimed as index 0 of a tree
    // of size 1, the proof has an element too many.
    expect(await verifyInclusion(sha256, 0, 1, leaf(1), [leaf(0)], root(2))).toBe(false);
    expect(await verifyInclusion(sha256, 1, 2, leaf(1), [leaf(0)], root(2))).toBe(true);
  });
});

describe('verifyConsistency', () => {
  it('accepts the RFC 9162 proof between every pair of sizes up to 13 leaves', async () => {
    for (let n = 1; n <= N; n++) {
      for (let m = 1; m <= n; m++) {
        const p = m === n ? [] : subproof(m, D.slice(0, n), true);
        expect([m, n, await verifyConsistency(sha256, m, n, root(m), root(n), p)]).toEqual([m, n, true]);
      }
    }
  });

  it('refuses each tampered proof element, a proof one short or long, and a forged older or newer root', async () => {
    for (let n = 2; n <= N; n++) {
      for (let m = 1; m < n; m++) {
        const p = subproof(m, D.slice(0, n), true);
        const outcomes: boolean[] = [];
        for (let i = 0; i < p.length; i++) {
          outcomes.push(await verifyConsistency(sha256, m, n, root(m), root(n), p.with(i, flip(p[i] as string))));
          outcomes.push(await verifyConsistency(sha256, m, n, root(m), root(n), p.toSpliced(i, 1)));
        }
        outcomes.push(await verifyConsistency(sha256, m, n, root(m), root(n), [...p, FORGED]));
        outcomes.push(await verifyConsistency(sha256, m, n, root(m), root(n), [...p, root(n)]));
        outcomes.push(await verifyConsistency(sha256, m, n, flip(root(m)), root(n), p));
        outcomes.push(await verifyConsistency(sha256, m, n, root(m), flip(root(n)), p));
        outcomes.push(await verifyConsistency(sha256, m, n, root(n), root(m), p));
        // An older tree whose first entry was rewritten.
        outcomes.push(
          await verifyConsistency(sha256, m, n, mth([Buffer.from('forged'), ...D.slice(1, m)]).toString('hex'), root(n), p),
        );
        expect([m, n, outcomes]).toEqual([m, n, outcomes.map(() => false)]);
      }
    }
  });

  it('answers a true proof presented for every other pair of sizes as RFC 9162 SUBPROOF does', async () => {
    const fits = async (m: number, n: number) => {
      const p = subproof(m, D.slice(0, n), true);
      const got: Array<[number, number]> = [];
      const want: Array<[number, number]> = [];
      for (let n2 = 0; n2 <= M; n2++) {
        for (let m2 = -1; m2 <= n2 + 1; m2++) {
          if (await verifyConsistency(sha256, m2, n2, root(m), root(n), p)) got.push([m2, n2]);
          if (refConsistency(m2, n2, root(m), root(n), p)) want.push([m2, n2]);
        }
      }
      return [got, want];
    };
    // 3 → 5: the same shape as 3 → 6…8 and, one level up, 6 → 9…16 (up to 9 tried here).
    const shape35 = [
      [3, 5],
      [3, 6],
      [3, 7],
      [3, 8],
      [6, 9],
    ];
    expect(await fits(3, 5)).toEqual([shape35, shape35]);
    for (let n = 2; n <= M - 2; n++) {
      for (let m = 1; m < n; m++) {
        const [got, want] = await fits(m, n);
        expect([m, n, got]).toEqual([m, n, want]);
      }
    }
  });

  it('between equal sizes, accepts only the same root with an empty proof', async () => {
    expect(
      await Promise.all([
        verifyConsistency(sha256, 5, 5, root(5), root(5), []),
        verifyConsistency(sha256, 5, 5, root(5), root(6), []),
        verifyConsistency(sha256, 5, 5, root(5), root(5), [root(5)]),
        verifyConsistency(sha256, 0, 0, root(5), root(5), []),
        verifyConsistency(sha256, 0, 5, root(0), root(5), []),
        verifyConsistency(sha256, 6, 5, root(6), root(5), []),
      ]),
    ).toEqual([true, false, false, false, false, false]);
  });

  it('refuses hand-made roots that fit the hashing but not the sizes: first beyond second, an element past the top', async () => {
    const [a, b, c, d] = [leaf(0), leaf(1), leaf(2), leaf(3)];
    // 3 → 2 with [a, b]: the older tree larger than the newer one.
    expect(await verifyConsistency(sha256, 3, 2, a, node(a, b), [a, b])).toBe(false);
    // 3 → 4 with [a, b, c] and one element more, the roots made to match the longer fold.
    const fr = node(d, node(c, a));
    const sr = node(d, node(c, node(a, b)));
    expect(await verifyConsistency(sha256, 3, 4, fr, sr, [a, b, c, d])).toBe(false);
    // The same fold without the extra element is what a real 3 → 4 proof checks.
    expect(await verifyConsistency(sha256, 3, 4, node(c, a), node(c, node(a, b)), [a, b, c])).toBe(true);
  });

  it('refuses an empty proof between different sizes, whatever the roots', async () => {
    expect(
      await Promise.all([
        verifyConsistency(sha256, 3, 5, root(3), root(5), []),
        verifyConsistency(sha256, 4, 8, root(4), root(8), []),
        verifyConsistency(sha256, 4, 8, root(8), root(8), []),
        verifyConsistency(sha256, 1, 2, root(2), root(2), []),
      ]),
    ).toEqual([false, false, false, false]);
  });
});
