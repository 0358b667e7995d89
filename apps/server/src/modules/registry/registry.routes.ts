import {
  branchInputSchema,
  COMMITTEE_POSITIONS,
  committeeInputSchema,
  dateOnlySchema,
  nameSchema,
  nodeInputSchema,
  personInputSchema,
  personPatchSchema,
  STAFF_ROLES,
  unitInputSchema,
  unitPatchSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { requireAuth } from '../accounts/policy';
import { registerImportRoutes } from './import.routes';
import { createOrgRepository } from './org.repository';
import { createOrgService } from './org.service';
import { createPeopleService } from './people.service';
import { REGISTRY_EDITORS } from './registry.policy';
import {
  buildingDetailSchema,
  idOnly,
  nodeDetailSchema,
  nodeSummary,
  orgSchema,
  personDetailSchema,
  searchResultSchema,
} from './registry.schemas';
import { createRegistryService } from './registry.service';

const idParam = z.strictObject({ id: z.string().min(1).max(60) });
const tags = ['registry'];

/** The registry API: tree, buildings, units, people, search, branch and committee, import. */
export function registerRegistryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createRegistryService(ctx);
  const org = createOrgRepository(ctx.db);
  const people = createPeopleService({ ...ctx, org, service });
  const orgs = createOrgService({ ...ctx, org, service });
  const read = { access: STAFF_ROLES };
  const write = { access: REGISTRY_EDITORS };

  r.get(
    '/api/v1/registry/roots',
    {
      config: read,
      schema: {
        tags,
        summary: 'Where the caller’s registry starts',
        response: { 200: z.object({ nodes: z.array(nodeSummary) }) },
      },
    },
    async (req) => ({
      nodes: await service.roots(requireAuth(req.auth)),
    }),
  );

  r.get(
    '/api/v1/registry/nodes/:id',
    { config: read, schema: { tags, params: idParam, response: { 200: nodeDetailSchema } } },
    (req) => service.nodeDetail(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/registry/nodes',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a child node (kind follows the parent)',
        body: nodeInputSchema,
        response: { 201: nodeSummary },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createNode(req.auth, req.body)),
  );

  r.patch(
    '/api/v1/registry/nodes/:id',
    {
      config: write,
      schema: { tags, params: idParam, body: z.strictObject({ name: nameSchema }), response: { 200: nodeSummary } },
    },
    (req) => service.renameNode(req.auth, req.params.id, req.body.name),
  );

  r.delete(
    '/api/v1/registry/nodes/:id',
    { config: write, schema: { tags, summary: 'Delete an empty node', params: idParam } },
    async (req, reply) => {
      await service.deleteNode(req.auth, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/registry/buildings/:id',
    { config: read, schema: { tags, params: idParam, response: { 200: buildingDetailSchema } } },
    (req) => service.buildingDetail(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/registry/units',
    {
      config: write,
      schema: { tags, body: unitInputSchema, response: { 201: z.object({ id: z.string(), label: z.string() }) } },
    },
    async (req, reply) => reply.status(201).send(await service.createUnit(req.auth, req.body)),
  );

  r.patch(
    '/api/v1/registry/units/:id',
    { config: write, schema: { tags, params: idParam, body: unitPatchSchema, response: { 200: idOnly } } },
    (req) => service.updateUnit(req.auth, req.params.id, req.body),
  );

  r.put(
    '/api/v1/registry/units/:id/owners',
    {
      config: write,
      schema: {
        tags,
        summary: 'Set a unit’s owners (co-owners: exactly one representative)',
        params: idParam,
        body: z.strictObject({
          owners: z.array(z.strictObject({ personId: z.string().min(1).max(60), representative: z.boolean() })).max(10),
        }),
        response: { 200: idOnly },
      },
    },
    (req) => service.setOwners(req.auth, req.params.id, req.body.owners),
  );

  r.get(
    '/api/v1/registry/search',
    {
      config: read,
      schema: {
        tags,
        summary: 'Search by name, door number (301, 3-1-301) or phone suffix; phones masked',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(40), nodeId: z.string().max(60).optional() }),
        response: { 200: searchResultSchema },
      },
    },
    async (req) => ({ results: await people.search(req.auth, req.query) }),
  );

  r.post(
    '/api/v1/registry/people',
    { config: write, schema: { tags, body: personInputSchema, response: { 201: idOnly } } },
    async (req, reply) => reply.status(201).send(await people.create(req.auth, req.body)),
  );

  r.get(
    '/api/v1/registry/people/:id',
    { config: read, schema: { tags, params: idParam, response: { 200: personDetailSchema } } },
    (req) => people.detail(req.auth, req.params.id),
  );

  r.patch(
    '/api/v1/registry/people/:id',
    { config: write, schema: { tags, params: idParam, body: personPatchSchema, response: { 200: idOnly } } },
    (req) => people.update(req.auth, req.params.id, req.body),
  );

  r.get(
    '/api/v1/registry/people/:id/phone',
    {
      config: read,
      schema: {
        tags,
        summary: 'The full phone number (the read is audited)',
        params: idParam,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    (req) => people.revealPhone(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/registry/compounds/:id/organisations',
    { config: read, schema: { tags, summary: '小区党支部 and 业委会', params: idParam, response: { 200: orgSchema } } },
    (req) => orgs.detail(req.auth, req.params.id),
  );

  r.put(
    '/api/v1/registry/compounds/:id/branch',
    { config: write, schema: { tags, params: idParam, body: branchInputSchema, response: { 200: idOnly } } },
    (req) => orgs.setBranch(req.auth, req.params.id, req.body),
  );

  r.post(
    '/api/v1/registry/compounds/:id/branch/members',
    {
      config: write,
      schema: {
        tags,
        params: idParam,
        body: z.strictObject({ personId: z.string().min(1).max(60), joinedOn: dateOnlySchema.nullable().default(null) }),
      },
    },
    async (req, reply) => {
      await orgs.addBranchMember(req.auth, req.params.id, req.body.personId, req.body.joinedOn);
      return reply.status(204).send();
    },
  );

  r.delete(
    '/api/v1/registry/compounds/:id/branch/members/:personId',
    { config: write, schema: { tags, params: z.strictObject({ id: z.string().max(60), personId: z.string().max(60) }) } },
    async (req, reply) => {
      await orgs.removeBranchMember(req.auth, req.params.id, req.params.personId);
      return reply.status(204).send();
    },
  );

  r.put(
    '/api/v1/registry/compounds/:id/committee',
    { config: write, schema: { tags, params: idParam, body: committeeInputSchema, response: { 200: idOnly } } },
    (req) => orgs.setCommittee(req.auth, req.params.id, req.body),
  );

  r.put(
    '/api/v1/registry/compounds/:id/committee/members/:personId',
    {
      config: write,
      schema: {
        tags,
        params: z.strictObject({ id: z.string().max(60), personId: z.string().max(60) }),
        body: z.strictObject({ position: z.enum(COMMITTEE_POSITIONS) }),
      },
    },
    async (req, reply) => {
      await orgs.setCommitteeMember(req.auth, req.params.id, req.params.personId, req.body.position);
      return reply.status(204).send();
    },
  );

  r.delete(
    '/api/v1/registry/compounds/:id/committee/members/:personId',
    { config: write, schema: { tags, params: z.strictObject({ id: z.string().max(60), personId: z.string().max(60) }) } },
    async (req, reply) => {
      await orgs.removeCommitteeMember(req.auth, req.params.id, req.params.personId);
      return reply.status(204).send();
    },
  );

  registerImportRoutes(app, ctx, service);
}
