import { spawnSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkpointNote, PUBLIC_LOG_ACTIONS, verifyConsistency, verifyInclusion } from '@lianxin/shared';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { describeEachDialect, type Harness } from '../../test/harness';
import { createAuditRepository } from './audit.repository';
import { loadSigner } from './log.keys';
import { createLogRepository } from './log.repository';

const bin = path.resolve(import.meta.dirname, '../../../bin/lianxin.js');
const webSha = async (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/** Runs `lianxin audit verify [args]` as a separate process against the test database. */
function verifyCli(h: Harness, ...args: string[]): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: h.testDb.dataDir };
  if (h.testDb.url) env.DATABASE_URL = h.testDb.url;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [bin, 'audit', 'verify', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function appendSome(h: Harness, n: number, action = 'test.entry') {
  for (let i = 0; i < n; i++) {
    await h.ctx.audit.append({ actorAccountId: null, action, targetType: 'test', targetId: String(i), details: { i } });
  }
}

/** The leaf bytes, rebuilt here from the row by the documented field order (not by leafData()). */
function naiveLeaf(r: Record<string, unknown>): Buffer {
  const fields = [
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
  ];
  return Buffer.from(JSON.stringify(fields.map((f) => r[f])));
}

/** RFC 9162 MTH over leaf data, written out naively. */
function mth(d: Buffer[]): string {
  const h = (...p: Buffer[]) => createHash('sha256').update(Buffer.concat(p)).digest();
  const rec = (d: Buffer[]): Buffer => {
    if (d.length === 1) return h(Buffer.of(0), d[0] as Buffer);
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(Buffer.of(1), rec(d.slice(0, k)), rec(d.slice(k)));
  };
  return d.length === 0 ? h().toString('hex') : rec(d).toString('hex');
}

async function leavesInOrder(h: Harness) {
  return h.ctx.db.selectFrom('audit_log').selectAll().where('leaf_index', 'is not', null).orderBy('leaf_index').execute();
}

async function latest(h: Harness) {
  const c = await h.ctx.log.latestCheckpoint();
  if (!c) throw new Error('no checkpoint');
  return c;
}

/** A second app instance on the same database: its own pool or its own file connection. */
async function withSecondInstance(
  h: Harness,
  fn: (second: { audit: ReturnType<typeof createAuditRepository>; log: ReturnType<typeof createLogRepository> }) => Promise<void>,
) {
  const t = h.testDb;
  const other = openDatabase(t.url ? { databaseUrl: t.url, poolSize: 5 } : { sqliteFile: t.sqliteFile ?? '' });
  try {
    const signer = loadSigner(h.ctx.config.logKeyFile);
    await fn({ audit: createAuditRepository(other.db, h.dialect), log: createLogRepository(other.db, h.dialect, () => signer) });
  } finally {
    await other.close();
  }
}

describeEachDialect('audit log (Merkle tree)', (h) => {
  it('sequences every committed entry into leaves 0…n−1 under a signed checkpoint of the naive root', async () => {
    await appendSome(h(), 7);
    const pendingBefore = await h().ctx.db.selectFrom('audit_log').select('seq').where('leaf_index', 'is', null).execute();
    expect(pendingBefore.length).toBeGreaterThanOrEqual(7);
    await h().ctx.log.sequence();
    const leaves = await leavesInOrder(h());
    expect(leaves.map((l) => l.leaf_index)).toEqual(leaves.map((_, i) => i));
    expect(await h().ctx.db.selectFrom('audit_log').select('seq').where('leaf_index', 'is', null).execute()).toEqual([]);
    // The demo's entries (written before) keep their insertion order as leaf order.
    expect(leaves.map((l) => l.seq)).toEqual([...leaves.map((l) => l.seq)].sort((a, b) => a - b));
    const cp = await latest(h());
    expect(cp.treeSize).toBe(leaves.length);
    expect(cp.rootHash).toBe(mth(leaves.map(naiveLeaf)));
    const key = await h().app.inject({ method: 'GET', url: '/api/v1/log/key' });
    const pub = await webcrypto.subtle.importKey('raw', Buffer.from(key.json().publicKey, 'base64'), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    expect(
      await webcrypto.subtle.verify('Ed25519', pub, Buffer.from(cp.signature, 'base64'), Buffer.from(checkpointNote(cp))),
    ).toBe(true);
  });

  it('sequences an entry whose transaction committed after later entries were already in the tree', async () => {
    // A writer takes its insertion id first and commits last: its id is below entries that are
    // already sequenced, and it must still get a leaf.
    await appendSome(h(), 1, 'test.reserved');
    const q = () => h().ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.reserved');
    const lowSeq = (await q().executeTakeFirstOrThrow()).seq;
    await appendSome(h(), 2, 'test.early');
    await h().ctx.db.deleteFrom('audit_log').where('seq', '=', lowSeq).execute();
    await h().ctx.log.sequence();
    const before = await latest(h());
    await h()
      .ctx.db.insertInto('audit_log')
      .values({
        seq: lowSeq,
        at: '2026-01-01T00:00:00.000Z',
        actor_account_id: null,
        on_behalf_of: null,
        channel: null,
        action: 'test.late',
        target_type: null,
        target_id: null,
        node_id: null,
        details: null,
        leaf_index: null,
      })
      .execute();
    if (h().dialect === 'postgres') {
      // And for real: a transaction holds its entry while another commits and is sequenced.
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const slow = h()
        .ctx.db.transaction()
        .execute(async (trx) => {
          await h().ctx.audit.append({ actorAccountId: null, action: 'test.slow' }, trx);
          await gate;
        });
      await withSecondInstance(h(), async (second) => {
        await second.audit.append({ actorAccountId: null, action: 'test.fast' });
        await second.log.sequence();
      });
      const mid = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'leaf_index'])
        .where('action', 'in', ['test.slow', 'test.fast'])
        .execute();
      expect(mid.map((r) => [r.action, r.leaf_index !== null])).toEqual([['test.fast', true]]);
      release();
      await slow;
    }
    await h().ctx.log.sequence();
    const rows = await h()
      .ctx.db.selectFrom('audit_log')
      .select(['action', 'leaf_index'])
      .where('action', 'in', ['test.late', 'test.slow'])
      .orderBy('action')
      .execute();
    const after = await latest(h());
    expect(rows.every((r) => r.leaf_index !== null && r.leaf_index >= before.treeSize)).toBe(true);
    expect(rows.map((r) => r.action)).toEqual(h().dialect === 'postgres' ? ['test.late', 'test.slow'] : ['test.late']);
    expect(after.treeSize).toBe((await leavesInOrder(h())).length);
    expect(await h().ctx.audit.verify()).toEqual({
      ok: true,
      count: after.treeSize,
      pending: 0,
      checkpoints: expect.any(Number),
    });
  });

  it('keeps one tree when two instances append and sequence at the same time', async () => {
    await withSecondInstance(h(), async (second) => {
      const before = await latest(h());
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? second.audit : h().ctx.audit).append({
            actorAccountId: null,
            action: 'test.two_instances',
            targetId: String(i),
          }),
        ),
      );
      // Both sequencers race; at most one wins each size, the loser rolls back and retries later.
      const results = await Promise.allSettled([h().ctx.log.sequence(), second.log.sequence()]);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      await h().ctx.log.sequence();
      const after = await latest(h());
      expect(after.treeSize).toBe(before.treeSize + 40);
      const leaves = await leavesInOrder(h());
      expect(leaves.length).toBe(after.treeSize);
      expect(after.rootHash).toBe(mth(leaves.map(naiveLeaf)));
    });
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const count = async () => (await h().ctx.db.selectFrom('audit_log').select('seq').execute()).length;
    const before = await count();
    await expect(
      h()
        .ctx.db.transaction()
        .execute(async (trx) => {
          await h().ctx.audit.append({ actorAccountId: null, action: 'test.rolled_back' }, trx);
          await sql`select * from no_such_table`.execute(trx);
        }),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
  });

  it('serves inclusion proofs that verify against the checkpoint, for every entry', async () => {
    await appendSome(h(), 5, 'test.proof');
    await h().ctx.log.sequence();
    await appendSome(h(), 3, 'test.proof');
    await h().ctx.log.sequence();
    const cp = await latest(h());
    const leaves = await leavesInOrder(h());
    for (const l of leaves) {
      const res = await h().app.inject({ method: 'GET', url: `/api/v1/log/entries/${l.seq}/proof` });
      expect(res.statusCode).toBe(200);
      const p = res.json();
      const leafHash = createHash('sha256').update(Buffer.of(0)).update(naiveLeaf(l)).digest('hex');
      expect([p.leafIndex, p.leafHash, p.checkpoint]).toEqual([l.leaf_index, leafHash, cp]);
      expect(await verifyInclusion(webSha, p.leafIndex, cp.treeSize, p.leafHash, p.proof, cp.rootHash)).toBe(true);
      // Only receipts (ballots, certificates, council decisions) show their content publicly.
      expect(p.entry).toBe(PUBLIC_LOG_ACTIONS.includes(l.action) ? naiveLeaf(l).toString() : null);
    }
    // Against an older checkpoint too.
    const old = (await h().ctx.log.checkpoints(2))[1];
    if (!old) throw new Error('no older checkpoint');
    const first = leaves[0];
    if (!first) throw new Error('no leaf');
    const res = await h().app.inject({ method: 'GET', url: `/api/v1/log/entries/${first.seq}/proof?treeSize=${old.treeSize}` });
    const p = res.json();
    expect([res.statusCode, p.error]).toEqual([200, undefined]);
    expect(p.checkpoint).toEqual(old);
    expect(await verifyInclusion(webSha, 0, old.treeSize, p.leafHash, p.proof, old.rootHash)).toBe(true);
  });

  it('serves consistency proofs between every stored checkpoint and the latest', async () => {
    const all = await h().ctx.log.checkpoints(500);
    const newest = all[0];
    if (!newest) throw new Error('no checkpoint');
    for (const c of all) {
      const res = await h().app.inject({
        method: 'GET',
        url: `/api/v1/log/consistency?first=${c.treeSize}&second=${newest.treeSize}`,
      });
      expect(res.statusCode).toBe(200);
      expect(await verifyConsistency(webSha, c.treeSize, newest.treeSize, c.rootHash, newest.rootHash, res.json().proof)).toBe(
        true,
      );
    }
    const history = await h().app.inject({ method: 'GET', url: `/api/v1/log/checkpoints?limit=2&before=${newest.treeSize}` });
    expect(history.json()).toEqual(all.slice(1, 3));
    const latestRes = await h().app.inject({ method: 'GET', url: '/api/v1/log/checkpoint' });
    expect(latestRes.json()).toEqual(newest);
  });

  it('answers bad proof requests with a coded 4xx in the reader’s language', async () => {
    const cp = await latest(h());
    const backwards = await h().app.inject({ method: 'GET', url: `/api/v1/log/consistency?first=${cp.treeSize}&second=1` });
    expect([backwards.statusCode, backwards.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const beyond = await h().app.inject({ method: 'GET', url: `/api/v1/log/consistency?first=1&second=${cp.treeSize + 1}` });
    expect([beyond.statusCode, beyond.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const zero = await h().app.inject({ method: 'GET', url: '/api/v1/log/consistency?first=0&second=1' });
    expect([zero.statusCode, zero.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await h().app.inject({ method: 'GET', url: '/api/v1/log/entries/999999999/proof' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
    await h().ctx.audit.append({ actorAccountId: null, action: 'test.pending' });
    const seq = (
      await h().ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.pending').executeTakeFirstOrThrow()
    ).seq;
    const pending = await h().app.inject({
      method: 'GET',
      url: `/api/v1/log/entries/${seq}/proof`,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect([pending.statusCode, pending.json().error.code, pending.json().error.message]).toEqual([
      409,
      'LOG_PENDING',
      '这条记录刚刚写入，尚未进入公开日志，请一秒后再试',
    ]);
    await h().ctx.log.sequence();
  });

  it('verifies an intact log with the command (exit 0), with and without a saved checkpoint', async () => {
    await h().ctx.log.sequence();
    const cp = await latest(h());
    const file = path.join(h().testDb.dataDir, 'saved-checkpoint.json');
    fs.writeFileSync(file, JSON.stringify(cp));
    const plain = verifyCli(h());
    expect(plain.out).toBe(
      `audit log verified: ${cp.treeSize} entries in the tree, ${(await h().ctx.log.checkpoints(500)).length} signed checkpoints consistent; 0 pending\n`,
    );
    expect(plain.code).toBe(0);
    const withSaved = verifyCli(h(), '--checkpoint', file);
    expect(withSaved.out).toContain(`saved checkpoint of size ${cp.treeSize} matches`);
    expect(withSaved.code).toBe(0);
  }, 90_000);

  /** Copies of the log's tables, to put back after each tampering. */
  async function snapshot() {
    const db = h().ctx.db;
    return {
      entries: await db.selectFrom('audit_log').selectAll().execute(),
      nodes: await db.selectFrom('log_nodes').selectAll().execute(),
      checkpoints: await db.selectFrom('log_checkpoints').selectAll().execute(),
    };
  }
  async function restore(s: Awaited<ReturnType<typeof snapshot>>) {
    const db = h().ctx.db;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('audit_log').execute();
      await trx.deleteFrom('log_nodes').execute();
      await trx.deleteFrom('log_checkpoints').execute();
      for (let i = 0; i < s.entries.length; i += 200)
        await trx
          .insertInto('audit_log')
          .values(s.entries.slice(i, i + 200))
          .execute();
      for (let i = 0; i < s.nodes.length; i += 500)
        await trx
          .insertInto('log_nodes')
          .values(s.nodes.slice(i, i + 500))
          .execute();
      for (const c of s.checkpoints) await trx.insertInto('log_checkpoints').values(c).execute();
    });
  }
  const savedFile = () => path.join(h().testDb.dataDir, 'saved-checkpoint.json');

  it('fails verification when an entry is edited (exit 1, naming its leaf)', async () => {
    const s = await snapshot();
    const victim = (await leavesInOrder(h()))[3];
    if (!victim) throw new Error('no leaf');
    await h().ctx.db.updateTable('audit_log').set({ action: 'auth.login' }).where('seq', '=', victim.seq).execute();
    const r = verifyCli(h(), '--checkpoint', savedFile());
    expect([r.code, r.out]).toEqual([1, `audit log broken: entry at leaf 3 (seq ${victim.seq}) was edited\n`]);
    // Even with the stored leaf hash rewritten to match, the signed roots no longer do.
    const fixed = createHash('sha256')
      .update(Buffer.of(0))
      .update(naiveLeaf({ ...victim, action: 'auth.login' }))
      .digest('hex');
    await h().ctx.db.updateTable('log_nodes').set({ hash: fixed }).where('level', '=', 0).where('idx', '=', 3).execute();
    const r2 = verifyCli(h());
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/^audit log broken: the entries do not match the checkpoint of size \d+\n$/);
    await restore(s);
  }, 90_000);

  it('fails verification when an entry is deleted', async () => {
    const s = await snapshot();
    const victim = (await leavesInOrder(h()))[2];
    if (!victim) throw new Error('no leaf');
    await h().ctx.db.deleteFrom('audit_log').where('seq', '=', victim.seq).execute();
    const r = verifyCli(h(), '--checkpoint', savedFile());
    expect([r.code, r.out]).toEqual([1, 'audit log broken: entry at leaf 2 is missing\n']);
    await restore(s);
  }, 90_000);

  /** The newest stored checkpoint size below the saved one: the state an attacker rolls back to. */
  async function previousSize(saved: number) {
    const prev = (await h().ctx.log.checkpoints(1, saved))[0];
    if (!prev) throw new Error('no earlier checkpoint');
    return prev.treeSize;
  }

  /** Removes every tree node and checkpoint beyond `size` leaves. */
  async function cutTreeTo(size: number) {
    const db = h().ctx.db;
    await db.deleteFrom('log_checkpoints').where('tree_size', '>', size).execute();
    await db.deleteFrom('log_nodes').where(sql<boolean>`idx * (1 << level) + (1 << level) > ${size}`).execute();
  }

  it('fails verification against a saved checkpoint when the tail is cut off (entries, nodes and checkpoints)', async () => {
    const s = await snapshot();
    const saved = JSON.parse(fs.readFileSync(savedFile(), 'utf8')) as { treeSize: number };
    const keep = await previousSize(saved.treeSize);
    await h().ctx.db.deleteFrom('audit_log').where('leaf_index', '>=', keep).execute();
    await cutTreeTo(keep);
    // What is left is a consistent, smaller log: only the witness copy shows what is gone.
    expect(verifyCli(h()).code).toBe(0);
    const r = verifyCli(h(), '--checkpoint', savedFile());
    expect([r.code, r.out]).toEqual([
      1,
      `audit log broken: log cut short: the saved checkpoint has ${saved.treeSize} entries, the log ${keep}\n`,
    ]);
    await restore(s);
  }, 90_000);

  it('fails verification against a saved checkpoint when the newest entry is rewritten and re-signed', async () => {
    const s = await snapshot();
    const saved = JSON.parse(fs.readFileSync(savedFile(), 'utf8')) as { treeSize: number };
    const db = h().ctx.db;
    const from = await previousSize(saved.treeSize);
    // Someone with the database and the key rewrites the newest entry and rebuilds the tree:
    // the entries after the previous checkpoint are sequenced again, in the same order.
    await db
      .updateTable('audit_log')
      .set({ action: 'test.rewritten' })
      .where('leaf_index', '=', saved.treeSize - 1)
      .execute();
    await db.updateTable('audit_log').set({ leaf_index: null }).where('leaf_index', '>=', from).execute();
    await cutTreeTo(from);
    await h().ctx.log.sequence();
    expect((await latest(h())).treeSize).toBe(saved.treeSize);
    expect(verifyCli(h()).code).toBe(0);
    const r = verifyCli(h(), '--checkpoint', savedFile());
    expect([r.code, r.out]).toEqual([
      1,
      `audit log broken: log rewritten: its checkpoint of size ${saved.treeSize} differs from the saved one\n`,
    ]);
    await restore(s);
    expect(verifyCli(h(), '--checkpoint', savedFile()).code).toBe(0);
  }, 90_000);
});
