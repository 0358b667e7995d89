import { z } from 'zod';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A signed statement of the public log's size and root; its signature covers checkpointNote(). */
export const checkpointSchema = z.object({
  treeSize: z.number().int().min(1),
  rootHash: hex64,
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
export type CheckpointDto = z.infer<typeof checkpointSchema>;

/**
 * Where a printed notice's checkpoint QR code points: the public page that checks, in the reader's
 * browser, that the log still holds this size with this root (a witness copy on paper).
 */
export function checkpointPath(c: { treeSize: number; rootHash: string }): string {
  return `/log/checkpoints/${c.treeSize}?root=${c.rootHash}`;
}

export const logKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  /** The raw 32-byte public key, base64. */
  publicKey: z.string(),
  pem: z.string(),
});

export const inclusionProofSchema = z.object({
  seq: z.number().int(),
  leafIndex: z.number().int(),
  leafHash: hex64,
  /** The entry's leaf data (JSON text), only for entries whose content is public (receipts). */
  entry: z.string().nullable(),
  checkpoint: checkpointSchema,
  proof: z.array(hex64),
});
export type InclusionProofDto = z.infer<typeof inclusionProofSchema>;

export const consistencyProofSchema = z.object({
  first: z.number().int(),
  second: z.number().int(),
  proof: z.array(hex64),
});
export type ConsistencyProofDto = z.infer<typeof consistencyProofSchema>;

/** The audit actions whose entries the public may read in full: receipts people check. */
export const PUBLIC_LOG_ACTIONS: readonly string[] = ['vote.ballot_cast', 'certificate.issued', 'council.decision.recorded'];
