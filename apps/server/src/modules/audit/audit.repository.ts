import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import { type Param, prepared } from '../../lib/prepared';

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

type Col =
  | 'at'
  | 'actor_account_id'
  | 'on_behalf_of'
  | 'channel'
  | 'action'
  | 'target_type'
  | 'target_id'
  | 'node_id'
  | 'details';

/**
 * The append-only audit log. Writing is one plain insert in the caller's transaction: no lock,
 * no read of the head, no hash. The entry becomes a leaf of the public Merkle tree when the
 * sequencer (log.sequencer.ts) picks it up after it commits (ADR 0003).
 */
export function createAuditRepository(db: Kysely<DB>, _dialect: 'sqlite' | 'postgres') {
  const insert = prepared(db, (p: Param<Col>) =>
    db.insertInto('audit_log').values({
      at: p('at'),
      actor_account_id: p('actor_account_id'),
      on_behalf_of: p('on_behalf_of'),
      channel: p('channel'),
      action: p('action'),
      target_type: p('target_type'),
      target_id: p('target_id'),
      node_id: p('node_id'),
      details: p('details'),
    }),
  );
  return {
    /**
     * Appends inside the caller's transaction when given one (so the state change and its audit
     * entry commit together, or neither does), else on its own.
     */
    async append(e: AuditEntry, trx?: Transaction<DB>): Promise<void> {
      await insert.run(trx ?? db, {
        at: nowIso(),
        actor_account_id: e.actorAccountId,
        on_behalf_of: e.onBehalfOf ?? null,
        channel: e.channel ?? null,
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        node_id: e.nodeId ?? null,
        details: e.details ? JSON.stringify(e.details) : null,
      });
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
