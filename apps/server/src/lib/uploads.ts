/**
 * Image uploads shared by every module (council photos, zone plans, project before/after, …), and
 * PDF documents (a project's contracts and invoices).
 *
 * - `registerUploads(app)` registers @fastify/multipart once (global) with the size limits, plus
 *   `POST /api/v1/uploads` (any signed-in member of a node) and `GET /api/v1/uploads/:id`.
 * - `saveImage(ctx, part, meta)` checks the type by magic bytes, enforces the size limit
 *   (413 PAYLOAD_TOO_LARGE), decodes it under a pixel limit and re-encodes it upright without any
 *   metadata (`uploads-image.ts`, sharp), stores the file under `${dataDir}/uploads/<random id>`
 *   and records it in the `uploads` table.
 * - `saveDocument` takes a PDF (by its `%PDF-` signature, up to PDF_LIMITS.maxBytes, none with
 *   scripts, actions or embedded files) or else an image as saveImage does; staff upload documents
 *   with `POST /api/v1/uploads?nodeId=…&kind=document`. A PDF is always served as a download
 *   (`Content-Disposition: attachment`) under a sandboxing CSP, never shown inline.
 * - `claimImages` attaches uploads made by an account to the record they illustrate; `setImageVisibility`
 *   publishes or hides them; `sendImage` streams one after the caller's module checked access.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { PDF_LIMITS, ROLES, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import { loadReachableNode, reaches } from '../modules/accounts/policy';
import { AppError, notFound } from './errors';
import { nowIso } from './ids';
import { cleanImage, type ImageMime } from './uploads-image';

export type { ImageMime } from './uploads-image';

/** The largest photo we accept, before stripping. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Files in one multipart request. */
export const MAX_FILES_PER_REQUEST = 6;

/** Who may see an upload: anyone (published), members of its node, or only the uploader and staff. */
export type UploadVisibility = 'public' | 'members' | 'private';

export const PDF_MIME = 'application/pdf';
export type UploadMime = ImageMime | typeof PDF_MIME;

export interface SavedImage {
  id: string;
  mime: ImageMime;
  bytes: number;
}

export interface SavedUpload {
  id: string;
  mime: UploadMime;
  bytes: number;
}

export interface UploadMeta {
  /** The node the picture belongs to (usually a compound): members of its subtree may see it. */
  nodeId: string;
  accountId: string | null;
  visibility?: UploadVisibility;
  /** The record it illustrates, when known now; else attach later with claimImages. */
  ownerType?: string;
  ownerId?: string;
}

export interface UploadDeps {
  db: Kysely<DB> | Transaction<DB>;
  config: Pick<Config, 'dataDir'>;
}

/** Where the files live; created on first use. */
export function uploadsDir(config: Pick<Config, 'dataDir'>): string {
  const dir = path.join(config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function randomUploadId(): string {
  return `img_${randomBytes(16).toString('base64url')}`;
}

async function readLimited(
  part: MultipartFile | Buffer,
  max = MAX_IMAGE_BYTES,
  code: 'PAYLOAD_TOO_LARGE' | 'PDF_TOO_LARGE' = 'PAYLOAD_TOO_LARGE',
): Promise<Buffer> {
  if (Buffer.isBuffer(part)) {
    if (part.length > max) throw new AppError(code);
    return part;
  }
  // toBuffer throws FST_REQ_FILE_TOO_LARGE (mapped to 413) once the multipart limit is passed.
  const buf = await part.toBuffer().catch((err: unknown) => {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(code);
    throw err;
  });
  if (part.file.truncated || buf.length > max) throw new AppError(code);
  return buf;
}

/**
 * PDF names that run or open something: JavaScript, launch/submit/import actions, embedded files,
 * rich media, XFA forms. (An /OpenAction that only opens a page is common and harmless; one that
 * runs a script names /JS or /JavaScript and is caught by that.)
 */
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|SubmitForm|ImportData|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])/;

/**
 * A PDF by its content: the `%PDF-1.x`/`%PDF-2.x` header at the start and an `%%EOF` marker near the
 * end (415 UNSUPPORTED_DOCUMENT otherwise); refused with 415 PDF_ACTIVE_CONTENT when it names
 * scripts, automatic actions or embedded files (names written with #xx escapes are decoded first).
 */
