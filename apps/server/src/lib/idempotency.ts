import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { AppError, fieldError } from './errors';

/** Keys are opaque client tokens (a UUID is typical). */
const KEY_RE = /^[A-Za-z0-9_.:-]{1,100}$/;
/** status 0 marks a key whose first request is still running. */
const IN_PROGRESS = 0;
/**
 * How long a reservation may stay "in progress" before it is taken for dead (its request died
 * with its process): far longer than any request runs, so a slow first attempt is never run twice.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60_000;

export interface IdempotentResult<T> {
  status: number;
  body: T;
}

/**
 * Given to the handler: stores the answer inside the handler's own transaction, so the record
 * and the answer commit together. A process that dies after that commit leaves the answer for
 * the retry; one that dies before leaves neither, and the retry runs again once the lease ends.
 */
export type StoreAnswer<T> = (trx: Transaction<DB>, result: IdempotentResult<T>) => Promise<void>;

/**
 * Runs `handler` at most once per (account, Idempotency-Key): a repeated submission with the same
 * key gets the first answer again (with `Idempotent-Replayed: true`), not a second record. Works
 * across instances, because the key is reserved by a primary-key insert before the handler runs.
 * Without the header the handler simply runs. A key reused on another route, or on another URL of
 * the same route (another order, another pairing), is refused (422). A
 * failed first attempt frees the key, so the client may retry with it. A reservation left by a
 * request that died with its process expires after IDEMPOTENCY_LEASE_MS: the next retry takes it
 * over and runs the handler; a handler that stores its answer with `storeAnswer` in its write's
 * transaction makes the retry replay that answer instead, so nothing is written twice.
 *
 * Usage in a route: `return idempotent(ctx.db, req, reply, async () => ({ status: 201, body }))`.
 */
export async function idempotent<T>(
  db: Kysely<DB>,
  req: FastifyRequest,
  reply: FastifyReply,
  handler: (storeAnswer: StoreAnswer<T>) => Promise<IdempotentResult<T>>,
  nowMs: () => number = Date.now,
): Promise<T> {
  const header = req.headers['idempotency-key'];
  const accountId = req.auth?.accountId;
  if (header === undefined || !accountId) {
    const r = await handler(async () => {});
    reply.status(r.status);
    return r.body;
  }
  if (typeof header !== 'string' || !KEY_RE.test(header)) throw fieldError('Idempotency-Key', 'invalid');
  // The concrete URL, not the route's pattern: a key reused for another record of one route
  // (a visit to pairing b with the key of a visit to pairing a) is another request, refused with
  // 422 — replaying a's answer would tell the client b was written when it was not.
  const route = `${req.method} ${req.url}`;
  const now = nowMs();
  const reserved = await db
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, key: header, route, status: IN_PROGRESS, body: '', created_at: new Date(now).toISOString() })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(reserved.numInsertedOrUpdatedRows ?? 0) === 0 && !(await takeOverDead(db, accountId, header, route, now))) {
    const stored = await waitForFirst(db, accountId, header);
    if (stored.route !== route) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    reply.header('idempotent-replayed', 'true');
    reply.status(stored.status);
    return JSON.parse(stored.body) as T;
  }
  const storeAnswer: StoreAnswer<T> = async (trx, r) => {
    await trx
      .updateTable('idempotency_keys')
      .set({ status: r.status, body: JSON.stringify(r.body) })
      .where('account_id', '=', accountId)
      .where('key', '=', header)
      .execute();
  };
  let result: IdempotentResult<T>;
  try {
    result = await handler(storeAnswer);
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

/**
 * Takes over a reservation still "in progress" after the lease (its request died with its
 * process), for the same route; a conditional update, so of many retries exactly one wins.
 */
async function takeOverDead(db: Kysely<DB>, accountId: string, key: string, route: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ created_at: new Date(now).toISOString() })
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .where('route', '=', route)
    .where('status', '=', IN_PROGRESS)
    .where('created_at', '<', new Date(now - IDEMPOTENCY_LEASE_MS).toISOString())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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
