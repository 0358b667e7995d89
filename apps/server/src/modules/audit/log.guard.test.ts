import { createHash, createPrivateKey, sign } from 'node:crypto';
import { checkpointNote } from '@lianxin/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/harness';
import type { LogSigner } from './log.keys';
import { type Checkpoint, createLogRepository } from './log.repository';

/*
 * The sequencer, the checkpoints, the proofs and the full verification of the public log
 * (issue #21), on each database. Every test starts from an empty log and writes its own entries,
 * with fixed times and ids, so each leaf, node, root and signature is known exactly: roots from
 * RFC 9162's MTH written out here, signatures made here with RFC 8032's first test key (Ed25519
 * signing is deterministic).
 */

const RFC8032_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n';
const RFC8032_PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const PUBLIC_B64 = RFC8032_PUBLIC.toString('base64');
const KEY_ID = createHash('sha256').update(RFC8032_PUBLIC).digest('hex').slice(0, 16);
const privateKey = createPrivateKey(RFC8032_PEM);
const signNote = (c: { treeSize: number; rootHash: string; at: string }) =>
  sign(null, Buffer.from(checkpointNote(c), 'utf8'), privateKey).toString('base64');

const sha = (...p: Buffer[]) => createHash('sha256').update(Buffer.concat(p)).digest();

