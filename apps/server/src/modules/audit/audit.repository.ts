import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditLogTable } from '../../db/core.tables';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';

export interface AuditEntry {
  actorAccountId: string | null;
  onBehalfOf?: string | null;
  channel?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  nodeId?: string | null;
  details?: Record<string, unknown> | null;
}

const GENESIS = '0'.repeat(64);

/** The hash covers every field of the row, so editing, deleting or reordering breaks the chain. */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_account_id,
    row.on_behalf_of,
    row.channel,
    row.action,
    row.target_type,
    row.target_id,
    row.node_id,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function appendIn(trx: Transaction<DB> | Kysely<DB>, dialect: 'sqlite' | 'postgres', e: AuditEntry) {
  // One writer at a time per database: the chain needs a total order.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row: Omit<AuditLogTable, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor_account_id: e.actorAccountId,
    on_behalf_of: e.onBehalfOf ?? null,
    channel: e.channel ?? null,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    node_id: e.nodeId ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    prev_hash: last?.hash ?? GENESIS,
  };
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash: entryHash(row) })
    .execute();
}

/** Append-only audit log with a SHA-256 chain. */
export function createAuditRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  return {
    /**
     * Appends inside the caller's transaction when given one (so the state change and its audit
     * entry commit together), else in a short transaction of its own.
     */
    async append(e: AuditEntry, trx?: Transaction<DB>): Promise<void> {
      if (trx) return appendIn(trx, dialect, e);
      for (let attempt = 0; ; attempt++) {
        try {
          await db.transaction().execute((t) => appendIn(t, dialect, e));
          return;
        } catch (err) {
          // Another connection appended the same seq first, or holds the SQLite write lock:
          // back off a little (randomised, growing) and retry on the new head of the chain.
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
        }
      }
    },

    /** Walks the chain; returns the first bad entry's seq, or null when every link holds. */
    async verify(): Promise<{ ok: true; count: number } | { ok: false; seq: number; reason: string }> {
      let prev = GENESIS;
      let expectedSeq = 1;
      let count = 0;
      const pageSize = 5000;
      for (;;) {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>=', expectedSeq)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
        for (const r of rows) {
          if (r.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: 'missing entry' };
          if (r.prev_hash !== prev) return { ok: false, seq: r.seq, reason: 'previous hash does not match' };
          const { hash, ...rest } = r;
          if (entryHash(rest) !== hash) return { ok: false, seq: r.seq, reason: 'entry was edited' };
          prev = hash;
          expectedSeq++;
          count++;
        }
        if (rows.length < pageSize) return { ok: true, count };
      }
    },

    /**
     * The actions done for a person by someone acting for them (their "代办记录"), newest first,
     * with the actor's name.
     */
    listOnBehalfOf(personId: string, limit = 100) {
      return db
        .selectFrom('audit_log')
        .leftJoin('accounts', 'accounts.id', 'audit_log.actor_account_id')
        .leftJoin('people', 'people.id', 'accounts.person_id')
        .select([
          'audit_log.seq',
          'audit_log.at',
          'audit_log.action',
          'audit_log.channel',
          'audit_log.target_type',
          'audit_log.target_id',
          'people.name as actor_name',
        ])
        .where('audit_log.on_behalf_of', '=', personId)
        .orderBy('audit_log.seq', 'desc')
        .limit(limit)
        .execute();
    },

    async list(filter: { targetType?: string; targetId?: string; limit?: number }) {
      let q = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(filter.limit ?? 100);
      if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
      if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
      return q.execute();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
