import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors';

/** NUL cannot be stored in PostgreSQL text and has no business in any field. */
const NUL = '\u0000';
/**
 * A UTF-16 surrogate without its pair is not a character: the drivers store it as U+FFFD, so two
 * different inputs would become one stored name (and collide with a unique constraint).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

function badText(s: string): boolean {
  return s.includes(NUL) || LONE_SURROGATE.test(s);
}

function findBadText(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return badText(value) ? path || '(body)' : null;
  if (depth > MAX_DEPTH) return path || '(body)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBadText(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (badText(k)) return `${path}.${k.replaceAll(NUL, '\\0').replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD')}`;
      const hit = findBadText(v, path ? `${path}.${k}` : k, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * Refuses NUL characters, unpaired surrogates and absurdly deep nesting in path parameters, query strings and JSON
 * bodies before any route sees them, so no route can pass them to the database (where
 * PostgreSQL would answer with an error) — one guard for every route, present and future.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const hit = findBadText(value, '', 0);
      if (hit)
        throw new AppError('VALIDATION_FAILED', {
          in: where,
          fields: [{ path: hit.replace(/^\./, ''), reason: 'invalid_characters' }],
        });
    }
  });
}
