import {
  type ErrorBody,
  type ErrorCode,
  errorMessage,
  type FieldIssue,
  fieldMessage,
  type Lang,
  reasonMessage,
} from '@lianxin/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { constraintKind, isDataException, isTransactionConflict } from '../lib/db-errors';
import { AppError } from '../lib/errors';

/** The requester's language: their account setting, else Accept-Language, else zh-CN. */
export function requestLang(req: FastifyRequest): Lang {
  if (req.auth?.lang === 'en' || req.auth?.lang === 'zh-CN') return req.auth.lang;
  const h = req.headers['accept-language'];
  if (typeof h === 'string') {
    const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, status: number, details?: unknown) {
  const body: ErrorBody = {
    error: { code, message: errorMessage(code, requestLang(req)), ...(details === undefined ? {} : { details }) },
    requestId: req.id,
  };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

function zodDetails(err: ZodError, lang: Lang) {
  return {
    fields: err.issues.map((i) => ({
      path: i.path.join('.'),
      reason: i.code,
      message: fieldMessage(i as FieldIssue, lang),
    })),
  };
}

/**
 * The multipart parser (busboy, under @fastify/multipart) rejects a body cut off mid-part or
 * without its boundary with a plain Error: no code, no status. On a multipart request those are
 * the client's fault, as is the plugin's premature-close error.
 */
function isMalformedMultipart(req: FastifyRequest, err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (e.code === 'FST_MP_PREMATURE_CLOSE') return true;
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !type.toLowerCase().startsWith('multipart/')) return false;
  if (e.code !== undefined || e.statusCode !== undefined || typeof e.message !== 'string') return false;
  return /unexpected end of multipart data|^Multipart: |Malformed part header/i.test(e.message);
}

/**
 * A service's field errors (`fieldError(path, reason)`) name the field and why; each gets the
 * sentence the form shows beside the field it marks.
 */
function withFieldMessages(details: unknown, req: FastifyRequest): unknown {
  const d = details as { fields?: unknown } | undefined;
  if (!d || !Array.isArray(d.fields)) return details;
  const lang = requestLang(req);
  return {
    ...d,
    fields: d.fields.map((f: { path?: string; reason?: string; message?: string }) =>
      f.message || typeof f.reason !== 'string' ? f : { ...f, message: reasonMessage(f.reason, lang) },
    ),
  };
}

/** Maps every thrown thing to the error body; 5xx hide internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | ZodError, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.code, err.status, withFieldMessages(err.details, req));
    if (err instanceof ZodError) return sendError(req, reply, 'VALIDATION_FAILED', 400, zodDetails(err, requestLang(req)));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const lang = requestLang(req);
      return sendError(req, reply, 'VALIDATION_FAILED', 400, {
        in: err.validationContext,
        fields: err.validation.map((v) => {
          // The provider passes the zod issue on as keyword (its code), message and params (the rest).
          const issue: FieldIssue = { ...(v.params as FieldIssue | undefined), code: v.keyword, message: v.message };
          return {
            path: String(v.instancePath ?? '')
              .replace(/^\//, '')
              .replaceAll('/', '.'),
            reason: v.keyword,
            message: fieldMessage(issue, lang),
          };
        }),
      });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      // A JSON-schema (ajv) failure outside the zod provider: the same shape, one field a failure.
      const lang = requestLang(req);
      return sendError(req, reply, 'VALIDATION_FAILED', 400, {
        in: fe.validationContext,
        fields: fe.validation.map((v) => {
          const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
          const path = [
            String(v.instancePath ?? '')
              .replace(/^\//, '')
              .replaceAll('/', '.'),
            missing,
          ]
            .filter(Boolean)
            .join('.');
          const reason = missing ? 'required' : v.keyword;
          return { path, reason, message: reasonMessage(reason, lang) };
        }),
      });
    }
    if (isMalformedMultipart(req, err)) return sendError(req, reply, 'MALFORMED_MULTIPART', 400);
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return sendError(req, reply, 'UNSUPPORTED_MEDIA_TYPE', 415);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_PARTS_LIMIT':
      case 'FST_FILES_LIMIT':
        return sendError(req, reply, 'PAYLOAD_TOO_LARGE', 413);
    }
    // Integrity rules of the database, on either dialect: one place for every route. Only the
    // driver's code and the constraint's name are logged (the detail may quote a name or phone).
    const kind = constraintKind(err);
    if (kind) {
      req.log.info({ dbCode: fe.code, constraint: (err as { constraint?: string }).constraint }, 'constraint violation');
      return sendError(req, reply, kind === 'unique' ? 'DUPLICATE' : 'CONFLICT', 409, { reason: kind });
    }
    if (isTransactionConflict(err)) return sendError(req, reply, 'CONFLICT', 409, { reason: 'concurrent_update' });
    if (isDataException(err) && fe.statusCode === undefined) return sendError(req, reply, 'VALIDATION_FAILED', 400);
    const status = fe.statusCode ?? 500;
    if (status === 429) return sendError(req, reply, 'RATE_LIMITED', 429);
    if (status === 404) return sendError(req, reply, 'NOT_FOUND', 404);
    if (status >= 400 && status < 500) return sendError(req, reply, 'BAD_REQUEST', status);
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 'INTERNAL', 500);
  });
}
