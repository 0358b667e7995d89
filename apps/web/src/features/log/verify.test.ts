import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { type CheckpointDto, checkpointNote } from '@lianxin/shared';
import { describe, expect, it } from 'vitest';
import { verifyWitness } from './verify';

// Vectors computed here from RFC 9162 §2.1 directly (recursive MTH and SUBPROOF), independently
// of the server's and the shared package's tree code.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (s: string) => sha(Buffer.from([0]), Buffer.from(s));
const split = (n: number) => 2 ** Math.floor(Math.log2(n - 1)); // largest power of 2 below n
function mth(d: Buffer[]): Buffer {
  if (d.length === 1) return d[0] as Buffer;
  const k = split(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
const leaves = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(leaf);
const cp = (size: number, root = mth(leaves.slice(0, size)).toString('hex')): CheckpointDto => {
  const c = { treeSize: size, rootHash: root, at: '2026-12-06T09:00:00.000Z', keyId: 'k', signature: '' };
  return { ...c, signature: sign(null, Buffer.from(checkpointNote(c)), privateKey).toString('base64') };
};
const proof = (m: number, n: number) => ({
  first: m,
  second: n,
  proof: subproof(m, leaves.slice(0, n), true).map((h) => h.toString('hex')),
});

describe('verifyWitness (the checkpoint printed on a notice against the log now)', () => {
  it('accepts a log that only grew since the printed checkpoint', async () => {
    for (const [m, n] of [
      [3, 7],
      [4, 7],
      [1, 5],
      [6, 7],
    ] as const)
      expect(await verifyWitness(cp(m), cp(n), proof(m, n), raw), `${m}→${n}`).toBe('verified');
    expect(await verifyWitness(cp(5), cp(5), null, raw)).toBe('verified');
  });

  it('refuses a rewritten log, a forged signature and a missing proof', async () => {
    const rewritten = cp(7, mth([...leaves.slice(0, 2), leaf('X'), ...leaves.slice(3)]).toString('hex'));
    expect(await verifyWitness(cp(3), rewritten, proof(3, 7), raw)).toBe('failed');
    expect(await verifyWitness(cp(5), cp(5, '0'.repeat(64)), null, raw)).toBe('failed');
    const forged = { ...cp(7), signature: cp(6).signature };
    expect(await verifyWitness(cp(3), forged, proof(3, 7), raw)).toBe('failed');
    expect(await verifyWitness(cp(3), cp(7), null, raw)).toBe('failed');
    expect(await verifyWitness(cp(3), cp(7), proof(4, 7), raw)).toBe('failed');
  });
});
