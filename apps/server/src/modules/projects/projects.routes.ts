import {
  idSchema,
  itemPatchSchema,
  milestoneInputSchema,
  milestonePatchSchema,
  photoConsentSchema,
  photoCreateSchema,
  projectCreateSchema,
  projectDetailSchema,
  projectItemInputSchema,
  projectPatchSchema,
  projectSummarySchema,
  STAFF_ROLES,
  spendingCorrectionSchema,
  spendingCreateSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createProjectFollowService } from './projects.follow';
import { createProjectsService } from './projects.service';

const idParams = z.strictObject({ id: idSchema });
const listQuery = z.strictObject({ nodeId: idSchema.optional() });
const tags = ['projects'];

/** Projects (提质改造): staff routes, and the public disclosure page's two routes. */
export function registerProjectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = createProjectsService({
    db: ctx.db,
    projects: ctx.projects,
    audit: ctx.audit,
    notifications: ctx.notifications,
  });
  const residents = createProjectFollowService({ db: ctx.db, projects: ctx.projects });
  const staff = { access: STAFF_ROLES };
  const detail = { 200: projectDetailSchema };

  r.get(
    '/api/v1/projects',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Projects in my subtree',
        querystring: listQuery,
        response: { 200: z.array(projectSummarySchema) },
      },
    },
    async (req) => svc.list(req.auth, req.query.nodeId),
  );
  r.get(
    '/api/v1/projects/nodes',
    {
      config: staff,
      schema: {
        tags,
        summary: 'The nodes of my subtree a project may belong to, with their names along the tree',
        response: {
          200: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), label: z.string() })),
        },
      },
    },
    async (req) => svc.nodes(req.auth),
  );
  r.post(
    '/api/v1/projects',
    {
      config: staff,
      schema: { tags, summary: 'Create a project', body: projectCreateSchema, response: { 201: projectDetailSchema } },
    },
    async (req, reply) => reply.status(201).send(await svc.create(req.auth, req.body)),
  );
  r.get(
    '/api/v1/projects/:id',
    { config: staff, schema: { tags, summary: 'A project, for staff', params: idParams, response: detail } },
    async (req) => svc.getForStaff(req.auth, req.params.id),
  );
  r.patch(
    '/api/v1/projects/:id',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Change a project (audited); with expectedVersion, 409 EDIT_CONFLICT when it changed since that version',
        params: idParams,
        body: projectPatchSchema,
        response: detail,
      },
    },
    async (req) => svc.patch(req.auth, req.params.id, req.body),
  );
  r.post(
    '/api/v1/projects/:id/items',
    {
      config: staff,
      schema: { tags, summary: 'Add a work item', params: idParams, body: projectItemInputSchema, response: detail },
    },
    async (req) => svc.addItem(req.auth, req.params.id, req.body),
  );
  r.patch(
    '/api/v1/projects/:id/items/:itemId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Change a work item budget (audited)',
        params: z.strictObject({ id: idSchema, itemId: idSchema }),
        body: itemPatchSchema,
        response: detail,
      },
    },
    async (req) => svc.patchItem(req.auth, req.params.id, req.params.itemId, req.body),
  );
  r.post(
    '/api/v1/projects/:id/milestones',
    {
      config: staff,
      schema: { tags, summary: 'Add a milestone', params: idParams, body: milestoneInputSchema, response: detail },
    },
    async (req) => svc.addMilestone(req.auth, req.params.id, req.body),
  );
  r.patch(
    '/api/v1/projects/:id/milestones/:milestoneId',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Mark a milestone done (or not)',
        params: z.strictObject({ id: idSchema, milestoneId: idSchema }),
        body: milestonePatchSchema,
        response: detail,
      },
    },
    async (req) => svc.setMilestone(req.auth, req.params.id, req.params.milestoneId, req.body.doneOn),
  );
  r.post(
    '/api/v1/projects/:id/spending',
    {
      config: staff,
      schema: { tags, summary: 'Record spending (audited)', params: idParams, body: spendingCreateSchema, response: detail },
    },
    async (req) => svc.addSpending(req.auth, req.params.id, req.body),
  );
  r.post(
    '/api/v1/projects/:id/spending/:spendingId/corrections',
    {
      config: staff,
      schema: {
        tags,
        summary:
          'Correct a spending entry by a reversing entry with a reason (audited); 422 CORRECTION_EXCEEDS beyond what is left of it',
        params: z.strictObject({ id: idSchema, spendingId: idSchema }),
        body: spendingCorrectionSchema,
        response: detail,
      },
    },
    async (req) => svc.correctSpending(req.auth, req.params.id, req.params.spendingId, req.body),
  );
  r.get(
    '/api/v1/me/projects',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Published projects of my compound, with whether I follow each',
        response: { 200: z.array(projectSummarySchema) },
      },
    },
    async (req) => residents.listMine(req.auth),
  );
  r.put(
    '/api/v1/projects/:id/follow',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Follow (or stop following) a published project of my compound: told of milestones and completion',
        params: idParams,
        body: z.strictObject({ following: z.boolean() }),
        response: { 200: z.object({ following: z.boolean() }) },
      },
    },
    async (req) => residents.follow(req.auth, req.params.id, req.body.following),
  );
  r.post(
    '/api/v1/projects/:id/photos',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Attach a before/after photo, a contract or an invoice (image); public only with publicConsent',
        params: idParams,
        body: photoCreateSchema,
        response: detail,
      },
    },
    async (req) => svc.addPhoto(req.auth, req.params.id, req.body),
  );

  r.put(
    '/api/v1/projects/:id/photos/:photoId/consent',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Record or withdraw consent to publish an attachment (audited): public only with it',
        params: z.strictObject({ id: idSchema, photoId: idSchema }),
        body: photoConsentSchema,
        response: detail,
      },
    },
    async (req) => svc.setPhotoConsent(req.auth, req.params.id, req.params.photoId, req.body.publicConsent),
  );

  r.get(
    '/api/v1/public/projects',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Published projects', querystring: listQuery, response: { 200: z.array(projectSummarySchema) } },
    },
    async (req) => svc.listPublic(req.query.nodeId),
  );
  r.get(
    '/api/v1/public/projects/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Public disclosure page of a project', params: idParams, response: detail },
    },
    async (req) => svc.getPublic(req.params.id),
  );
}
