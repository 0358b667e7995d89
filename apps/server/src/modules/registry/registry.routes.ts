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
import { type AuthContext, requireAuth } from '../accounts/policy';
import { registerImportRoutes } from './import.routes';
import { registerPersonMergeRoutes } from './merge.routes';
import { createOrgRepository } from './org.repository';
import { createOrgService } from './org.service';
import { createPeopleService } from './people.service';
import { REGISTRY_EDITORS } from './registry.policy';
import {
  buildingDetailSchema,
  idAndVersion,
  idOnly,
  nodeDetailSchema,
  nodeSummary,
  orgSchema,
  personDetailSchema,
  searchResultSchema,
} from './registry.schemas';
import { createRegistryService } from './registry.service';
import { registerTreeImportRoutes } from './tree-import.routes';

const idParam = z.strictObject({ id: z.string().min(1).max(60) });
const memberParams = z.strictObject({ id: z.string().max(60), personId: z.string().max(60) });
const tags = ['registry'];

type Maker<B> = (auth: AuthContext | null, body: B) => Promise<unknown>;
type Saver<B> = (auth: AuthContext | null, id: string, body: B) => Promise<{ id: string }>;

/** The registry API: tree, buildings, units, people, search, branch and committee, import. */
export function registerRegistryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = createRegistryService(ctx);
  const org = createOrgRepository(ctx.db);
  const people = createPeopleService({ ...ctx, org, service });
  const orgs = createOrgService({ ...ctx, org, service });
  const read = { access: STAFF_ROLES };
  const write = { access: REGISTRY_EDITORS };

  /** POST url: make a record from the body; 201 with what was made. */
  function create<B extends z.ZodType>(url: string, body: B, response: z.ZodType, make: Maker<z.output<B>>) {
    r.post(url, { config: write, schema: { tags, body, response: { 201: response } } }, async (req, reply) =>
      reply.status(201).send(await make(req.auth, req.body as z.output<B>)),
    );
  }
  /** PATCH or PUT url/:id with a body; 200 with the id. */
  function update<B extends z.ZodType>(
    method: 'patch' | 'put',
    url: string,
    body: B,
    save: Saver<z.output<B>>,
    extra: { summary?: string; response?: z.ZodType } = {},
  ) {
    const schema = { tags, summary: extra.summary, params: idParam, body, response: { 200: extra.response ?? idOnly } };
    r[method](url, { config: write, schema }, (req) => save(req.auth, req.params.id, req.body as z.output<B>));
  }
  /** An edit of a versioned record: 409 EDIT_CONFLICT for a stale expectedVersion (ADR 0002). */
  const versioned = (what: string) => ({
    summary: `Edit a ${what}; with expectedVersion, 409 EDIT_CONFLICT when it changed since that version`,
    response: idAndVersion,
  });
  /** A write with nothing to answer: 204. */
  function noContent<P extends z.ZodType, B extends z.ZodType>(
    method: 'post' | 'put' | 'delete',
    url: string,
    schema: { summary?: string; params: P; body?: B },
    act: (auth: AuthContext | null, params: z.output<P>, body: z.output<B>) => Promise<unknown>,
  ) {
    r[method](url, { config: write, schema: { tags, ...schema } }, async (req, reply) => {
      await act(req.auth, req.params as z.output<P>, req.body as z.output<B>);
      return reply.status(204).send();
    });
  }

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

  noContent('delete', '/api/v1/registry/nodes/:id', { summary: 'Delete an empty node', params: idParam }, (auth, p) =>
    service.deleteNode(auth, p.id),
  );

  r.get(
    '/api/v1/registry/buildings/:id',
    { config: read, schema: { tags, params: idParam, response: { 200: buildingDetailSchema } } },
    (req) => service.buildingDetail(req.auth, req.params.id),
  );

  create('/api/v1/registry/units', unitInputSchema, z.object({ id: z.string(), label: z.string() }), service.createUnit);
  update('patch', '/api/v1/registry/units/:id', unitPatchSchema, service.updateUnit, versioned('unit'));

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

  create('/api/v1/registry/people', personInputSchema, idOnly, people.create);

  r.get(
    '/api/v1/registry/people/:id',
    { config: read, schema: { tags, params: idParam, response: { 200: personDetailSchema } } },
    (req) => people.detail(req.auth, req.params.id),
  );

  update('patch', '/api/v1/registry/people/:id', personPatchSchema, people.update, versioned('person'));

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

  update('put', '/api/v1/registry/compounds/:id/branch', branchInputSchema, orgs.setBranch);

  noContent(
    'post',
    '/api/v1/registry/compounds/:id/branch/members',
    {
      params: idParam,
      body: z.strictObject({ personId: z.string().min(1).max(60), joinedOn: dateOnlySchema.nullable().default(null) }),
    },
    (auth, p, b) => orgs.addBranchMember(auth, p.id, b.personId, b.joinedOn),
  );

  noContent('delete', '/api/v1/registry/compounds/:id/branch/members/:personId', { params: memberParams }, (auth, p) =>
    orgs.removeBranchMember(auth, p.id, p.personId),
  );

  update('put', '/api/v1/registry/compounds/:id/committee', committeeInputSchema, orgs.setCommittee);

  noContent(
    'put',
    '/api/v1/registry/compounds/:id/committee/members/:personId',
    { params: memberParams, body: z.strictObject({ position: z.enum(COMMITTEE_POSITIONS) }) },
    (auth, p, b) => orgs.setCommitteeMember(auth, p.id, p.personId, b.position),
  );

  noContent('delete', '/api/v1/registry/compounds/:id/committee/members/:personId', { params: memberParams }, (auth, p) =>
    orgs.removeCommitteeMember(auth, p.id, p.personId),
  );

  registerImportRoutes(app, ctx, service);
  registerTreeImportRoutes(app, ctx);
  registerPersonMergeRoutes(app, ctx);
}
