import {
  conventionDiffSchema,
  conventionPublishSchema,
  conventionSchema,
  idSchema,
  noticeCreateSchema,
  noticeSchema,
  STAFF_ROLES,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createNoticesService } from './notices.service';

const idParams = z.strictObject({ id: idSchema });
const nodeParams = z.strictObject({ nodeId: idSchema });
const tags = ['notices'];

/** Notices (announcements) and the 居民公约. */
export function registerNoticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = createNoticesService({ db: ctx.db, notices: ctx.notices, audit: ctx.audit });
  const staff = { access: STAFF_ROLES };
  const member = { access: 'authenticated' as const };

  r.get(
    '/api/v1/notices',
    {
      config: member,
      schema: { tags, summary: 'Notices for me (staff: every state in their subtree)', response: { 200: z.array(noticeSchema) } },
    },
    async (req) => svc.list(req.auth),
  );
  r.post(
    '/api/v1/notices',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Publish a notice to a node and its subtree',
        body: noticeCreateSchema,
        response: { 201: noticeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body)),
  );
  r.get(
    '/api/v1/notices/:id',
    {
      config: member,
      schema: { tags, summary: 'Open a notice (records the read)', params: idParams, response: { 200: noticeSchema } },
    },
    async (req) => svc.open(req.auth, req.params.id),
  );
  r.post(
    '/api/v1/notices/:id/withdraw',
    { config: staff, schema: { tags, summary: 'Withdraw a notice', params: idParams, response: { 200: noticeSchema } } },
    async (req) => svc.withdraw(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/conventions/:nodeId',
    {
      config: member,
      schema: {
        tags,
        summary: 'The 居民公约 of a node: current text and versions',
        params: nodeParams,
        response: { 200: conventionSchema },
      },
    },
    async (req) => svc.convention(req.auth, req.params.nodeId),
  );
  r.post(
    '/api/v1/conventions/:nodeId/versions',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Publish a new version of the 公约',
        params: nodeParams,
        body: conventionPublishSchema,
        response: { 201: conventionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publishVersion(req.auth, req.params.nodeId, req.body)),
  );
  r.get(
    '/api/v1/conventions/:nodeId/diff',
    {
      config: member,
      schema: {
        tags,
        summary: 'Line diff between two versions',
        params: nodeParams,
        querystring: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: conventionDiffSchema },
      },
    },
    async (req) => svc.diff(req.auth, req.params.nodeId, req.query.from, req.query.to),
  );
  r.post(
    '/api/v1/conventions/:nodeId/ack',
    {
      config: member,
      schema: {
        tags,
        summary: 'Acknowledge a version (once per person)',
        params: nodeParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: z.object({ version: z.number(), acknowledged: z.literal(true), first: z.boolean() }) },
      },
    },
    async (req) => svc.acknowledge(req.auth, req.params.nodeId, req.body.version),
  );
}
