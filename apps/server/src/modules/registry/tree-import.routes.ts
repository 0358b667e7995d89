import type { Role } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../lib/errors';
import { requireAuth, scopePaths } from '../accounts/policy';
import { sniffFormat } from './import.parse';
import { importTree } from './tree-import';

/** Who may import the organisation tree: the administrators of a district (or the platform). */
export const TREE_IMPORTERS: readonly Role[] = ['district_admin', 'platform_admin'];

const MAX_TREE_BYTES = 5 * 1024 * 1024;

const outcomeSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  rows: z.number(),
  added: z.array(z.object({ row: z.number(), kind: z.string(), name: z.string(), under: z.string() })),
  existing: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), reason: z.string(), value: z.string().optional() })),
});

/** POST a CSV/XLSX of the organisation tree (multipart field "file"); `?dryRun=true` only checks. */
export function registerTreeImportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/registry/tree/import',
    {
      config: { access: TREE_IMPORTERS },
      schema: {
        tags: ['registry'],
        summary: 'Import the organisation tree (区, 街道, 社区, 小区, 楼栋) from CSV or XLSX; all-or-nothing, idempotent',
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') }),
        consumes: ['multipart/form-data'],
        response: { 200: outcomeSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await req.file({ limits: { fileSize: MAX_TREE_BYTES, files: 1 } });
      if (!file) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', reason: 'required' }] });
      const buf = await file.toBuffer();
      if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE');
      const out = await importTree(ctx, buf, sniffFormat(file.filename, buf), {
        dryRun: req.query.dryRun === 'true',
        actorAccountId: auth.accountId,
        scopePaths: scopePaths(auth, TREE_IMPORTERS),
        fileName: file.filename,
      });
      // A dry run reports; a real import of a sheet with bad rows is refused with every row named.
      if (!out.ok && !out.dryRun) throw new AppError('IMPORT_ROWS_INVALID', { errors: out.errors });
      return reply.send(outcomeSchema.parse(out));
    },
  );
}
