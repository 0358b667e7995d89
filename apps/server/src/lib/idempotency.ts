import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { AppError, fieldError } from './errors';
import { nowIso } from './ids';

/** Keys are opaque client tokens (a UUID is typical). */
const KEY_RE = /^[A-Za-z0-9_.:-]{1,100}$/;
/** status 0 marks a key whose first request is still running. */
const IN_PROGRESS = 0;

export interface IdempotentResult<T> {
  status: number;
  body: T;
}

/**
 * Runs `handler` at most once per (account, Idempotency-Key): a repeated submission with the same
 * key gets the first answer again (with `Idempotent-Replayed: true`), not a second record. Works
 * across instances, because the key is reserved by a primary-key insert before the handler runs.
 * Without the header the handler simply runs. A key reused on another route is refused (422). A
 * failed first attempt frees the key, so the client may retry with it.
 *
 * Usage in a route: `return idempotent(ctx.db, req, reply, async () => ({ status: 201, body }))`.
 */
export async function idempotent<T>(
  db: Kysely<DB>,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: () => Promise<IdempotentResult<T>>,
): Promise<T> {
  const header = req.headers['idempotency-key'];
  const accountId = req.auth?.accountId;
  if (header === undefined || !accountId) {
    const r = await handler();
    reply.status(r.status);
    return r.body;
  }
  if (typeof header !== 'string' || !KEY_RE.test(header)) throw fieldError('Idempotency-Key', 'invalid');
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  const reserved = await db
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, key: header, route, status: IN_PROGRESS, body: '', created_at: nowIso() })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(reserved.numInsertedOrUpdatedRows ?? 0) === 0) {
    const stored = await waitForFirst(db, accountId, header);
    if (stored.route !== route) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    reply.header('idempotent-replayed', 'true');
    reply.status(stored.status);
    return JSON.parse(stored.body) as T;
  }
  let result: IdempotentResult<T>;
  try {
    result = await handler();
  } catch (err) {
    await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', header).execute();
    throw err;
  }
  await db
    .updateTable('idempotency_keys')
    .set({ status: result.status, body: JSON.stringify(result.body) })
    .where('account_id', '=', accountId)
    .where('key', '=', header)
    .execute();
  reply.status(result.status);
  return result.body;
}

/** A duplicate arriving while the first is still running waits briefly for its answer. */
async function waitForFirst(db: Kysely<DB>, accountId: string, key: string) {
  for (let i = 0; i < 50; i++) {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['route', 'status', 'body'])
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row && row.status !== IN_PROGRESS) return row;
    if (!row) break; // the first attempt failed and freed the key
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new AppError('IDEMPOTENCY_IN_PROGRESS');
}
