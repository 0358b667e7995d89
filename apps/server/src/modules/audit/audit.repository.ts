import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditLogTable } from '../../db/core.tables';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import { affected, type Param, prepared } from '../../lib/prepared';

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

const COLUMNS = sql.raw(
  'seq, at, actor_account_id, on_behalf_of, channel, action, target_type, target_id, node_id, details, prev_hash, hash',
);

interface Head {
  seq: number;
  hash: string;
}

/**
 * The head of the chain this process last wrote or read, per database. Only a hint: an append
 * inserts on top of it only if it is still the head in the database (checked in the same
 * statement), so another instance's entries or a rolled-back append just cost a re-read.
 */
const heads = new WeakMap<object, Head>();

function rowOf(e: AuditEntry, prev: Head | undefined): AuditLogTable {
  const row: Omit<AuditLogTable, 'hash'> = {
    seq: (prev?.seq ?? 0) + 1,
    at: nowIso(),
    actor_account_id: e.actorAccountId,
    on_behalf_of: e.onBehalfOf ?? null,
    channel: e.channel ?? null,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    node_id: e.nodeId ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    prev_hash: prev?.hash ?? GENESIS,
  };
  return { ...row, hash: entryHash(row) };
}

function createAppender(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  const lock = prepared(db, () => sql`select pg_advisory_xact_lock(727274)`);
  const readHead = prepared(db, () => db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
  type Col = keyof AuditLogTable;
  const insert = prepared(db, (p: Param<Col>) =>
    db.insertInto('audit_log').values({
      seq: p('seq'),
      at: p('at'),
      actor_account_id: p('actor_account_id'),
      on_behalf_of: p('on_behalf_of'),
      channel: p('channel'),
      action: p('action'),
      target_type: p('target_type'),
      target_id: p('target_id'),
      node_id: p('node_id'),
      details: p('details'),
      prev_hash: p('prev_hash'),
      hash: p('hash'),
    }),
  );
  // The same insert, done only if (prev_seq, prev_hash) is still the head of the chain.
  const insertOnHead = prepared(
    db,
    (p: Param<Col | 'prev_seq'>) => sql`insert into audit_log (${COLUMNS})
      select cast(${p('seq')} as integer), ${p('at')}, ${p('actor_account_id')}, ${p('on_behalf_of')}, ${p('channel')}, ${p('action')},
        ${p('target_type')}, ${p('target_id')}, ${p('node_id')}, ${p('details')}, ${p('prev_hash')}, ${p('hash')}
      where exists (select 1 from audit_log where seq = ${p('prev_seq')} and hash = ${p('prev_hash')})
        and not exists (select 1 from audit_log where seq > ${p('prev_seq')})`,
  );

  return async function appendIn(trx: Transaction<DB> | Kysely<DB>, e: AuditEntry) {
    // One writer at a time per database: the chain needs a total order. (SQLite has one writer anyway.)
    if (dialect === 'postgres') await lock.run(trx, {});
    const hint = heads.get(db);
    if (hint) {
      const row = rowOf(e, hint);
      if (affected(await insertOnHead.run(trx, { ...row, prev_seq: hint.seq })) === 1) {
        heads.set(db, row);
        return;
      }
    }
    const head = (await readHead.run(trx, {})).rows[0];
    const row = rowOf(e, head);
    await insert.run(trx, row);
    heads.set(db, row);
  };
}

/** Append-only audit log with a SHA-256 chain. */
export function createAuditRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  const appendIn = createAppender(db, dialect);
  return {
    /**
     * Appends inside the caller's transaction when given one (so the state change and its audit
     * entry commit together), else in a short transaction of its own.
     */
    async append(e: AuditEntry, trx?: Transaction<DB>): Promise<void> {
      if (trx) return appendIn(trx, e);
      for (let attempt = 0; ; attempt++) {
        try {
          await db.transaction().execute((t) => appendIn(t, e));
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
