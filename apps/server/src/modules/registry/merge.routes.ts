import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createMergeService } from './merge.service';
import { REGISTRY_EDITORS } from './registry.policy';

const params = z.strictObject({ id: z.string().min(1).max(60) });
const counts = z.record(z.string(), z.number());
const personSummary = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  birthYear: z.number().nullable(),
  address: z.string().nullable(),
  hasAccount: z.boolean(),
});

/** Staff merge two records of one person of their compound: preview, then the merge (audited). */
export function registerPersonMergeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createMergeService({ db: ctx.db, registry: ctx.registry, audit: ctx.audit });
  const tags = ['registry'];

  r.get(
    '/api/v1/registry/people/:id/merge-preview',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary: 'What merging another record into this person would move, per kind, and the votes that forbid it',
        params,
        querystring: z.strictObject({ other: z.string().min(1).max(60) }),
        response: {
          200: z.object({
            survivor: personSummary,
            other: personSummary,
            moves: counts,
            ballotClashes: z.array(z.object({ voteId: z.string(), title: z.string() })),
          }),
        },
      },
    },
    (req) => service.preview(req.auth, req.params.id, req.query.other),
  );

  r.post(
    '/api/v1/registry/people/:id/merge',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary:
          'Merge another record of the same person into this one (one transaction, audited); the other stays as a tombstone. 409 PERSON_MERGE_DOUBLE_BALLOT, 409 PERSON_MERGE_OTHER_COMPOUND',
        params,
        body: z.strictObject({ otherId: z.string().min(1).max(60) }),
        response: {
          200: z.object({
            survivorId: z.string(),
            mergedId: z.string(),
            moved: counts,
            dropped: counts,
            councilSeats: z.number(),
            electorates: z.number(),
            account: z.enum(['moved', 'folded']).nullable(),
            grantsMoved: z.number(),
          }),
        },
      },
    },
    (req) => service.merge(req.auth, req.params.id, req.body.otherId),
  );
}
