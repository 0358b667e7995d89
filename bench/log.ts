/**
 * Benchmark of the audit log's Merkle tree (ADR 0003): how many entries per second the sequencer
 * takes into the tree, and how long an inclusion and a consistency proof take at that size.
 *
 *   npx tsx bench/log.ts            # 1,000,000 entries on SQLite, 200,000 on PostgreSQL; writes bench/results/log.md
 *   npx tsx bench/log.ts --short    # 20,000 each; writes bench/results/log.short.tmp
 */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { createContext } from '../apps/server/src/context';
import { openDatabase } from '../apps/server/src/db/database';
import { migrateToLatest } from '../apps/server/src/db/migrate';
import { verifyConsistency, verifyInclusion } from '../packages/shared/src/index';
import { pct } from './lib/timing';

const short = process.argv.includes('--short');
const SIZES = { sqlite: short ? 20_000 : 1_000_000, postgres: short ? 20_000 : 200_000 };
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const outFile = path.join(import.meta.dirname, 'results', short ? 'log.short.tmp' : 'log.md');
const sha = async (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

async function run(dialect: 'sqlite' | 'postgres', n: number) {
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'lianxin-bench-log-'));
  let url: string | undefined;
  const dbName = `lx_bench_log_${Date.now().toString(36)}`;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const database = openDatabase(url ? { databaseUrl: url, poolSize: 10 } : { sqliteFile: path.join(dataDir, 'lianxin.db') });
  try {
    await migrateToLatest(database.db);
    const ctx = createContext(loadConfig({ LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: dataDir, LIANXIN_DEMO: 'off' }), database);
    // Entries shaped like real ones (an order taken: ids, a target, small details).
    const at = new Date(0).toISOString();
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        at,
        actor_account_id: `acct${(i + j) % 5000}`,
        on_behalf_of: null,
        channel: null,
        action: 'order.taken',
        target_type: 'order',
        target_id: `order${i + j}`,
        node_id: 'compound1',
        details: JSON.stringify({ volunteer: `v${(i + j) % 300}` }),
        leaf_index: null,
      }));
      await database.db.insertInto('audit_log').values(rows).execute();
    }
    const t0 = performance.now();
    let done = 0;
    while (done < n) done += await ctx.log.sequence(60_000, 5000);
    const seqMs = performance.now() - t0;
    const cp = await ctx.log.latestCheckpoint();
    if (!cp || cp.treeSize !== n) throw new Error('tree size mismatch');
    // Proofs for leaves spread over the tree, against the latest checkpoint, each verified.
    const incl: number[] = [];
    for (let k = 0; k < 200; k++) {
      const i = Math.floor(((k * 7919) % 200) * (n / 200));
      const s = performance.now();
      const proof = await ctx.log.inclusionProof(i, n);
      incl.push(performance.now() - s);
      const leaf = (
        await database.db
          .selectFrom('log_nodes')
          .select('hash')
          .where('level', '=', 0)
          .where('idx', '=', i)
          .executeTakeFirstOrThrow()
      ).hash;
      if (!(await verifyInclusion(sha, i, n, leaf, proof, cp.rootHash))) throw new Error('inclusion proof failed');
    }
    const cons: number[] = [];
    const older = await ctx.log.checkpoints(50);
    for (const c of older) {
      const s = performance.now();
      const proof = await ctx.log.consistencyProof(c.treeSize, n);
      cons.push(performance.now() - s);
      if (!(await verifyConsistency(sha, c.treeSize, n, c.rootHash, cp.rootHash, proof)))
        throw new Error('consistency proof failed');
    }
    const v0 = performance.now();
    const verified = await ctx.log.verify(ctx.logSigner().publicKeyRaw);
    const verifyMs = performance.now() - v0;
    if (!verified.ok) throw new Error('verify failed');
    await ctx.bus.close();
    return { dialect, n, perSec: Math.round(n / (seqMs / 1000)), seqMs, incl, cons, verifyMs };
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dialect === 'postgres') {
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

const loadBefore = loadavg()[0]?.toFixed(2);
const results = [];
for (const d of ['sqlite', 'postgres'] as const) {
  console.log(`log bench: ${d}, ${SIZES[d]} entries…`);
  results.push(await run(d, SIZES[d]));
}
const f = (x: number) => x.toFixed(2);
const md = `# Audit log (Merkle tree) benchmark

${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}; load average ${loadBefore} at start, ${loadavg()[0]?.toFixed(2)} at the end (other engineers' processes share this machine).

Entries are inserted unsequenced (as writers leave them), then the sequencer runs batches of 5,000
until all are leaves: each batch reads the right edge, hashes the leaves and the nodes they
complete, stores them, marks the entries and signs one Ed25519 checkpoint. Inclusion proofs: 200
leaves spread over the tree, against the latest checkpoint; consistency proofs: from each of the
last 50 checkpoints to the latest. Every proof is verified (not timed). "full verify" is
\`lianxin audit verify\`'s work: every leaf recomputed, the tree rebuilt, every checkpoint's
signature and root checked.

| database | entries | sequenced per second | inclusion proof p50 / p99 ms | consistency proof p50 / p99 ms | full verify s |
|---|---:|---:|---:|---:|---:|
${results
  .map(
    (r) =>
      `| ${r.dialect} | ${r.n.toLocaleString('en')} | ${r.perSec.toLocaleString('en')} | ${f(pct(r.incl, 50))} / ${f(pct(r.incl, 99))} | ${f(pct(r.cons, 50))} / ${f(pct(r.cons, 99))} | ${(r.verifyMs / 1000).toFixed(1)} |`,
  )
  .join('\n')}

A proof reads about log2(n) stored nodes in one query, so its time grows with the depth of the
tree (20 levels at 1 million, 24 at 10 million), not with its size; 10 million leaves were not
built here (the shared machine), see the report of the issue.
`;
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, md);
console.log(md);
