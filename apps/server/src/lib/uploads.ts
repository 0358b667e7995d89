/**
 * Image uploads shared by every module (council photos, zone plans, project before/after, …).
 *
 * - `registerUploads(app)` registers @fastify/multipart once (global) with the size limits, plus
 *   `POST /api/v1/uploads` (any signed-in member of a node) and `GET /api/v1/uploads/:id`.
 * - `saveImage(ctx, part, meta)` checks the type by magic bytes, enforces the size limit
 *   (413 PAYLOAD_TOO_LARGE), decodes it under a pixel limit and re-encodes it upright without any
 *   metadata (`uploads-image.ts`, sharp), stores the file under `${dataDir}/uploads/<random id>`
 *   and records it in the `uploads` table.
 * - `claimImages` attaches uploads made by an account to the record they illustrate; `setImageVisibility`
 *   publishes or hides them; `sendImage` streams one after the caller's module checked access.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { ROLES, STAFF_ROLES } from '@lianxin/shared';
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

export interface SavedImage {
  id: string;
  mime: ImageMime;
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

async function readLimited(part: MultipartFile | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(part)) {
    if (part.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    return part;
  }
  // toBuffer throws FST_REQ_FILE_TOO_LARGE (mapped to 413) once the multipart limit is passed.
  const buf = await part.toBuffer();
  if (part.file.truncated || buf.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  return buf;
}

/**
 * Checks, cleans and stores one image. Throws 415 UNSUPPORTED_IMAGE when the content is not a
 * JPEG/PNG/WebP/HEIC that decodes (whatever its name says; an HEIC is stored as JPEG), 413
 * PAYLOAD_TOO_LARGE over MAX_IMAGE_BYTES and 413 IMAGE_TOO_LARGE over IMAGE_LIMITS.maxPixels.
 */
export async function saveImage(deps: UploadDeps, part: MultipartFile | Buffer, meta: UploadMeta): Promise<SavedImage> {
  const raw = await readLimited(part);
  const { mime, data: clean } = await cleanImage(raw);
  const id = randomUploadId();
  const file = path.join(uploadsDir(deps.config), id);
  await fs.promises.writeFile(file, clean, { flag: 'wx' });
  try {
    await deps.db
      .insertInto('uploads')
      .values({
        id,
        node_id: meta.nodeId,
        account_id: meta.accountId,
        mime,
        bytes: clean.length,
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
  return { id, mime, bytes: clean.length };
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

/** Streams one stored image with a safe content type (the module has checked access). */
export async function sendImage(deps: UploadDeps, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const row = await deps.db.selectFrom('uploads').select(['id', 'mime']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('upload');
  const file = path.join(uploadsDir(deps.config), row.id);
  const data = await fs.promises.readFile(file).catch(() => null);
  if (!data) throw notFound('upload');
  return reply
    .header('content-type', row.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline')
    .header('cache-control', reply.getHeader('cache-control') ?? 'private, max-age=3600')
    .send(data);
}

const idParam = z.strictObject({ id: z.string().regex(/^img_[A-Za-z0-9_-]{10,40}$/) });
const uploadQuery = z.strictObject({ nodeId: z.string().min(1).max(64) });
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
      const { nodeId } = uploadQuery.parse(req.query);
      const auth = req.auth;
      await loadReachableNode(deps.db, auth, nodeId, ROLES);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const images: SavedImage[] = [];
      for await (const part of req.files()) {
        images.push(await saveImage(deps, part, { nodeId, accountId: auth?.accountId ?? null }));
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
