/**
 * Order photos live in the shared uploads (`lib/uploads.ts`), attached to the order as
 * owner_type 'order', like every other picture of the app. Orders placed before that kept the
 * photo as base64 in `orders.photo_base64`; `moveOrderPhotos` moves them out at start-up.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { DB } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { nowIso } from '../../lib/ids';
import { uploadsDir } from '../../lib/uploads';
import { cleanImage } from '../../lib/uploads-image';

/** The uploads.owner_type of an order's photo. */
export const ORDER_PHOTO_OWNER = 'order';

/**
 * The upload id an order's legacy photo moves to: derived from the order id, so that a run
 * killed after writing the file and before clearing the row writes the same file and row again.
 */
export function legacyPhotoUploadId(orderId: string): string {
  return `img_${createHash('sha256').update(`order-photo:${orderId}`).digest('base64url').slice(0, 32)}`;
}

export interface MovePhotosResult {
  moved: number;
  /** Rows whose bytes no longer decode as an image: left in place (never lost) and reported. */
  kept: string[];
}

/**
 * Moves every base64 photo out of the orders table into the uploads (file + row, re-encoded
 * without metadata, visible to the uploader and staff; the order's own route checks who may see
 * it). One order at a time: the file is written first under a fixed name, then one transaction
 * inserts the upload row (if absent) and clears the column. Killed at any point, a re-run finishes
 * the job and nothing is lost; run again when done, it finds nothing to move.
 */
export async function moveOrderPhotos(deps: {
  db: Kysely<DB>;
  config: Pick<Config, 'dataDir'>;
  /** Tests stop the run here to play a process killed at that point. */
  onStep?: (step: 'file-written' | 'moved', orderId: string) => void;
}): Promise<MovePhotosResult> {
  const { db } = deps;
  const result: MovePhotosResult = { moved: 0, kept: [] };
  let after = '';
  for (;;) {
    const batch = await db
      .selectFrom('orders')
      .select((eb) => [
        'orders.id',
        'orders.compound_id',
        'orders.photo_base64',
        'orders.done_at',
        eb
          .selectFrom('accounts')
          .select('accounts.id')
          .whereRef('accounts.person_id', '=', 'orders.volunteer_person_id')
          .orderBy('accounts.id')
          .limit(1)
          .as('account_id'),
      ])
      .where('orders.photo_base64', 'is not', null)
      .where('orders.id', '>', after)
      .orderBy('orders.id')
      .limit(20)
      .execute();
    if (batch.length === 0) return result;
    for (const o of batch) {
      after = o.id;
      if (!o.photo_base64) continue;
      let clean: Awaited<ReturnType<typeof cleanImage>>;
      try {
        clean = await cleanImage(Buffer.from(o.photo_base64, 'base64'));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.kept.push(o.id);
        continue;
      }
      const id = legacyPhotoUploadId(o.id);
      await fs.promises.writeFile(path.join(uploadsDir(deps.config), id), clean.data);
      deps.onStep?.('file-written', o.id);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('uploads')
          .values({
            id,
            node_id: o.compound_id,
            account_id: o.account_id,
            mime: clean.mime,
            bytes: clean.data.length,
            visibility: 'private',
            owner_type: ORDER_PHOTO_OWNER,
            owner_id: o.id,
            created_at: o.done_at ?? nowIso(),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await trx.updateTable('orders').set({ photo_base64: null, photo_mime: null }).where('id', '=', o.id).execute();
      });
      result.moved++;
      deps.onStep?.('moved', o.id);
    }
  }
}