export function checkPdf(buf: Buffer): void {
  if (!/^%PDF-[12]\.\d/.test(buf.toString('latin1', 0, 8))) throw new AppError('UNSUPPORTED_DOCUMENT');
  if (!buf.toString('latin1', Math.max(0, buf.length - 1024)).includes('%%EOF')) throw new AppError('UNSUPPORTED_DOCUMENT');
  const text = buf
    .toString('latin1')
    .replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  if (PDF_ACTIVE.test(text)) throw new AppError('PDF_ACTIVE_CONTENT');
}

/**
 * Stores a PDF as it arrived (after checkPdf) or else an image as saveImage does. Anything else is
 * 415 UNSUPPORTED_DOCUMENT; a PDF over PDF_LIMITS.maxBytes is 413 PDF_TOO_LARGE, an image over
 * MAX_IMAGE_BYTES 413 PAYLOAD_TOO_LARGE.
 */
export async function saveDocument(deps: UploadDeps, part: MultipartFile | Buffer, meta: UploadMeta): Promise<SavedUpload> {
  const raw = await readLimited(part, PDF_LIMITS.maxBytes, 'PDF_TOO_LARGE');
  if (raw.toString('latin1', 0, 5) !== '%PDF-') {
    if (raw.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    try {
      return await saveImage(deps, raw, meta);
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNSUPPORTED_IMAGE') throw new AppError('UNSUPPORTED_DOCUMENT');
      throw err;
    }
  }
  checkPdf(raw);
  return store(deps, raw, PDF_MIME, meta);
}

async function store<M extends UploadMime>(deps: UploadDeps, data: Buffer, mime: M, meta: UploadMeta) {
  const id = randomUploadId();
  const file = path.join(uploadsDir(deps.config), id);
  await fs.promises.writeFile(file, data, { flag: 'wx' });
  try {
    await deps.db
      .insertInto('uploads')
      .values({
        id,
        node_id: meta.nodeId,
        account_id: meta.accountId,
        mime,
        bytes: data.length,
        visibility: meta.visibility ?? 'members',
        owner_type: meta.ownerType ?? null,
        owner_id: meta.ownerId ?? null,
        created_at: nowIso(),
      })
      .execute();
  } catch (err) {
    await fs.promises.rm(file, { force: true });
    throw err;
  }
  return { id, mime, bytes: data.length };
}

/**
 * Checks, cleans and stores one image. Throws 415 UNSUPPORTED_IMAGE when the content is not a
 * JPEG/PNG/WebP/HEIC that decodes (whatever its name says; an HEIC is stored as JPEG), 413
 * PAYLOAD_TOO_LARGE over MAX_IMAGE_BYTES and 413 IMAGE_TOO_LARGE over IMAGE_LIMITS.maxPixels.
 */
export async function saveImage(deps: UploadDeps, part: MultipartFile | Buffer, meta: UploadMeta): Promise<SavedImage> {
  const raw = await readLimited(part);
  const { mime, data: clean } = await cleanImage(raw);
  return store(deps, clean, mime, meta);
}

/**
 * Attaches the caller's own unattached uploads to a record. Every id must be one the account
 * uploaded to the same node and not yet attached, else 400 naming the field.
 */
export async function claimImages(
  db: Kysely<DB> | Transaction<DB>,
  ids: readonly string[],
  claim: { accountId: string; nodeId: string; ownerType: string; ownerId: string; visibility?: UploadVisibility },
  field = 'photoIds',
): Promise<void> {
  if (ids.length === 0) return;
  const res = await db
    .updateTable('uploads')
    .set({ owner_type: claim.ownerType, owner_id: claim.ownerId, ...(claim.visibility ? { visibility: claim.visibility } : {}) })
    .where('id', 'in', [...new Set(ids)])
    .where('account_id', '=', claim.accountId)
    .where('node_id', '=', claim.nodeId)
    .where('owner_id', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== new Set(ids).size) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: field, reason: 'unknown_upload' }] });
  }
}

