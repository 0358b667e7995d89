import { idSchema, pollAnswerSchema, pollCreateSchema, pollDetailSchema, pollSummarySchema, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { idempotent } from '../../lib/idempotency';
import { registerSmsInboundRoutes } from './sms-inbound.routes';

const idParams = z.object({ id: idSchema });
const tags = ['polls'];

/** Quick polls: thin routes over the polls service. */
export function registerPollRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.polls;
  const member = { access: 'authenticated' as const };
  registerSmsInboundRoutes(app, ctx);

  r.get(
    '/api/v1/polls',
    {
      config: member,
      schema: {
        tags,
        summary: 'Polls addressed to me (staff: the ones they run)',
        response: { 200: z.array(pollSummarySchema) },
      },
    },
    async (req) => svc.list(req.auth),
  );
  r.post(
    '/api/v1/polls',
    {
      config: { access: STAFF_ROLES },
      schema: { tags, summary: 'Ask a quick poll', body: pollCreateSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    // With an Idempotency-Key, a retried creation answers the first poll again: one poll, one SMS each.
    async (req, reply) =>
      idempotent<{ id: string }>(ctx.db, req, reply, async (storeAnswer) => {
        const id = await svc.create(req.auth, req.body, (trx, pollId) => storeAnswer(trx, { status: 201, body: { id: pollId } }));
        return { status: 201, body: { id } };
      }),
  );
  r.get(
    '/api/v1/polls/:id',
    {
      config: member,
      schema: {
        tags,
        summary: 'A poll, my answer, and the count when I may see it',
        params: idParams,
        response: { 200: pollDetailSchema },
      },
    },
    async (req) => svc.get(req.auth, req.params.id),
  );
  r.post(
    '/api/v1/polls/:id/answers',
    {
      config: member,
      schema: { tags, summary: 'Answer once (or for the resident I act for)', params: idParams, body: pollAnswerSchema },
    },
    async (req, reply) => {
      await svc.answer(req.auth, req.params.id, req.body.choices);
      return reply.status(204).send();
    },
  );
}
