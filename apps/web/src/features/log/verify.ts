import {
  type CheckpointDto,
  type ConsistencyProofDto,
  checkpointNote,
  type InclusionProofDto,
  leafHashOf,
  type Sha256,
  verifyConsistency,
  verifyInclusion,
} from '@lianxin/shared';

const sha256: Sha256 = async (b) => new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource));

function fromBase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

export type Verdict = 'verified' | 'path-only' | 'failed';

/**
 * Checks a receipt's proof in the reader's own browser: the entry names this receipt, hashes to
 * the leaf, the audit path leads to the checkpoint's root, and the checkpoint is signed by the
 * published key (WebCrypto Ed25519; where the browser lacks it, the path alone, and we say so).
 */
export async function verifyReceipt(p: InclusionProofDto, receiptId: string, publicKey: string): Promise<Verdict> {
  if (p.entry === null) return 'failed';
  const fields = JSON.parse(p.entry) as unknown[];
  if (fields[7] !== receiptId) return 'failed';
  const leaf = await leafHashOf(sha256, new TextEncoder().encode(p.entry));
  if (leaf !== p.leafHash) return 'failed';
  const cp = p.checkpoint;
  if (!(await verifyInclusion(sha256, p.leafIndex, cp.treeSize, leaf, p.proof, cp.rootHash))) return 'failed';
  return signatureVerdict(cp, publicKey);
}

/** The checkpoint's Ed25519 signature checked with WebCrypto; 'path-only' where the browser lacks Ed25519. */
async function signatureVerdict(cp: CheckpointDto, publicKey: string): Promise<Verdict> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', fromBase64(publicKey) as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'path-only';
  }
  const ok = await crypto.subtle.verify(
    'Ed25519',
    key,
    fromBase64(cp.signature) as BufferSource,
    new TextEncoder().encode(checkpointNote(cp)) as BufferSource,
  );
  return ok ? 'verified' : 'failed';
}

/**
 * Checks a checkpoint printed on a notice against the log now: the printed root is the log's at
 * that size, both checkpoints are signed by the published key, and the log now is an extension of
 * the printed one (RFC 9162 consistency proof) — so nothing was cut short or rewritten since.
 */
export async function verifyWitness(
  printed: CheckpointDto,
  latest: CheckpointDto,
  consistency: ConsistencyProofDto | null,
  publicKey: string,
): Promise<Verdict> {
  const same = latest.treeSize === printed.treeSize;
  if (!same && consistency === null) return 'failed';
  const consistent = same
    ? latest.rootHash === printed.rootHash
    : await verifyConsistency(
        sha256,
        printed.treeSize,
        latest.treeSize,
        printed.rootHash,
        latest.rootHash,
        consistency?.proof ?? [],
      );
  if (!consistent) return 'failed';
  const a = await signatureVerdict(printed, publicKey);
  const b = await signatureVerdict(latest, publicKey);
  if (a === 'failed' || b === 'failed') return 'failed';
  return a === 'path-only' || b === 'path-only' ? 'path-only' : 'verified';
}
