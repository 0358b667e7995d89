import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { pngWithMetadata, SECRET } from '../../lib/uploads.fixtures';
import type { Session } from '../../test/harness';
import { describeEachDialect } from '../../test/harness';
import { legacyPhotoUploadId, moveOrderPhotos } from './orders.photos';
import { PHONES, windowSoon } from './orders.test-helpers';

/** Orders written before photos went to the uploads kept them as base64 in the row. */
describeEachDialect('orders.photos move to uploads', (h) => {
  let resident: Session;
  let volunteer: Session;
  const legacy: string[] = [];
  let broken = '';
  const png = pngWithMetadata();

  beforeAll(async () => {
    resident = await h().login(PHONES.resident);
    volunteer = await h().login(PHONES.volunteer);
    for (let i = 0; i < 4; i++) {
      const res = await h().as(resident, {
        method: 'POST',
        url: '/api/v1/orders',
        payload: { category: 'shopping', description: `旧照片${i}`, ...windowSoon() },
      });
      const id = res.json().id as string;
      await h().as(volunteer, { method: 'POST', url: `/api/v1/orders/${id}/take` });
      // the state the old code left: the photo in the row
      const bytes = i === 3 ? Buffer.from('not a picture any more') : png;
      await h()
        .ctx.db.updateTable('orders')
        .set({ photo_mime: 'image/png', photo_base64: bytes.toString('base64') })
        .where('id', '=', id)
        .execute();
      if (i === 3) broken = id;
      else legacy.push(id);
    }
    legacy.sort();
  });

  const uploadsOf = (ids: string[]) =>
    h()
      .ctx.db.selectFrom('uploads')
      .select(['id', 'owner_type', 'owner_id', 'visibility', 'account_id', 'mime'])
      .where('owner_id', 'in', ids)
      .orderBy('owner_id')
      .execute();
  const stillInRow = async (ids: string[]) =>
    (
      await h()
        .ctx.db.selectFrom('orders')
        .select('id')
        .where('id', 'in', ids)
        .where('photo_base64', 'is not', null)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
  const file = (orderId: string) => path.join(h().testDb.dataDir, 'uploads', legacyPhotoUploadId(orderId));

  it('killed after writing the second file, leaves the first moved and the rest in the rows; the re-run finishes, once', async () => {
    const [first, second, third] = legacy as [string, string, string];
    const kill = new Error('killed');
    await expect(
      moveOrderPhotos({
        ...h().ctx,
        onStep: (step, orderId) => {
          if (step === 'file-written' && orderId === second) throw kill;
        },
      }),
    ).rejects.toBe(kill);
    expect(await stillInRow([...legacy, broken])).toEqual([second, third, broken].sort());
    expect((await uploadsOf(legacy)).map((u) => u.owner_id)).toEqual([first]);
    expect(fs.existsSync(file(second))).toBe(true);
    expect(fs.existsSync(file(third))).toBe(false);

    const again = await moveOrderPhotos(h().ctx);
    expect(again).toEqual({ moved: 2, kept: [broken] });
    expect(await stillInRow([...legacy, broken])).toEqual([broken]);
    expect(await uploadsOf([...legacy, broken])).toEqual(
      legacy.map((orderId) => ({
        id: legacyPhotoUploadId(orderId),
        owner_type: 'order',
        owner_id: orderId,
        visibility: 'private',
        account_id: volunteer.accountId,
        mime: 'image/png',
      })),
    );
    for (const orderId of legacy) {
      const bytes = fs.readFileSync(file(orderId));
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.includes(SECRET)).toBe(false);
    }
    // done: nothing more to move, nothing duplicated; the undecodable one is still in its row
    expect(await moveOrderPhotos(h().ctx)).toEqual({ moved: 0, kept: [broken] });
    expect((await uploadsOf(legacy)).length).toBe(3);
  });

  it('serves a moved photo through the order, to the resident and the volunteer', async () => {
    for (const who of [resident, volunteer]) {
      const detail = await h().as(who, { url: `/api/v1/orders/${legacy[0]}` });
      expect(detail.json().hasPhoto).toBe(true);
      const photo = await h().as(who, { url: `/api/v1/orders/${legacy[0]}/photo` });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.rawPayload.equals(fs.readFileSync(file(legacy[0] as string)))).toBe(true);
    }
  });
});
