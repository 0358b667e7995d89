import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { type LeafRow, leafData, leafHash } from './merkle';

// "The hash covers every field" (issue #21): each of the entry's fields is in its leaf, so
// changing any one of them changes the leaf hash and breaks verification.

const ROW: LeafRow = {
  seq: 42,
  at: '2026-12-01T01:02:03.456Z',
  actor_account_id: 'acc-actor',
  on_behalf_of: 'person-elder',
  channel: 'phone',
  action: 'order.placed',
  target_type: 'order',
  target_id: 'order-7',
  node_id: 'wuxingaz',
  details: '{"category":"meals"}',
};
const FIELDS = Object.keys(ROW) as Array<keyof LeafRow>;

describe('audit leaf', () => {
  it('is the JSON array of every field in the documented order', () => {
    expect(leafData(ROW)).toBe(
      '[42,"2026-12-01T01:02:03.456Z","acc-actor","person-elder","phone","order.placed","order","order-7","wuxingaz","{\\"category\\":\\"meals\\"}"]',
    );
    expect(leafHash(leafData(ROW))).toBe(leafHash(Buffer.from(leafData(ROW))));
  });

  it('changes its hash when any one field changes, each to a different hash', () => {
    const base = leafHash(leafData(ROW));
    const changed = FIELDS.map((f) => leafHash(leafData({ ...ROW, [f]: f === 'seq' ? 43 : `${String(ROW[f])}x` })));
    expect(changed).not.toContain(base);
    expect(new Set(changed).size).toBe(FIELDS.length);
    // null and the absent value are different facts ("nobody acted for them" is recorded too)
    const nulls = FIELDS.filter((f) => f !== 'seq').map((f) => leafHash(leafData({ ...ROW, [f]: null })));
    expect(nulls).not.toContain(base);
    expect(new Set(nulls).size).toBe(FIELDS.length - 1);
  });
});

describeEachDialect('audit log: every stored field is covered', (h) => {
  it('stores every field of an entry as given, and verification names the entry whose any one field was edited', async () => {
    const { db } = h().ctx;
    await h().ctx.audit.append({
      actorAccountId: 'acc-guard',
      onBehalfOf: 'person-guard',
      channel: 'walk_in',
      action: 'guard.test',
      targetType: 'guard',
      targetId: 'g-1',
      nodeId: 'wuxingaz',
      details: { a: 1, b: '二' },
    });
    const row = await db.selectFrom('audit_log').selectAll().where('action', '=', 'guard.test').executeTakeFirstOrThrow();
    expect({ ...row, seq: 0, at: '', leaf_index: null }).toEqual({
      seq: 0,
      at: '',
      leaf_index: null,
      actor_account_id: 'acc-guard',
      on_behalf_of: 'person-guard',
      channel: 'walk_in',
      action: 'guard.test',
      target_type: 'guard',
      target_id: 'g-1',
      node_id: 'wuxingaz',
      details: '{"a":1,"b":"二"}',
    });
    await h().ctx.log.sequence(60_000);
    const key = h().ctx.logSigner().publicKeyRaw;
    expect(await h().ctx.log.verify(key)).toMatchObject({ ok: true });
    const leaf = (await db.selectFrom('audit_log').select('leaf_index').where('seq', '=', row.seq).executeTakeFirstOrThrow())
      .leaf_index;
    const edits = {
      at: '2020-01-01T00:00:00.000Z',
      actor_account_id: 'acc-other',
      on_behalf_of: 'person-other',
      channel: 'phone',
      action: 'guard.other',
      target_type: 'other',
      target_id: 'g-2',
      node_id: 'other-node',
      details: '{"a":2,"b":"二"}',
    } as const;
    for (const [col, value] of Object.entries(edits) as Array<[keyof typeof edits, string]>) {
      const original = row[col];
      await db
        .updateTable('audit_log')
        .set({ [col]: value })
        .where('seq', '=', row.seq)
        .execute();
      const r = await h().ctx.log.verify(key);
      await db
        .updateTable('audit_log')
        .set({ [col]: original })
        .where('seq', '=', row.seq)
        .execute();
      expect([col, r]).toEqual([
        col,
        { ok: false, leafIndex: leaf, reason: `entry at leaf ${leaf} (seq ${row.seq}) was edited` },
      ]);
    }
    expect(await h().ctx.log.verify(key)).toMatchObject({ ok: true });
  });
});
