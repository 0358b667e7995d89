import { createHash } from 'node:crypto';
import { verifyConsistency, verifyInclusion } from '@lianxin/shared';
import { describe, expect, it } from 'vitest';
import { consistencyRanges, EMPTY_ROOT, Frontier, inclusionRanges, leafHash, perfectNodes, rootOf } from './merkle';

/*
 * Expected values here come from the RFC's recursive definitions written out naively over raw
 * bytes, and from fixed known answers (the Certificate Transparency test tree), never from the
 * implementation under test.
 */
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const webSha = async (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/** MTH(D[n]) as RFC 9162 §2.1.1 defines it. */
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.of(0), d[0] as Buffer);
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return sha(Buffer.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]), §2.1.3.1. */
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b), §2.1.4.1. */
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

// The Certificate Transparency reference tree: these eight leaves and the roots of each prefix.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`));
const hashRange = (d: Buffer[], [lo, hi]: [number, number]) => mth(d.slice(lo, hi)).toString('hex');

describe('merkle', () => {
  it('hashes the empty tree and an empty leaf to the known answers', () => {
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash('')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('grows the Certificate Transparency test tree to its known root at every size', () => {
    const f = new Frontier(0, []);
    const roots: string[] = [];
    for (const l of CT_LEAVES) {
      f.append(leafHash(Buffer.from(l, 'hex')));
      roots.push(f.root());
    }
    expect(roots).toEqual(CT_ROOTS);
    // …and the naive definition agrees, so the tests below rest on a checked reference.
    expect(CT_LEAVES.map((_, i) => mth(CT_LEAVES.slice(0, i + 1).map((l) => Buffer.from(l, 'hex'))).toString('hex'))).toEqual(
      CT_ROOTS,
    );
  });

  it('computes every prefix root from stored nodes as the naive definition does (sizes 1–70)', () => {
    const d = leavesOf(70);
    const nodes = new Map<string, string>();
    const f = new Frontier(0, []);
    for (let n = 1; n <= 70; n++) {
      for (const m of f.append(leafHash(d[n - 1] as Buffer))) nodes.set(`${m.level}/${m.idx}`, m.hash);
      const fromNodes = rootOf(perfectNodes(0, n).map((r) => nodes.get(`${r.level}/${r.idx}`) as string));
      expect([f.root(), fromNodes]).toEqual([mth(d.slice(0, n)).toString('hex'), mth(d.slice(0, n)).toString('hex')]);
      // A frontier rebuilt from the stored edge continues the same tree.
      const again = new Frontier(
        n,
        Frontier.edgeOf(n).map((r) => nodes.get(`${r.level}/${r.idx}`) as string),
      );
      expect(again.root()).toBe(f.root());
    }
  });

  it('builds every inclusion proof as RFC 9162 PATH does, and each verifies (sizes 1–40, every leaf)', async () => {
    const all = leavesOf(40);
    for (let n = 1; n <= 40; n++) {
      const d = all.slice(0, n);
      const root = mth(d).toString('hex');
      for (let m = 0; m < n; m++) {
        const proof = inclusionRanges(m, n).map((r) => hashRange(d, r));
        expect(proof).toEqual(path(m, d).map((b) => b.toString('hex')));
        const leaf = sha(Buffer.of(0), d[m] as Buffer).toString('hex');
        expect(await verifyInclusion(webSha, m, n, leaf, proof, root)).toBe(true);
        // The same proof for the wrong leaf, place or tree fails.
        const other = sha(Buffer.of(0), Buffer.from('forged')).toString('hex');
        expect(await verifyInclusion(webSha, m, n, other, proof, root)).toBe(false);
        if (n > 1) expect(await verifyInclusion(webSha, (m + 1) % n, n, leaf, proof, root)).toBe(false);
      }
    }
  });

  it('builds every consistency proof as RFC 9162 SUBPROOF does, and each verifies (sizes 1–40)', async () => {
    const all = leavesOf(40);
    for (let n = 1; n <= 40; n++) {
      const d = all.slice(0, n);
      const second = mth(d).toString('hex');
      for (let m = 1; m <= n; m++) {
        const first = mth(d.slice(0, m)).toString('hex');
        const proof = consistencyRanges(m, n).map((r) => hashRange(d, r));
        expect(proof).toEqual(m === n ? [] : subproof(m, d, true).map((b) => b.toString('hex')));
        expect(await verifyConsistency(webSha, m, n, first, second, proof)).toBe(true);
        if (m < n) {
          // A rewritten older tree (first leaf changed) is not consistent with the newer one.
          const forged = mth([Buffer.from('forged'), ...d.slice(1, m)]).toString('hex');
          expect(await verifyConsistency(webSha, m, n, forged, second, proof)).toBe(false);
        }
      }
    }
  });
});
