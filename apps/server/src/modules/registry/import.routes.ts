import { PassThrough } from 'node:stream';
import { IMPORT_LIMITS } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { parseSheet, sniffFormat } from './import.parse';
import { createImportRepository } from './import.repository';
import { exportHouseholds, importSheet } from './import.service';
import { REGISTRY_EDITORS } from './registry.policy';
import type { RegistryService } from './registry.service';

const rowError = z.object({ row: z.number(), column: z.string(), reason: z.string(), value: z.string().optional() });
const counts = z.object({ added: z.number(), changed: z.number(), unchanged: z.number() });
const outcomeSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  rows: z.number(),
  units: z.number(),
  people: z.number(),
  errors: z.array(rowError),
  unitCounts: counts,
  peopleCounts: counts,
  newBuildings: z.array(z.string()),
  newStairwells: z.array(z.string()),
  absent: z.array(z.object({ id: z.string(), name: z.string(), address: z.string() })),
});

/**
 * Import: POST a CSV/XLSX file (multipart field "file"). `?dryRun=true` answers the row report as
 * JSON; otherwise the answer is NDJSON streamed while the one transaction runs — progress lines
 * `{"type":"progress","done":n,"total":m}` then `{"type":"done",…}` (or `{"type":"failed",…}`),
 * so the progress bar moves on SQLite too, where the transaction holds the only connection.
 */
export function registerImportRoutes(app: FastifyInstance, ctx: AppContext, service: RegistryService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['registry'];
  const params = z.strictObject({ id: z.string().min(1).max(60) });

  async function compound(auth: Parameters<RegistryService['reachableNode']>[0], id: string) {
    const res = await service.reachableNode(auth, id, REGISTRY_EDITORS);
    if (res.node.kind !== 'compound') throw notFound('compound');
    return res;
  }

  r.post(
    '/api/v1/registry/compounds/:id/import',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary: 'Import households and people from CSV or XLSX (dry run first; then all-or-nothing with streamed progress)',
        params,
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') }),
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const { node, auth } = await compound(req.auth, req.params.id);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await req.file({ limits: { fileSize: IMPORT_LIMITS.maxFileBytes, files: 1 } });
      if (!file) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', reason: 'required' }] });
      const buf = await file.toBuffer();
      if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE');
      // Read (within IMPORT_LIMITS) before answering: a spreadsheet bomb is a 413, not a broken stream.
      const sheet = await parseSheet(buf, sniffFormat(file.filename, buf));
      const dryRun = req.query.dryRun === 'true';
      const opts = { dryRun, actorAccountId: auth.accountId, fileName: file.filename };
      if (dryRun) return reply.send(outcomeSchema.parse(await importSheet(ctx, node.id, sheet, opts)));
      const out = new PassThrough();
      const line = (o: unknown) => out.write(`${JSON.stringify(o)}\n`);
      reply.type('application/x-ndjson; charset=utf-8').send(out);
      importSheet(ctx, node.id, sheet, {
        ...opts,
        onProgress: (done, total) => {
          line({ type: 'progress', done, total });
          // Let the event loop flush the line to the socket between batches.
          return new Promise<void>((resolve) => setImmediate(resolve));
        },
      })
        .then((o) => line({ type: o.ok ? 'done' : 'failed', ...outcomeSchema.parse(o) }))
        .catch((err) => {
          req.log.error({ err }, 'import failed');
          line({ type: 'failed', ok: false, errors: [{ row: 0, column: 'file', reason: 'failed' }] });
        })
        .finally(() => out.end());
      return reply;
    },
  );

  r.get(
    '/api/v1/registry/compounds/:id/export',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary: 'Export households and people in the import’s shape (full phones: the read is audited)',
        params,
        querystring: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv'), lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (req, reply) => {
      const { node, auth } = await compound(req.auth, req.params.id);
      const { body, rows } = await exportHouseholds(ctx, node.id, req.query.format, req.query.lang);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'registry.exported',
        targetType: 'node',
        targetId: node.id,
        nodeId: node.id,
        details: { rows, format: req.query.format },
      });
      const ext = req.query.format;
      const type =
        ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return reply
        .type(type)
        .header(
          'content-disposition',
          `attachment; filename="households-${node.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${node.name}-住户.${ext}`)}`,
        )
        .send(body);
    },
  );

  r.get(
    '/api/v1/registry/compounds/:id/imports',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary: 'Recent imports of a compound',
        params,
        response: {
          200: z.object({
            imports: z.array(
              z.object({
                id: z.string(),
                fileName: z.string(),
                status: z.string(),
                total: z.number(),
                processed: z.number(),
                createdAt: z.string(),
                finishedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const { node } = await compound(req.auth, req.params.id);
      const jobs = await createImportRepository(ctx.db).recentJobs(node.id);
      return {
        imports: jobs.map((j) => ({
          id: j.id,
          fileName: j.file_name,
          status: j.status,
          total: j.total,
          processed: j.processed,
          createdAt: j.created_at,
          finishedAt: j.finished_at,
        })),
      };
    },
  );
}
