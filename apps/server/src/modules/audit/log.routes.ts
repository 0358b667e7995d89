import {
  type CheckpointDto,
  checkpointSchema,
  consistencyProofSchema,
  inclusionProofSchema,
  logKeySchema,
  PUBLIC_LOG_ACTIONS,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';

const tags = ['log'];
const pub = { access: 'public' as const };
const size = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/**
 * The public, verifiable log (ADR 0003): anyone may fetch the signing key, checkpoints and
 * proofs. An entry's content is served only for receipts people check (PUBLIC_LOG_ACTIONS);
 * for any other entry the public gets its leaf hash and proof, not what it says.
 */
export function registerLogRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/log/key',
    { config: pub, schema: { tags, summary: 'The Ed25519 public key that signs checkpoints', response: { 200: logKeySchema } } },
    async () => {
      const s = ctx.logSigner();
      return { algorithm: 'Ed25519' as const, keyId: s.keyId, publicKey: s.publicKeyRaw, pem: s.publicKeyPem };
    },
  );

  r.get(
    '/api/v1/log/checkpoint',
    { config: pub, schema: { tags, summary: 'The latest signed checkpoint', response: { 200: checkpointSchema } } },
    async () => {
      const c = await ctx.log.latestCheckpoint();
      if (!c) throw notFound('checkpoint');
      return c;
    },
  );

  r.get(
    '/api/v1/log/checkpoints',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Checkpoint history, newest first (page with ?before=<treeSize>)',
        querystring: z.object({ before: size.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(checkpointSchema) },
      },
    },
    async (req) => ctx.log.checkpoints(req.query.limit, req.query.before),
  );

  r.get(
    '/api/v1/log/checkpoints/:size',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The signed checkpoint of this tree size (e.g. the one a printed notice carries)',
        params: z.object({ size }),
        response: { 200: checkpointSchema },
      },
    },
    async (req) => {
      const c = await ctx.log.checkpointAt(req.params.size);
      if (!c) throw notFound('checkpoint');
      return c;
    },
  );

  /** The proof of one entry against a checkpoint (the latest unless ?treeSize= names one). */
  async function proofOf(seq: number, treeSize: number | undefined) {
    const e = await ctx.log.entry(seq);
    if (!e) throw notFound('entry');
    if (e.row.leaf_index === null) throw new AppError('LOG_PENDING');
    const cp: CheckpointDto | null = treeSize ? await ctx.log.checkpointAt(treeSize) : await ctx.log.latestCheckpoint();
    if (!cp) throw notFound('checkpoint');
    if (e.row.leaf_index >= cp.treeSize) throw fieldError('treeSize', 'entry_not_in_tree');
    const { leafHash } = await import('./merkle');
    return {
      seq,
      leafIndex: e.row.leaf_index,
      leafHash: leafHash(e.data),
      entry: PUBLIC_LOG_ACTIONS.includes(e.row.action) ? e.data : null,
      checkpoint: cp,
      proof: await ctx.log.inclusionProof(e.row.leaf_index, cp.treeSize),
    };
  }

  r.get(
    '/api/v1/log/entries/:seq/proof',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Inclusion proof of an entry (RFC 9162 audit path)',
        params: z.object({
          seq: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 31 - 1),
        }),
        querystring: z.object({ treeSize: size.optional() }),
        response: { 200: inclusionProofSchema },
      },
    },
    async (req) => proofOf(req.params.seq, req.query.treeSize),
  );

  r.get(
    '/api/v1/log/receipts/:kind/:id',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Inclusion proof of a receipt: a ballot (by receipt hash), a certificate or a council decision (by id)',
        params: z.object({ kind: z.enum(['ballot', 'certificate', 'decision']), id: z.string().min(1).max(100) }),
        response: { 200: inclusionProofSchema },
      },
    },
    async (req) => {
      const seq = await ctx.log.receiptEntry(req.params.kind, req.params.id);
      if (seq === null) throw notFound('receipt');
      return proofOf(seq, undefined);
    },
  );

  r.get(
    '/api/v1/log/consistency',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Consistency proof between two checkpointed sizes (RFC 9162)',
        querystring: z.object({ first: size, second: size }),
        response: { 200: consistencyProofSchema },
      },
    },
    async (req) => {
      const { first, second } = req.query;
      if (first > second) throw fieldError('first', 'above_second');
      const latest = await ctx.log.latestCheckpoint();
      if (!latest || second > latest.treeSize) throw fieldError('second', 'beyond_log');
      return { first, second, proof: await ctx.log.consistencyProof(first, second) };
    },
  );
}