/** An entry's fields, fixed by its insertion id. */
function entry(seq: number) {
  return {
    seq,
    at: `2026-11-0${1 + (seq % 9)}T08:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    actor_account_id: seq % 3 === 0 ? null : `acc-${seq}`,
    on_behalf_of: null,
    channel: seq % 2 ? 'walk_in' : null,
    action: 'guard.log',
    target_type: 'guard',
    target_id: `t-${seq}`,
    node_id: 'wuxingaz',
    details: `{"n":${seq}}`,
  };
}
/** The leaf hash of an entry, from the documented field order. */
function leafOf(seq: number): Buffer {
  const e = entry(seq);
  const data = JSON.stringify([
    e.seq,
    e.at,
    e.actor_account_id,
    e.on_behalf_of,
    e.channel,
    e.action,
    e.target_type,
    e.target_id,
    e.node_id,
    e.details,
  ]);
  return sha(Buffer.of(0), Buffer.from(data));
}
const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(l: readonly Buffer[]): string {
  const rec = (d: readonly Buffer[]): Buffer => {
    if (d.length === 1) return d[0] as Buffer;
    const k = split(d.length);
    return sha(Buffer.of(1), rec(d.slice(0, k)), rec(d.slice(k)));
  };
  return l.length === 0 ? sha().toString('hex') : rec(l).toString('hex');
}
function auditPath(m: number, d: readonly Buffer[]): string[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...auditPath(m, d.slice(0, k)), mth(d.slice(k))] : [...auditPath(m - k, d.slice(k)), mth(d.slice(0, k))];
}
function subproof(m: number, d: readonly Buffer[], b: boolean): string[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public log: sequencer, checkpoints, proofs, verification`, () => {
    let t: TestDatabase;
    let log: ReturnType<typeof createLogRepository>;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      // The key's own loading is log.keys.guard.test.ts's; here a signer made from the test key.
      const signer: LogSigner = {
        keyId: KEY_ID,
        publicKeyRaw: PUBLIC_B64,
        publicKeyPem: '',
        sign: (note) => sign(null, Buffer.from(note, 'utf8'), privateKey).toString('base64'),
      };
      log = createLogRepository(t.database.db, dialect, () => signer);
    }, 60_000);
    afterAll(async () => {
      await t?.drop();
    });
    beforeEach(async () => {
      const db = t.database.db;
      await db.deleteFrom('audit_log').execute();
      await db.deleteFrom('log_nodes').execute();
      await db.deleteFrom('log_checkpoints').execute();
    });

    const db = () => t.database.db;
    async function put(seqs: readonly number[]) {
      for (let i = 0; i < seqs.length; i += 500) {
        await db()
          .insertInto('audit_log')
          .values(seqs.slice(i, i + 500).map((s) => ({ ...entry(s), leaf_index: null })))
          .execute();
      }
    }
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const leafIndexes = async () =>
      (await db().selectFrom('audit_log').select(['seq', 'leaf_index']).orderBy('seq').execute()).map((r) => [
        r.seq,
        r.leaf_index,
      ]);
    const checkpointRows = () => db().selectFrom('log_checkpoints').selectAll().orderBy('tree_size').execute();
    /** The checkpoint row expected for the first `n` of `seqs` (in leaf order), given the time it got. */
    const expectedCheckpoint = (seqs: readonly number[], n: number, at: string) => {
      const rootHash = mth(seqs.slice(0, n).map(leafOf));
      return { tree_size: n, root_hash: rootHash, at, key_id: KEY_ID, signature: signNote({ treeSize: n, rootHash, at }) };
    };
    const latest = async (): Promise<Checkpoint> => {
      const c = await log.latestCheckpoint();
      if (!c) throw new Error('no checkpoint');
      return c;
    };

    it('gives the oldest pending entries the next leaves in insertion-id order, and signs the exact root', async () => {
      await put([5, 3, 9, 4, 7]);
      expect(await log.sequenceBatch(3)).toBe(3);
      expect(await leafIndexes()).toEqual([
        [3, 0],
        [4, 1],
        [5, 2],
        [7, null],
        [9, null],
      ]);
      const [first] = await checkpointRows();
      expect(await checkpointRows()).toEqual([expectedCheckpoint([3, 4, 5], 3, first?.at ?? '')]);
      expect(first?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // The nodes that three leaves complete: the leaves and the pair of the first two.
      expect(await db().selectFrom('log_nodes').selectAll().orderBy('level').orderBy('idx').execute()).toEqual([
        { level: 0, idx: 0, hash: leafOf(3).toString('hex') },
        { level: 0, idx: 1, hash: leafOf(4).toString('hex') },
        { level: 0, idx: 2, hash: leafOf(5).toString('hex') },
        { level: 1, idx: 0, hash: mth([leafOf(3), leafOf(4)]) },
      ]);
      // The next batch continues the same tree from its stored edge. An entry committed late
      // under a lower insertion id (1) goes before the newer pending ones. A batch with nothing
      // to do writes nothing.
      await put([1]);
      expect(await log.sequenceBatch(3)).toBe(3);
      expect(await log.sequenceBatch(3)).toBe(0);
      expect(await leafIndexes()).toEqual([
        [1, 3],
        [3, 0],
        [4, 1],
        [5, 2],
        [7, 4],
        [9, 5],
      ]);
      const rows = await checkpointRows();
      expect(rows).toEqual([
        expectedCheckpoint([3, 4, 5, 1, 7, 9], 3, rows[0]?.at ?? ''),
        expectedCheckpoint([3, 4, 5, 1, 7, 9], 6, rows[1]?.at ?? ''),
      ]);
      expect((await db().selectFrom('log_nodes').select('level').execute()).length).toBe(6 + 3 + 1);
      expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 6, pending: 0, checkpoints: 2 });
    });

    it('sequences in batches until nothing is pending, one checkpoint per batch', async () => {
      await put(range(10, 7));
      expect(await log.sequence(60_000, 3)).toBe(7);
      expect((await checkpointRows()).map((r) => [r.tree_size, r.root_hash])).toEqual(
        [3, 6, 7].map((n) => [n, mth(range(10, n).map(leafOf))]),
      );
      // A spent time budget stops after the batch under way.
      await put(range(20, 5));
      expect(await log.sequence(-1, 2)).toBe(2);
      expect((await latest()).treeSize).toBe(9);
      expect(await log.sequence(60_000, 2)).toBe(3);
      expect((await latest()).treeSize).toBe(12);
    });

    it('stores every node of a batch larger than one insert (1500 entries: 2993 nodes)', async () => {
      await put(range(1, 1500));
      expect(await log.sequenceBatch(2000)).toBe(1500);
      const n = await db()
        .selectFrom('log_nodes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // 1500 leaves, 750 + 375 + 187 + 93 + 46 + 23 + 11 + 5 + 2 + 1 completed inner nodes.
      expect(Number(n.n)).toBe(2993);
      expect((await latest()).rootHash).toBe(mth(range(1, 1500).map(leafOf)));
      expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 1500, pending: 0, checkpoints: 1 });
    });

    it('rolls a batch back whole when another sequencer took one of its entries: the tree never forks', async () => {
      await put([1, 2, 3]);
      // The row of entry 2 is skipped by its update, as when another sequencer set its leaf first.
      if (dialect === 'sqlite') {
        await sql`create trigger guard_taken before update of leaf_index on audit_log when old.seq = 2
          begin select raise(ignore); end`.execute(db());
      } else {
        await sql`create function guard_taken() returns trigger language plpgsql as
          $$ begin if old.seq = 2 then return null; end if; return new; end $$`.execute(db());
        await sql`create trigger guard_taken before update on audit_log for each row execute function guard_taken()`.execute(
          db(),
        );
      }
      try {
        await expect(log.sequenceBatch()).rejects.toThrow(new Error('another sequencer took these entries'));
      } finally {
        await sql`drop trigger guard_taken${sql.raw(dialect === 'postgres' ? ' on audit_log' : '')}`.execute(db());
        if (dialect === 'postgres') await sql`drop function guard_taken()`.execute(db());
      }
      expect(await leafIndexes()).toEqual([
        [1, null],
        [2, null],
        [3, null],
      ]);
      expect([await checkpointRows(), await db().selectFrom('log_nodes').selectAll().execute()]).toEqual([[], []]);
      expect(await log.sequenceBatch()).toBe(3);
      expect((await latest()).rootHash).toBe(mth([1, 2, 3].map(leafOf)));
    });

    it('refuses to grow a tree whose stored edge lost a node', async () => {
      await put(range(1, 5));
      await log.sequence();
      await put([6]);
      await db().deleteFrom('log_nodes').where('level', '=', 2).execute();
      await expect(log.sequenceBatch()).rejects.toThrow(new Error('log node 2/0 is missing'));
      expect((await latest()).treeSize).toBe(5);
    });

    it('builds inclusion and consistency proofs from the stored nodes exactly as RFC 9162 does', async () => {
      const seqs = range(100, 11);
      await put(seqs.slice(0, 6));
      await log.sequence();
      await put(seqs.slice(6));
      await log.sequence();
      const leaves = seqs.map(leafOf);
      for (const n of [6, 11]) {
        for (let m = 0; m < n; m++)
          expect([m, n, await log.inclusionProof(m, n)]).toEqual([m, n, auditPath(m, leaves.slice(0, n))]);
      }
      for (let m = 1; m <= 11; m++) {
        expect([m, await log.consistencyProof(m, 11)]).toEqual([m, m === 11 ? [] : subproof(m, leaves, true)]);
      }
      expect(await log.consistencyProof(6, 6)).toEqual([]);
      await db().deleteFrom('log_nodes').where('level', '=', 0).where('idx', '=', 10).execute();
      await expect(log.inclusionProof(3, 11)).rejects.toThrow(new Error('log node 0/10 is missing'));
    });

    it('reads checkpoints newest first, below a size when asked, and one by its size', async () => {
      await put(range(1, 7));
      await log.sequence(60_000, 2);
      const rows = await checkpointRows();
      const dto = (r: (typeof rows)[number]) => ({
        treeSize: r.tree_size,
        rootHash: r.root_hash,
        at: r.at,
        keyId: r.key_id,
        signature: r.signature,
      });
      expect(rows.map((r) => r.tree_size)).toEqual([2, 4, 6, 7]);
      expect(await log.checkpoints(2)).toEqual([dto(rows[3] as never), dto(rows[2] as never)]);
      expect(await log.checkpoints(10, 6)).toEqual([dto(rows[1] as never), dto(rows[0] as never)]);
      expect([await log.checkpointAt(4), await log.checkpointAt(5), await log.latestCheckpoint()]).toEqual([
        dto(rows[1] as never),
        null,
        dto(rows[3] as never),
      ]);
    });

    describe('verification', () => {
      const seqs = range(200, 9);
      /** Nine entries in checkpoints of 4, 7 and 9, and one entry still pending. */
      async function grow() {
        await put(seqs.slice(0, 4));
        await log.sequence();
        await put(seqs.slice(4, 7));
        await log.sequence();
        await put(seqs.slice(7));
        await log.sequence();
        await put([300]);
      }
      const signed = (treeSize: number, rootHash: string): Checkpoint => {
        const at = '2026-11-30T12:00:00.000Z';
        return { treeSize, rootHash, at, keyId: KEY_ID, signature: signNote({ treeSize, rootHash, at }) };
      };
      const rootOf = (n: number) => mth(seqs.slice(0, n).map(leafOf));

      it('passes an intact log, with a saved checkpoint at a stored size or between two', async () => {
        await grow();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 9, pending: 1, checkpoints: 3 });
        for (const n of [1, 4, 5, 9]) {
          expect([n, await log.verify(PUBLIC_B64, signed(n, rootOf(n)))]).toEqual([
            n,
            { ok: true, count: 9, pending: 1, checkpoints: 3 },
          ]);
        }
      });

      it('refuses a saved checkpoint not signed by the log key, and a stored one with a bad signature', async () => {
        await grow();
        const good = signed(4, rootOf(4));
        const other = { ...good, signature: signNote({ ...good, at: '2026-11-30T12:00:00.001Z' }) };
        expect(await log.verify(PUBLIC_B64, other)).toEqual({
          ok: false,
          reason: 'the saved checkpoint is not signed by this log key',
        });
        const notMine = Buffer.from(PUBLIC_B64, 'base64');
        notMine[0] = (notMine[0] as number) ^ 1;
        expect(await log.verify(notMine.toString('base64'))).toEqual({
          ok: false,
          reason: 'checkpoint of size 4 has a bad signature',
        });
        const seven = (await log.checkpointAt(7)) as Checkpoint;
        await db().updateTable('log_checkpoints').set({ at: '2026-11-30T12:00:00.000Z' }).where('tree_size', '=', 7).execute();
        expect(await log.verify(PUBLIC_B64, good)).toEqual({ ok: false, reason: 'checkpoint of size 7 has a bad signature' });
        await db().updateTable('log_checkpoints').set({ at: seven.at }).where('tree_size', '=', 7).execute();
        expect(await log.verify(PUBLIC_B64, good)).toEqual({ ok: true, count: 9, pending: 1, checkpoints: 3 });
      });

      it('refuses a log cut short of, or rewritten since, a saved checkpoint', async () => {
        await grow();
        expect(await log.verify(PUBLIC_B64, signed(10, rootOf(9)))).toEqual({
          ok: false,
          reason: 'log cut short: the saved checkpoint has 10 entries, the log 9',
        });
        expect(await log.verify(PUBLIC_B64, signed(7, rootOf(6)))).toEqual({
          ok: false,
          reason: 'log rewritten: its checkpoint of size 7 differs from the saved one',
        });
        expect(await log.verify(PUBLIC_B64, signed(5, rootOf(6)))).toEqual({
          ok: false,
          leafIndex: 4,
          reason: 'log rewritten: the first 5 entries no longer match the saved checkpoint',
        });
        // A stored checkpoint whose root is not its entries' is named as such, saved one or not.
        const wrong = rootOf(6);
        await db()
          .updateTable('log_checkpoints')
          .set({
            root_hash: wrong,
            signature: signNote({ treeSize: 7, rootHash: wrong, at: (await log.checkpointAt(7))?.at ?? '' }),
          })
          .where('tree_size', '=', 7)
          .execute();
        const mismatch = { ok: false, leafIndex: 6, reason: 'the entries do not match the checkpoint of size 7' };
        expect(await log.verify(PUBLIC_B64)).toEqual(mismatch);
        expect(await log.verify(PUBLIC_B64, signed(5, rootOf(5)))).toEqual(mismatch);
      });

      it('names the edited entry, the missing leaf, and entries beyond the latest checkpoint', async () => {
        await grow();
        await db().updateTable('audit_log').set({ details: '{"n":0}' }).where('seq', '=', 205).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: false, leafIndex: 5, reason: 'entry at leaf 5 (seq 205) was edited' });
        await db()
          .updateTable('audit_log')
          .set({ details: entry(205).details })
          .where('seq', '=', 205)
          .execute();
        // A leaf whose stored node is gone counts as missing too.
        await db().deleteFrom('log_nodes').where('level', '=', 0).where('idx', '=', 2).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: false, leafIndex: 2, reason: 'entry at leaf 2 is missing' });
        await db()
          .insertInto('log_nodes')
          .values({ level: 0, idx: 2, hash: leafOf(202).toString('hex') })
          .execute();
        await db().deleteFrom('audit_log').where('seq', '=', 203).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: false, leafIndex: 3, reason: 'entry at leaf 3 is missing' });
        await put([203]);
        await db().updateTable('audit_log').set({ leaf_index: 3 }).where('seq', '=', 203).execute();
        // The newest entries gone, their checkpoint still there.
        await db().deleteFrom('audit_log').where('seq', '>=', 207).where('seq', '<=', 208).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: false, leafIndex: 7, reason: 'entry at leaf 7 is missing' });
        await put([207, 208]);
        await db().updateTable('audit_log').set({ leaf_index: 7 }).where('seq', '=', 207).execute();
        await db().updateTable('audit_log').set({ leaf_index: 8 }).where('seq', '=', 208).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 9, pending: 1, checkpoints: 3 });
        // An entry given a leaf no checkpoint covers, with or without its node.
        await db().updateTable('audit_log').set({ leaf_index: 9 }).where('seq', '=', 300).execute();
        const beyond = { ok: false, leafIndex: 9, reason: 'entries beyond the latest checkpoint (9)' };
        expect(await log.verify(PUBLIC_B64)).toEqual(beyond);
        await db()
          .insertInto('log_nodes')
          .values({ level: 0, idx: 9, hash: leafOf(300).toString('hex') })
          .execute();
        expect(await log.verify(PUBLIC_B64)).toEqual(beyond);
      });

      it('passes an empty log, and refuses any saved checkpoint against it', async () => {
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 0, pending: 0, checkpoints: 0 });
        await put([1]);
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 0, pending: 1, checkpoints: 0 });
        expect(await log.verify(PUBLIC_B64, signed(1, mth([leafOf(1)])))).toEqual({
          ok: false,
          reason: 'log cut short: the saved checkpoint has 1 entries, the log 0',
        });
      });

      it('reads a log longer than one page (5003 entries) to its end', async () => {
        const many = range(1, 5003);
        await put(many);
        expect(await log.sequence(60_000)).toBe(5003);
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: true, count: 5003, pending: 0, checkpoints: 3 });
        expect(await log.verify(PUBLIC_B64, signed(5001, mth(many.slice(0, 5001).map(leafOf))))).toEqual({
          ok: true,
          count: 5003,
          pending: 0,
          checkpoints: 3,
        });
        await db().updateTable('audit_log').set({ details: null }).where('seq', '=', 5002).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({
          ok: false,
          leafIndex: 5001,
          reason: 'entry at leaf 5001 (seq 5002) was edited',
        });
        await db().deleteFrom('audit_log').where('seq', '=', 5002).execute();
        expect(await log.verify(PUBLIC_B64)).toEqual({ ok: false, leafIndex: 5001, reason: 'entry at leaf 5001 is missing' });
      }, 120_000);
    });
  });
}
