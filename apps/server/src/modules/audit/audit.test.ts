import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { describeEachDialect, type Harness } from '../../test/harness';
import { createAuditRepository } from './audit.repository';

const bin = path.resolve(import.meta.dirname, '../../../bin/lianxin.js');

/** Runs `lianxin audit verify` as a separate process against the test database. */
function verifyCli(h: Harness): { code: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', LIANXIN_DATA_DIR: h.testDb.dataDir };
  if (h.testDb.url) env.DATABASE_URL = h.testDb.url;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [bin, 'audit', 'verify'], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function appendSome(h: Harness, n: number) {
  for (let i = 0; i < n; i++) {
    await h.ctx.audit.append({
      actorAccountId: null,
      action: 'test.entry',
      targetType: 'test',
      targetId: String(i),
      details: { i },
    });
  }
}

async function snapshot(h: Harness) {
  return h.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
}

async function restore(h: Harness, rows: Awaited<ReturnType<typeof snapshot>>) {
  await h.ctx.db.deleteFrom('audit_log').execute();
  for (const r of rows) await h.ctx.db.insertInto('audit_log').values(r).execute();
}

/** A second app instance's audit repository on the same database: its own pool or its own file connection. */
async function withSecondInstance(
  h: Harness,
  poolSize: number,
  fn: (second: ReturnType<typeof createAuditRepository>) => Promise<void>,
) {
  const t = h.testDb;
  const other = openDatabase(t.url ? { databaseUrl: t.url, poolSize } : { sqliteFile: t.sqliteFile ?? '' });
  try {
    await fn(createAuditRepository(other.db, h.dialect));
  } finally {
    await other.close();
  }
}

describeEachDialect('audit chain', (h) => {
  it('verifies an intact chain with the command (exit 0)', async () => {
    await appendSome(h(), 6);
    const r = verifyCli(h());
    expect(r.out).toMatch(/audit chain verified: \d+ entries/);
    expect(r.code).toBe(0);
  }, 90_000);

  it('names the first edited entry and exits 1', async () => {
    const rows = await snapshot(h());
    const victim = rows[3];
    if (!victim) throw new Error('no rows');
    await h().ctx.db.updateTable('audit_log').set({ action: 'auth.login' }).where('seq', '=', victim.seq).execute();
    const r = verifyCli(h());
    expect(r.code).toBe(1);
    expect(r.out).toContain(`audit chain broken at entry ${victim.seq}: entry was edited`);
    await restore(h(), rows);
  }, 90_000);

  it('names the first missing entry when one is deleted', async () => {
    const rows = await snapshot(h());
    const victim = rows[2];
    if (!victim) throw new Error('no rows');
    await h().ctx.db.deleteFrom('audit_log').where('seq', '=', victim.seq).execute();
    const r = verifyCli(h());
    expect(r.code).toBe(1);
    expect(r.out).toContain(`audit chain broken at entry ${victim.seq}: missing entry`);
    await restore(h(), rows);
  }, 90_000);

  it('catches two entries swapped in place (reordered) at the first of them', async () => {
    const rows = await snapshot(h());
    const a = rows[1];
    const b = rows[2];
    if (!a || !b) throw new Error('no rows');
    const { seq: sa, ...restA } = a;
    const { seq: sb, ...restB } = b;
    // Swap contents (hashes included) while keeping the seq numbers.
    await h().ctx.db.deleteFrom('audit_log').where('seq', 'in', [sa, sb]).execute();
    await h()
      .ctx.db.insertInto('audit_log')
      .values({ seq: sa, ...restB })
      .execute();
    await h()
      .ctx.db.insertInto('audit_log')
      .values({ seq: sb, ...restA })
      .execute();
    const r = verifyCli(h());
    expect(r.code).toBe(1);
    expect(r.out).toContain(`audit chain broken at entry ${sa}:`);
    await restore(h(), rows);
    expect(verifyCli(h()).code).toBe(0);
  }, 90_000);

  it('keeps the chain valid under 50 simultaneous appends', async () => {
    const before = (await snapshot(h())).length;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h().ctx.audit.append({ actorAccountId: null, action: 'test.concurrent', targetId: String(i) }),
      ),
    );
    const rows = await snapshot(h());
    expect(rows.length).toBe(before + 50);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await h().ctx.audit.verify()).toEqual({ ok: true, count: before + 50 });
  });

  it('keeps one chain when two app instances append at once', async () => {
    await withSecondInstance(h(), 5, async (second) => {
      const before = (await snapshot(h())).length;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? second : h().ctx.audit).append({ actorAccountId: null, action: 'test.two_instances', targetId: String(i) }),
        ),
      );
      expect((await snapshot(h())).length).toBe(before + 40);
      expect((await h().ctx.audit.verify()).ok).toBe(true);
    });
  });

  it('rolls an audit entry back with the state change it belongs to', async () => {
    const before = (await snapshot(h())).length;
    await expect(
      h()
        .ctx.db.transaction()
        .execute(async (trx) => {
          await h().ctx.audit.append({ actorAccountId: null, action: 'test.rolled_back' }, trx);
          await sql`select * from no_such_table`.execute(trx);
        }),
    ).rejects.toThrow();
    expect((await snapshot(h())).length).toBe(before);
    expect((await h().ctx.audit.verify()).ok).toBe(true);
    // The next append goes on the real head, not on the entry that was rolled back.
    await h().ctx.audit.append({ actorAccountId: null, action: 'test.after_rollback' });
    const rows = await snapshot(h());
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)?.seq).toBe(before + 1);
    expect(await h().ctx.audit.verify()).toEqual({ ok: true, count: before + 1 });
  });

  it('appends on top of entries another instance wrote in between', async () => {
    await withSecondInstance(h(), 2, async (second) => {
      await h().ctx.audit.append({ actorAccountId: null, action: 'test.mine' });
      await second.append({ actorAccountId: null, action: 'test.theirs' });
      await second.append({ actorAccountId: null, action: 'test.theirs' });
      await h().ctx.audit.append({ actorAccountId: null, action: 'test.mine' });
      const actions = (await snapshot(h())).slice(-4).map((r) => r.action);
      expect(actions).toEqual(['test.mine', 'test.theirs', 'test.theirs', 'test.mine']);
      expect((await h().ctx.audit.verify()).ok).toBe(true);
    });
  });
});
