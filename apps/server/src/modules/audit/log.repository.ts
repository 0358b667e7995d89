import { checkpointNote } from '@lianxin/shared';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { LogCheckpointsTable } from '../../db/core.tables';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';
import { type LogSigner, verifySignature } from './log.keys';
import {
  consistencyRanges,
  Frontier,
  inclusionRanges,
  type LeafRow,
  leafData,
  leafHash,
  type NodeRef,
  perfectNodes,
  rootOf,
} from './merkle';

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  at: string;
  keyId: string;
  signature: string;
}

export function checkpointOf(r: LogCheckpointsTable): Checkpoint {
  return { treeSize: r.tree_size, rootHash: r.root_hash, at: r.at, keyId: r.key_id, signature: r.signature };
}

export type VerifyResult =
  | { ok: true; count: number; pending: number; checkpoints: number }
  | { ok: false; reason: string; leafIndex?: number };

/** The audit entry (action, target type) each kind of receipt points at. */
const RECEIPTS = {
  ballot: ['vote.ballot_cast', 'ballot'],
  certificate: ['certificate.issued', 'certificate'],
  decision: ['council.decision.recorded', 'council_decision'],
} as const;

const LEAF_COLUMNS = [
  'seq',
  'at',
  'actor_account_id',
  'on_behalf_of',
  'channel',
  'action',
  'target_type',
  'target_id',
  'node_id',
  'details',
] as const;

/**
 * The Merkle tree over the audit log: the sequencer that grows it, the checkpoints, the proofs,
 * and the full verification. See ADR 0003 for why sequencing is by an "unsequenced" flag rather
 * than by insertion id.
 */
