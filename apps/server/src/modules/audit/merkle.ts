import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../../db/core.tables';

/**
 * Server-side RFC 9162 Merkle tree arithmetic (the verifiers shared with the browser are in
 * @lianxin/shared/merkle). Hashes are lowercase hex. Node's synchronous SHA-256 keeps the
 * sequencer and the full verification fast.
 */

export type LeafRow = Pick<
  AuditLogTable,
  'at' | 'actor_account_id' | 'on_behalf_of' | 'channel' | 'action' | 'target_type' | 'target_id' | 'node_id' | 'details'
> & { seq: number };

/**
 * The bytes of an entry's leaf: a JSON array of its fields in a fixed order. It carries ids,
 * never names, so erasing a person leaves the log intact and verifiable.
 */
export function leafData(r: LeafRow): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actor_account_id,
    r.on_behalf_of,
    r.channel,
    r.action,
    r.target_type,
    r.target_id,
    r.node_id,
    r.details,
  ]);
}

/** SHA-256(0x00 || data). */
export function leafHash(data: string | Buffer): string {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest('hex');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: string, right: string): string {
  return createHash('sha256')
    .update(Buffer.of(1))
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');
}

export const EMPTY_ROOT = createHash('sha256').digest('hex');

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export interface NodeRef {
  level: number;
  idx: number;
}

/**
 * The complete subtrees that make up the leaves [lo, hi), largest first, as (level, index).
 * Every range the proofs below ask for starts at a multiple of its largest part, so the parts
 * are aligned nodes of the tree.
 */
export function perfectNodes(lo: number, hi: number): NodeRef[] {
  const out: NodeRef[] = [];
  let start = lo;
  let size = hi - lo;
  for (let level = 31; level >= 0 && size > 0; level--) {
    const w = 2 ** level;
    if (size >= w) {
      out.push({ level, idx: start / w });
      start += w;
      size -= w;
    }
  }
  return out;
}

/** The hash of the leaves [lo, hi) given the hashes of their perfectNodes (largest first). */
export function rootOf(parts: readonly string[]): string {
  if (parts.length === 0) return EMPTY_ROOT;
  let acc = parts[parts.length - 1] as string;
  for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(parts[i] as string, acc);
  return acc;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), as the leaf ranges whose hashes make up the proof, in order. */
export function inclusionRanges(m: number, n: number, lo = 0): Array<[number, number]> {
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...inclusionRanges(m, k, lo), [lo + k, lo + n]];
  return [...inclusionRanges(m - k, n - k, lo + k), [lo, lo + k]];
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), as leaf ranges in order. */
export function consistencyRanges(m: number, n: number): Array<[number, number]> {
  const sub = (m: number, n: number, lo: number, whole: boolean): Array<[number, number]> => {
    if (m === n) return whole ? [] : [[lo, lo + n]];
    const k = splitPoint(n);
    if (m <= k) return [...sub(m, k, lo, whole), [lo + k, lo + n]];
    return [...sub(m - k, n - k, lo + k, false), [lo, lo + k]];
  };
  if (m <= 0 || m >= n) return [];
  return sub(m, n, 0, true);
}

/**
 * The right edge of a tree: the roots of its complete subtrees, one per set bit of its size.
 * Appending a leaf returns the nodes it completes (to store), so a sequencer needs only the
 * edge, not the whole tree, to grow it and compute the new root.
 */
export class Frontier {
  private readonly edge = new Map<number, string>();
  size: number;

  /** `edge` holds the hashes of perfectNodes(0, size), largest first. */
  constructor(size: number, edge: readonly string[]) {
    this.size = size;
    const refs = perfectNodes(0, size);
    if (refs.length !== edge.length) throw new Error('frontier does not match the tree size');
    for (const [i, r] of refs.entries()) this.edge.set(r.level, edge[i] as string);
  }

  static edgeOf(size: number): NodeRef[] {
    return perfectNodes(0, size);
  }

  append(hash: string): Array<NodeRef & { hash: string }> {
    const made: Array<NodeRef & { hash: string }> = [{ level: 0, idx: this.size, hash }];
    let cur = hash;
    let level = 0;
    let idx = this.size;
    while (idx % 2 === 1) {
      const left = this.edge.get(level);
      if (left === undefined) throw new Error('frontier is missing a node');
      this.edge.delete(level);
      cur = nodeHash(left, cur);
      level++;
      idx = (idx - 1) / 2;
      made.push({ level, idx, hash: cur });
    }
    this.edge.set(level, cur);
    this.size++;
    return made;
  }

  root(): string {
    const parts = [...this.edge.entries()].sort((a, b) => b[0] - a[0]).map(([, h]) => h);
    return rootOf(parts);
  }
}