/** Publishes or hides every upload attached to a record (e.g. when a post is hidden). */
export async function setImageVisibility(
  db: Kysely<DB> | Transaction<DB>,
  owner: { ownerType: string; ownerId: string },
  visibility: UploadVisibility,
): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ visibility })
    .where('owner_type', '=', owner.ownerType)
    .where('owner_id', '=', owner.ownerId)
    .execute();
}

/** The ids attached to records, in upload order, for a response. */
export async function imagesOf(db: Kysely<DB>, ownerType: string, ownerIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db
    .selectFrom('uploads')
    .select(['id', 'owner_id'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...ownerIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    if (!r.owner_id) continue;
    out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r.id]);
  }
  return out;
}

/**
 * Streams one stored upload with a safe content type (the module has checked access): an image
 * inline, a PDF only as a download, sandboxed, so no viewer runs it in the site's origin.
 */
export async function sendImage(deps: UploadDeps, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const row = await deps.db.selectFrom('uploads').select(['id', 'mime']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('upload');
  const file = path.join(uploadsDir(deps.config), row.id);
  const data = await fs.promises.readFile(file).catch(() => null);
  if (!data) throw notFound('upload');
  const pdf = row.mime === PDF_MIME;
  if (pdf) reply.header('content-security-policy', "sandbox; default-src 'none'");
  return reply
    .header('content-type', row.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', pdf ? `attachment; filename="${row.id}.pdf"` : 'inline')
    .header('cache-control', reply.getHeader('cache-control') ?? 'private, max-age=3600')
    .send(data);
}

const idParam = z.strictObject({ id: z.string().regex(/^img_[A-Za-z0-9_-]{10,40}$/) });
const uploadQuery = z.strictObject({
  nodeId: z.string().min(1).max(64),
  /** `document`: a PDF or an image, for staff (a project's contracts and invoices). */
  kind: z.enum(['image', 'document']).default('image'),
});
const savedSchema = z.object({ id: z.string(), mime: z.string(), bytes: z.number() });

/**
 * Registers multipart parsing for the whole app and the two generic upload routes. Call once
 * from buildApp, before the module routes.
 */
export async function registerUploads(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; config: Pick<Config, 'dataDir'> },
): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_FILES_PER_REQUEST, fields: 20, fieldSize: 64 * 1024, parts: 30 },
    throwFileSizeLimit: true,
  });

  app.post(
    '/api/v1/uploads',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['uploads'], querystring: uploadQuery, response: { 201: z.object({ images: z.array(savedSchema) }) } },
    },
    async (req, reply) => {
      const { nodeId, kind } = uploadQuery.parse(req.query);
      const auth = req.auth;
      await loadReachableNode(deps.db, auth, nodeId, kind === 'document' ? STAFF_ROLES : ROLES);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const images: SavedUpload[] = [];
      const meta = { nodeId, accountId: auth?.accountId ?? null };
      if (kind === 'document') {
        for await (const part of req.files({ limits: { fileSize: PDF_LIMITS.maxBytes } }))
          images.push(await saveDocument(deps, part, meta));
      } else {
        for await (const part of req.files()) images.push(await saveImage(deps, part, meta));
      }
      if (images.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', reason: 'required' }] });
      return reply.status(201).send({ images });
    },
  );

  app.get(
    '/api/v1/uploads/:id',
    { config: { access: 'public' }, schema: { tags: ['uploads'], params: idParam } },
    async (req, reply) => {
      const { id } = idParam.parse(req.params);
      const row = await deps.db
        .selectFrom('uploads')
        .innerJoin('nodes', 'nodes.id', 'uploads.node_id')
        .select(['uploads.visibility', 'uploads.account_id', 'nodes.path'])
        .where('uploads.id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound('upload');
      const auth = req.auth;
      const own = !!auth && row.account_id === auth.accountId;
      const allowed =
        row.visibility === 'public' ||
        own ||
        (row.visibility === 'members' && reaches(auth, row.path, ROLES)) ||
        (row.visibility === 'private' && reaches(auth, row.path, STAFF_ROLES));
      if (!allowed) throw notFound('upload');
      if (row.visibility !== 'public') reply.header('cache-control', 'private, no-store');
      return sendImage(deps, reply, id);
    },
  );
}
