import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type AuthContext, requireAuth } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { createKeyingRepository } from './keying.repository';

/**
 * Where an item stands: keyed once (`waiting` for the second keyer), twice alike (`agreed`: it
 * counts), twice unalike (`mismatch`: a third keyer must decide), or decided by the third.
 */
export type KeyingStatus = 'waiting' | 'agreed' | 'mismatch' | 'decided';

/**
 * What a keyed paper form is about. The keying service knows nothing of votes: a consumer (owners'
 * ballots today, 自治金 approval ballots next) says how to find the scope, read a printed code,
 * check a value, guard the scope, and write the counted record. See docs/paper-keying.md.
 */
export interface KeyingTarget<S extends { nodeId: string }, R> {
  /** Stored in `paper_keyings.kind` and the audit entries. */
  kind: string;
  /** The scope (e.g. the vote) as the caller may key it; throws 404 when they may not see it. */
  scope(auth: AuthContext, scopeId: string): Promise<S>;
  /** The item a printed code names (e.g. the unit of a ballot); throws PAPER_CODE_INVALID. */
  item(scope: S, code: string): string;
  /** Refuses a value the form cannot carry (a 400 naming the field). */
  checkValue(scope: S, value: string): void;
  /** First thing in the keying transaction: lock the scope and refuse when it no longer takes paper (closed). */
  guard(trx: Transaction<DB>, scope: S, item: string): Promise<void>;
  /** Refuses an item that already counts by another channel (an owner who voted online). */
  refuseCounted(trx: Transaction<DB>, scope: S, item: string): Promise<void>;
  /** When two blind keyings agree, or the third decides: write the counted record. */
  settle(trx: Transaction<DB>, scope: S, item: string, value: string, keyers: string[]): Promise<R>;
}

export interface KeyingDeps {
  db: Kysely<DB>;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}

/** What the keyer learns: never the other keyer's value, only whether it matched. */
export interface KeyingOutcome<R> {
  item: string;
  slot: number;
  status: KeyingStatus;
  /** The consumer's record (e.g. the receipt) when this keying settled the item. */
  settled: R | null;
}

export interface KeyingItemView {
  item: string;
  status: KeyingStatus;
  keyers: Array<{ slot: number; name: string | null; me: boolean }>;
  /** The value that counts: only once settled (agreed or decided), never while keying is blind. */
  value: string | null;
  keyedByMe: boolean;
}

export function statusOf(values: string[]): KeyingStatus {
  if (values.length >= 3) return 'decided';
  if (values.length === 2) return values[0] === values[1] ? 'agreed' : 'mismatch';
  return 'waiting';
}

/**
 * Blind double keying: two staff members key each paper form independently, neither sees the
 * other's entry; when they agree it counts, when they differ a third staff member (neither of
 * the two) keys it again and that decides. Every keying is an audit entry; nothing is written
 * when a keying is refused.
 */
export function createPaperKeying<S extends { nodeId: string }, R>(deps: KeyingDeps, target: KeyingTarget<S, R>) {
  const repo = createKeyingRepository(deps.db);
  const clock = deps.clock ?? (() => new Date());

  return {
    /** One staff member keys one paper form, named by its printed code. */
    async key(auth: AuthContext | null, scopeId: string, code: string, value: string): Promise<KeyingOutcome<R>> {
      const a = requireAuth(auth);
      const scope = await target.scope(a, scopeId);
      const item = target.item(scope, code);
      target.checkValue(scope, value);
      return deps.db.transaction().execute(async (trx) => {
        await target.guard(trx, scope, item);
        const before = await repo.itemKeyings(trx, target.kind, scopeId, item);
        if (before.some((k) => k.account_id === a.accountId)) throw new AppError('KEYED_ALREADY');
        const prior = statusOf(before.map((k) => k.value));
        if (prior === 'agreed' || prior === 'decided') throw new AppError('KEYING_SETTLED');
        await target.refuseCounted(trx, scope, item);
        const slot = before.length + 1;
        const inserted = await repo.insert(trx, {
          id: newId(),
          kind: target.kind,
          scope_id: scopeId,
          item,
          slot,
          account_id: a.accountId,
          value,
          created_at: clock().toISOString(),
        });
        // Someone keyed the same form at the same moment and took the slot: key it again.
        if (!inserted) throw new AppError('CONFLICT');
        const values = [...before.map((k) => k.value), value];
        const status = statusOf(values);
        // The audit entry names the item and the slot, not the value: keying stays blind.
        await deps.audit.append(
          {
            actorAccountId: a.accountId,
            action: 'paper.keyed',
            targetType: target.kind,
            targetId: scopeId,
            nodeId: scope.nodeId,
            details: { item, slot, status },
          },
          trx,
        );
        let settled: R | null = null;
        if (status === 'agreed' || status === 'decided')
          settled = await target.settle(trx, scope, item, value, [...before.map((k) => k.account_id), a.accountId]);
        return { item, slot, status, settled };
      });
    },

    /** How many items are keyed but do not count yet (waiting for a second keyer, or a mismatch). */
    async pendingCount(scopeId: string): Promise<number> {
      const m = await repo.scopeValues(target.kind, scopeId);
      return [...m.values()].filter((vs) => {
        const st = statusOf(vs);
        return st === 'waiting' || st === 'mismatch';
      }).length;
    },

    /** Every keyed item of a scope for its staff: who keyed it, where it stands; values only once settled. */
    async list(auth: AuthContext | null, scopeId: string): Promise<KeyingItemView[]> {
      const a = requireAuth(auth);
      await target.scope(a, scopeId);
      const rows = await repo.scopeKeyings(target.kind, scopeId);
      const byItem = new Map<string, typeof rows>();
      for (const r of rows) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
      return [...byItem.entries()]
        .map(([item, ks]) => {
          const status = statusOf(ks.map((k) => k.value));
          const final = status === 'agreed' || status === 'decided';
          return {
            item,
            status,
            keyers: ks.map((k) => ({ slot: Number(k.slot), name: k.keyer_name ?? null, me: k.account_id === a.accountId })),
            value: final ? (ks[ks.length - 1]?.value ?? null) : null,
            keyedByMe: ks.some((k) => k.account_id === a.accountId),
          };
        })
        .sort((x, y) => x.item.localeCompare(y.item, 'en', { numeric: true }));
    },
  };
}

export type PaperKeying<R> = ReturnType<typeof createPaperKeying<{ nodeId: string }, R>>;
