import { expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness';
import { AppError } from './errors';
import { claimImages } from './uploads';

/**
 * The promise of claimImages (lib/uploads.ts; docs/promises.md rows 38–40): "every id must be one
 * the account uploaded to the same node and not yet attached, else 400 naming the field". Each
 * condition alone refuses the whole claim; in the caller's transaction nothing is attached.
 */
describeEachDialect(
  'uploads: claiming an upload',
  (h) => {
    const ME = 'acct-me';
    const claim = { accountId: ME, nodeId: 'longshengaz', ownerType: 'order', ownerId: 'order-1' };
    const upload = (id: string, over: { node_id?: string; account_id?: string; owner_id?: string } = {}) => ({
      id,
      node_id: 'longshengaz',
      account_id: ME,
      mime: 'image/jpeg',
      bytes: 100,
      visibility: 'members',
      owner_type: over.owner_id ? 'order' : null,
      owner_id: null,
      created_at: '2026-12-06T00:00:00.000Z',
      ...over,
    });
    const owners = async () =>
      (
        await h()
          .ctx.db.selectFrom('uploads')
          .select(['id', 'owner_type', 'owner_id', 'visibility'])
          .where('id', 'like', 'up-%')
          .orderBy('id')
          .execute()
      ).map((u) => `${u.id}:${u.owner_type ?? '-'}:${u.owner_id ?? '-'}:${u.visibility}`);
    /** Claims inside a transaction, as every caller does; the refusal's field, or 'claimed'. */
    const tryClaim = (ids: string[], c: Parameters<typeof claimImages>[2] = claim) =>
      h()
        .ctx.db.transaction()
        .execute((trx) => claimImages(trx, ids, c, 'photoIds'))
        .then(
          () => 'claimed',
          (e: unknown) => {
            if (!(e instanceof AppError)) throw e;
            return [e.status, e.code, (e.details as { fields: unknown[] }).fields];
          },
        );
    const refused = [400, 'VALIDATION_FAILED', [{ path: 'photoIds', reason: 'unknown_upload' }]];

    it('refuses an upload of another node, of another account or already attached — each alone, with the good one beside it', async () => {
      await h()
        .ctx.db.insertInto('uploads')
        .values([
          upload('up-1'),
          upload('up-2-other-node', { node_id: 'wuxing' }),
          upload('up-3-other-account', { account_id: 'acct-other' }),
          upload('up-4-attached', { owner_id: 'order-0' }),
        ])
        .execute();
      const before = await owners();
      expect(
        await Promise.all([
          tryClaim(['up-1', 'up-2-other-node']),
          tryClaim(['up-1', 'up-3-other-account']),
          tryClaim(['up-1', 'up-4-attached']),
          tryClaim(['up-1', 'up-9-unknown']),
        ]),
      ).toEqual([refused, refused, refused, refused]);
      // The transaction took nothing back half-done: up-1 is still free.
      expect(await owners()).toEqual(before);
    });

    it('attaches exactly the ids named, once each, with the visibility asked for', async () => {
      await h()
        .ctx.db.insertInto('uploads')
        .values([upload('up-5'), upload('up-6'), upload('up-7')])
        .execute();
      expect(await tryClaim(['up-5', 'up-6', 'up-5'], { ...claim, visibility: 'public' })).toBe('claimed');
      expect(await tryClaim([])).toBe('claimed');
      expect((await owners()).filter((o) => ['up-5', 'up-6', 'up-7'].some((id) => o.startsWith(`${id}:`)))).toEqual([
        'up-5:order:order-1:public',
        'up-6:order:order-1:public',
        'up-7:-:-:members',
      ]);
      // A second claim of one of them is refused: it is attached now.
      expect(await tryClaim(['up-5'], { ...claim, ownerId: 'order-2' })).toEqual(refused);
    });
  },
  { demo: true },
);
