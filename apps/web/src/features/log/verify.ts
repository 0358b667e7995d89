import { checkpointNote, type InclusionProofDto, leafHashOf, type Sha256, verifyInclusion } from '@lianxin/shared';

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