export function createLogRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres', signer: () => LogSigner) {
  async function nodes(on: Kysely<DB>, refs: readonly NodeRef[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (refs.length === 0) return out;
    const rows = await on
      .selectFrom('log_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) => eb.or(refs.map((r) => eb.and([eb('level', '=', r.level), eb('idx', '=', r.idx)]))))
      .execute();
    for (const r of rows) out.set(`${r.level}/${r.idx}`, r.hash);
    return out;
  }

  async function rangeHashes(ranges: ReadonlyArray<[number, number]>): Promise<string[]> {
    const parts = ranges.map(([lo, hi]) => perfectNodes(lo, hi));
    const found = await nodes(db, parts.flat());
    return parts.map((refs) =>
      rootOf(
        refs.map((r) => {
          const h = found.get(`${r.level}/${r.idx}`);
          if (h === undefined) throw new Error(`log node ${r.level}/${r.idx} is missing`);
          return h;
        }),
      ),
    );
  }

  async function latest(on: Kysely<DB> = db) {
    return on.selectFrom('log_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  }

  async function setLeafIndexes(trx: Transaction<DB>, pairs: Array<[number, number]>) {
    if (dialect === 'postgres') {
      const r = await sql<{ n: number }>`update audit_log a set leaf_index = v.li
        from (select unnest(${pairs.map((p) => p[0])}::int[]) as seq, unnest(${pairs.map((p) => p[1])}::int[]) as li) v
        where a.seq = v.seq and a.leaf_index is null`.execute(trx);
      return Number(r.numAffectedRows ?? 0);
    }
    let n = 0;
    for (const [seq, li] of pairs) {
      const r = await trx
        .updateTable('audit_log')
        .set({ leaf_index: li })
        .where('seq', '=', seq)
        .where('leaf_index', 'is', null)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  return {
    /**
     * One sequencer batch: gives the oldest committed unsequenced entries (up to `max`) the next
     * leaf indexes, stores the nodes they complete and signs a checkpoint, all in one transaction.
     * Two sequencers racing both try to write the same checkpoint size; the second fails and
     * rolls back, so the tree never forks. Returns the number of entries added.
     */
    async sequenceBatch(max = 2000): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const head = await latest(trx);
        const size = head?.tree_size ?? 0;
        const pending = await trx
          .selectFrom('audit_log')
          .select(LEAF_COLUMNS)
          .where('leaf_index', 'is', null)
          .orderBy('seq')
          .limit(max)
          .execute();
        if (pending.length === 0) return 0;
        const edgeRefs = Frontier.edgeOf(size);
        const edgeFound = await nodes(trx, edgeRefs);
        const frontier = new Frontier(
          size,
          edgeRefs.map((r) => {
            const h = edgeFound.get(`${r.level}/${r.idx}`);
            if (h === undefined) throw new Error(`log node ${r.level}/${r.idx} is missing`);
            return h;
          }),
        );
        const made: Array<{ level: number; idx: number; hash: string }> = [];
        const pairs: Array<[number, number]> = [];
        for (const row of pending) {
          pairs.push([row.seq, frontier.size]);
          made.push(...frontier.append(leafHash(leafData(row))));
        }
        if ((await setLeafIndexes(trx, pairs)) !== pairs.length) throw new Error('another sequencer took these entries');
        for (let i = 0; i < made.length; i += 1000) {
          await trx
            .insertInto('log_nodes')
            .values(made.slice(i, i + 1000))
            .execute();
        }
        const cp = { treeSize: frontier.size, rootHash: frontier.root(), at: nowIso() };
        const s = signer();
        await trx
          .insertInto('log_checkpoints')
          .values({
            tree_size: cp.treeSize,
            root_hash: cp.rootHash,
            at: cp.at,
            key_id: s.keyId,
            signature: s.sign(checkpointNote(cp)),
          })
          .execute();
        return pending.length;
      });
    },

    /** Sequences until nothing is pending (or `budgetMs` is spent); returns how many were added. */
    async sequence(budgetMs = 800, batch = 2000): Promise<number> {
      const until = performance.now() + budgetMs;
      let total = 0;
      for (;;) {
        const n = await this.sequenceBatch(batch);
        total += n;
        if (n < batch || performance.now() > until) return total;
      }
    },

    async latestCheckpoint(): Promise<Checkpoint | null> {
      const r = await latest();
      return r ? checkpointOf(r) : null;
    },

    async checkpointAt(size: number): Promise<Checkpoint | null> {
      const r = await db.selectFrom('log_checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirst();
      return r ? checkpointOf(r) : null;
    },

    /** Checkpoints newest first, those below `before` when given. */
    async checkpoints(limit: number, before?: number): Promise<Checkpoint[]> {
      let q = db.selectFrom('log_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(limit);
      if (before !== undefined) q = q.where('tree_size', '<', before);
      return (await q.execute()).map(checkpointOf);
    },

    /** An entry by insertion id, with its leaf data (the bytes its leaf hash covers). */
    async entry(seq: number) {
      const r = await db
        .selectFrom('audit_log')
        .select([...LEAF_COLUMNS, 'leaf_index'])
        .where('seq', '=', seq)
        .executeTakeFirst();
      return r ? { row: r, data: leafData(r as LeafRow) } : null;
    },

    /** The entry a receipt stands for: a ballot by receipt hash, a certificate or decision by id. */
    async receiptEntry(kind: 'ballot' | 'certificate' | 'decision', id: string): Promise<number | null> {
      const [action, targetType] = RECEIPTS[kind];
      const r = await db
        .selectFrom('audit_log')
        .select('seq')
        .where('target_type', '=', targetType)
        .where('target_id', '=', id)
        .where('action', '=', action)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r?.seq ?? null;
    },

    /** The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1). */
    inclusionProof(index: number, size: number): Promise<string[]> {
      return rangeHashes(inclusionRanges(index, size));
    },

    /** The consistency proof between sizes `first` < `second` (RFC 9162 §2.1.4.1). */
    consistencyProof(first: number, second: number): Promise<string[]> {
      return rangeHashes(consistencyRanges(first, second));
    },

    /**
     * Checks everything from the entries up: every sequenced entry is present once, in a leaf
     * whose stored hash matches its content; every stored checkpoint is signed by `publicKeyRaw`
     * and its root is the root of the first `tree_size` leaves recomputed here — so all of them
     * are consistent with each other. With `saved` (a checkpoint kept outside the database) the
     * log must still hold that tree: a log cut short or rewritten fails.
     */
    async verify(publicKeyRaw: string, saved?: Checkpoint): Promise<VerifyResult> {
      if (saved && !verifySignature(publicKeyRaw, checkpointNote(saved), saved.signature)) {
        return { ok: false, reason: 'the saved checkpoint is not signed by this log key' };
      }
      const cps = await db.selectFrom('log_checkpoints').selectAll().orderBy('tree_size').execute();
      for (const c of cps) {
        if (!verifySignature(publicKeyRaw, checkpointNote(checkpointOf(c)), c.signature)) {
          return { ok: false, reason: `checkpoint of size ${c.tree_size} has a bad signature` };
        }
      }
      const targets = new Map<number, { root: string; what: string }>();
      for (const c of cps) targets.set(c.tree_size, { root: c.root_hash, what: `checkpoint of size ${c.tree_size}` });
      const size = cps.at(-1)?.tree_size ?? 0;
      if (saved) {
        if (saved.treeSize > size) {
          return { ok: false, reason: `log cut short: the saved checkpoint has ${saved.treeSize} entries, the log ${size}` };
        }
        const other = targets.get(saved.treeSize);
        if (other && other.root !== saved.rootHash) {
          return { ok: false, reason: `log rewritten: its checkpoint of size ${saved.treeSize} differs from the saved one` };
        }
        targets.set(saved.treeSize, { root: saved.rootHash, what: `saved checkpoint of size ${saved.treeSize}` });
      }
      const frontier = new Frontier(0, []);
      const page = 5000;
      for (let from = 0; ; from += page) {
        const rows = await db
          .selectFrom('audit_log')
          .innerJoin('log_nodes', (j) => j.onRef('log_nodes.idx', '=', 'audit_log.leaf_index').on('log_nodes.level', '=', 0))
          .select([
            'audit_log.seq',
            'audit_log.at',
            'audit_log.actor_account_id',
            'audit_log.on_behalf_of',
            'audit_log.channel',
            'audit_log.action',
            'audit_log.target_type',
            'audit_log.target_id',
            'audit_log.node_id',
            'audit_log.details',
            'audit_log.leaf_index',
            'log_nodes.hash',
          ])
          .where('audit_log.leaf_index', '>=', from)
          .where('audit_log.leaf_index', '<', from + page)
          .orderBy('audit_log.leaf_index')
          .execute();
        for (const r of rows) {
          const i = frontier.size;
          if (r.leaf_index !== i) return { ok: false, leafIndex: i, reason: `entry at leaf ${i} is missing` };
          const h = leafHash(leafData(r));
          if (h !== r.hash) return { ok: false, leafIndex: i, reason: `entry at leaf ${i} (seq ${r.seq}) was edited` };
          frontier.append(h);
          const t = targets.get(frontier.size);
          if (t && t.root !== frontier.root()) {
            return {
              ok: false,
              leafIndex: i,
              reason:
                saved && t.what.startsWith('saved')
                  ? `log rewritten: the first ${frontier.size} entries no longer match the saved checkpoint`
                  : `the entries do not match the ${t.what}`,
            };
          }
        }
        if (frontier.size >= size || rows.length < page) break;
      }
      if (frontier.size < size) {
        return { ok: false, leafIndex: frontier.size, reason: `entry at leaf ${frontier.size} is missing` };
      }
      const extra = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('leaf_index', '>=', size)
        .executeTakeFirstOrThrow();
      if (Number(extra.n) > 0) return { ok: false, leafIndex: size, reason: `entries beyond the latest checkpoint (${size})` };
      const pending = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('leaf_index', 'is', null)
        .executeTakeFirstOrThrow();
      return { ok: true, count: size, pending: Number(pending.n), checkpoints: cps.length };
    },
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;
