import { councilOpen311KeySchema, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { loadReachableNode, reaches } from '../accounts/policy';
import { createCouncilRepository } from '../council/council.repository';
import { createMeetingsRepository } from '../council/meetings.repository';
import { createOpen311Repository } from './open311.repository';
import { createOpen311Service, Open311Error } from './open311.service';
import { toXml } from './open311.xml';

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];
const CHANGESET = '2026-11-27T00:00:00Z';
const MAX_RESULTS = 1000;

function formatOf(url: string): Format {
  return /\.xml(\?|$)/.test(url) ? 'xml' : 'json';
}

/** Sends a GeoReport document in the format the URL's extension asks for. */
function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  if (format === 'xml')
    return reply
      .status(status)
      .type('text/xml; charset=utf-8')
      .send(toXml(root, value as never));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** The absolute origin clients reached us at (behind a proxy listed in TRUST_PROXY, from its X-Forwarded-Proto/Host). */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

function splitIdFormat(s: string): { id: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(s);
  if (!m) throw new Open311Error(404, 'format must be .json or .xml');
  return { id: m[1] as string, format: m[2] as Format };
}

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');
const listQuery = z.object({
  jurisdiction_id: z.string().max(64).optional(),
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(200).optional(),
  start_date: dateTime.optional(),
  end_date: dateTime.optional(),
  status: z.string().max(20).optional(),
  extensions: z.enum(['true', 'false']).optional(),
});

function queryOf<T>(schema: z.ZodType<T>, q: unknown): T {
  const r = schema.safeParse(q);
  if (!r.success) throw new Open311Error(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Open311Error(400, `not a number: ${v}`);
  return n;
}

/**
 * Open311 GeoReport v2 at /open311/v2 (discovery, services, service definitions, requests and
 * tokens in JSON and XML; errors as the specification's error list), and the staff API for its keys.
 */
export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  const council = createCouncilRepository(ctx.db);
  const repo = createOpen311Repository(ctx.db);
  const svc = createOpen311Service({ db: ctx.db, repo, council, meetings: createMeetingsRepository(ctx.db), audit: ctx.audit });

  app.register(async (inst) => {
    // The specification posts form-encoded bodies (attribute[code]=value).
    inst.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(String(body))) out[k] = v;
        done(null, out);
      },
    );
    inst.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      const format = formatOf(req.url);
      let status = 500;
      let description = 'internal error';
      if (err instanceof Open311Error) ({ status, description } = err);
      else if (err instanceof AppError) ({ status, message: description } = { status: err.status, message: err.code });
      else if (err.statusCode && err.statusCode < 500)
        ({ status, description } = { status: err.statusCode, description: err.message });
      else req.log.error({ err }, 'open311 error');
      return send(reply, format, 'errors', [{ code: status, description }], status);
    });

    for (const format of FORMATS) {
      inst.get(
        `/open311/v2/discovery.${format}`,
        { config: { access: 'public' }, schema: { hide: true } },
        async (req, reply) => {
          const base = originOf(req);
          const compounds = await repo.compounds();
          return send(reply, format, 'discovery', {
            changeset: CHANGESET,
            contact: '请联系所在社区的社区工作者 / Contact your community office',
            key_service: '由社区工作人员在连心桥「党群议事会 → Open311」中签发，或运行 npx lianxin open311 key --node <id>',
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url: `${base}/open311/v2`,
                changeset: CHANGESET,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
            jurisdictions: compounds.map((c) => ({ jurisdiction_id: c.id, name: c.name })),
          });
        },
      );

      inst.get(`/open311/v2/services.${format}`, { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
        const q = queryOf(z.object({ jurisdiction_id: z.string().max(64).optional() }), req.query);
        if (q.jurisdiction_id) await svc.jurisdiction(q.jurisdiction_id);
        return send(reply, format, 'services', svc.services());
      });

      inst.get(`/open311/v2/requests.${format}`, { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
        const q = queryOf(listQuery, req.query);
        if (!q.jurisdiction_id) throw new Open311Error(400, 'jurisdiction_id is required (see discovery for the list)');
        const j = await svc.jurisdiction(q.jurisdiction_id);
        const ids = q.service_request_id
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const statuses = q.status?.split(',').map((s) => s.trim());
        if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
        const closed = ['answered', 'resolved', 'merged'];
        const open = ['raised', 'on_agenda', 'discussed', 'decided', 'in_progress'];
        const wanted = statuses
          ? [...(statuses.includes('open') ? open : []), ...(statuses.includes('closed') ? closed : [])]
          : undefined;
        // With ids, the other filters are ignored (the specification); else the last 90 days by default.
        const end = q.end_date ? new Date(q.end_date) : new Date();
        const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
        const rows = await council.listIssues(
          ids?.length
            ? { compoundId: j.id, ids, includeHidden: false, limit: MAX_RESULTS }
            : {
                compoundId: j.id,
                status: wanted,
                from: start.toISOString(),
                to: end.toISOString(),
                includeHidden: false,
                limit: MAX_RESULTS,
              },
        );
        const codes = q.service_code?.split(',').map((s) => s.trim());
        const filtered = ids?.length || !codes ? rows : rows.filter((r) => codes.includes(r.category));
        const out = await svc.toRequests(filtered, { extensions: q.extensions === 'true', base: originOf(req) });
        return send(reply, format, 'service_requests', out);
      });

      inst.post(
        `/open311/v2/requests.${format}`,
        { config: { access: 'public', csrfExempt: true }, schema: { hide: true } },
        async (req: FastifyRequest, reply) => {
          const b = (req.body ?? {}) as Record<string, unknown>;
          const str = (k: string) =>
            typeof b[k] === 'string' ? (b[k] as string) : typeof b[k] === 'number' ? String(b[k]) : undefined;
          const attributes: Record<string, string> = {};
          for (const [k, v] of Object.entries(b)) {
            const m = /^attribute\[([A-Za-z0-9_]+)\]$/.exec(k);
            if (m && typeof v === 'string') attributes[m[1] as string] = v;
          }
          const apiKey = str('api_key');
          if (!apiKey) throw new Open311Error(403, 'api_key is required');
          const serviceCode = str('service_code');
          if (!serviceCode) throw new Open311Error(400, 'service_code is required');
          const created = await svc.create({
            apiKey,
            jurisdictionId: str('jurisdiction_id'),
            serviceCode,
            lat: num(str('lat')),
            long: num(str('long')),
            addressString: str('address_string'),
            addressId: str('address_id'),
            description: str('description'),
            mediaUrl: str('media_url'),
            firstName: str('first_name'),
            lastName: str('last_name'),
            phone: str('phone'),
            email: str('email'),
            attributes,
          });
          return send(reply, format, 'service_requests', [created], 201);
        },
      );
    }

    inst.get('/open311/v2/services/:codeFormat', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const { id, format } = splitIdFormat((req.params as { codeFormat: string }).codeFormat);
      const q = queryOf(z.object({ jurisdiction_id: z.string().max(64).optional() }), req.query);
      return send(reply, format, 'service_definition', await svc.definition(id, q.jurisdiction_id));
    });

    inst.get('/open311/v2/requests/:idFormat', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const { id, format } = splitIdFormat((req.params as { idFormat: string }).idFormat);
      const q = queryOf(
        z.object({ jurisdiction_id: z.string().max(64).optional(), extensions: z.enum(['true', 'false']).optional() }),
        req.query,
      );
      const issue = await council.findIssue(id);
      if (!issue || issue.hidden || (q.jurisdiction_id && issue.compound_id !== q.jurisdiction_id))
        throw new Open311Error(404, `service_request_id not found: ${id}`);
      return send(
        reply,
        format,
        'service_requests',
        await svc.toRequests([issue], { extensions: q.extensions === 'true', base: originOf(req) }),
      );
    });

    // GET service_request_id from a token: POST requests answer with a token only.
    inst.get('/open311/v2/tokens/:tokenFormat', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const { id, format } = splitIdFormat((req.params as { tokenFormat: string }).tokenFormat);
      const q = queryOf(z.object({ jurisdiction_id: z.string().max(64).optional() }), req.query);
      return send(reply, format, 'service_requests', [await svc.resolveToken(id, q.jurisdiction_id)]);
    });
  });

  registerKeyRoutes(app, ctx, svc, repo);
}

function registerKeyRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  svc: ReturnType<typeof createOpen311Service>,
  repo: ReturnType<typeof createOpen311Repository>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['open311'];
  r.post(
    '/api/v1/open311/keys',
    {
      config: { access: STAFF_ROLES },
      schema: { tags, body: councilOpen311KeySchema, response: { 201: z.object({ id: z.string(), key: z.string() }) } },
    },
    async (req, reply) => {
      await loadReachableNode(ctx.db, req.auth, req.body.nodeId, STAFF_ROLES);
      return reply.status(201).send(await svc.issueKey(req.body.nodeId, req.body.label, req.auth?.accountId ?? null));
    },
  );
  r.get(
    '/api/v1/open311/keys',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        querystring: z.strictObject({ nodeId: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            keys: z.array(
              z.object({ id: z.string(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await loadReachableNode(ctx.db, req.auth, req.query.nodeId, STAFF_ROLES);
      const keys = await repo.keysOf(req.query.nodeId);
      return { keys: keys.map((k) => ({ id: k.id, label: k.label, createdAt: k.created_at, revokedAt: k.revoked_at })) };
    },
  );
  r.delete(
    '/api/v1/open311/keys/:id',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const k = await repo.findKey(req.params.id);
      if (!k || !reaches(req.auth, k.path, STAFF_ROLES)) throw notFound('key');
      if (!(await repo.revokeKey(k.id))) throw new AppError('INVALID_TRANSITION', { from: 'revoked' });
      await ctx.audit.append({
        actorAccountId: req.auth?.accountId ?? null,
        action: 'open311.key.revoked',
        targetType: 'open311_key',
        targetId: k.id,
        nodeId: k.node_id,
      });
      return { ok: true as const };
    },
  );
}
