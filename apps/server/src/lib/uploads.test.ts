import { IMAGE_LIMITS } from '@lianxin/shared';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness';
import { AppError } from './errors';
import {
  heicHeader,
  jpegWithMetadata,
  multipartBody,
  pngClaiming,
  pngWithMetadata,
  REAL_HEIC,
  SECRET,
  webpWithMetadata,
} from './uploads.fixtures';
import { cleanImage, sniffImage } from './uploads-image';

/** The colour of a pixel of an image, as [r, g, b] rounded to 0 or 255. */
async function pixel(buf: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(buf).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]].map((v) => ((v as number) > 127 ? 255 : 0));
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, status: err.status, details: err.details };
    throw err;
  }
  throw new Error('not refused');
}

describe('uploads.cleanImage', () => {
  it('re-encodes a JPEG upright by its EXIF orientation, with no EXIF/GPS, XMP, IPTC, comment or trailer', async () => {
    const out = await cleanImage(jpegWithMetadata(6));
    expect(out.mime).toBe('image/jpeg');
    expect(out.data.includes(SECRET)).toBe(false);
    // orientation 6 is "rotate 90° clockwise": 8 × 6 becomes 6 × 8, the red left half now on top
    expect([out.width, out.height]).toEqual([6, 8]);
    expect(await pixel(out.data, 2, 0)).toEqual([255, 0, 0]);
    expect(await pixel(out.data, 2, 7)).toEqual([0, 0, 255]);
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('keeps an upright JPEG as it is drawn', async () => {
    const out = await cleanImage(jpegWithMetadata(1));
    expect([out.width, out.height]).toEqual([8, 6]);
    expect(await pixel(out.data, 0, 0)).toEqual([255, 0, 0]);
    expect(await pixel(out.data, 7, 0)).toEqual([0, 0, 255]);
  });

  it('drops tEXt, iTXt, zTXt and eXIf chunks from a PNG and keeps its pixels', async () => {
    const out = await cleanImage(pngWithMetadata());
    expect(out.mime).toBe('image/png');
    expect(out.data.includes(SECRET)).toBe(false);
    for (const t of ['tEXt', 'iTXt', 'zTXt', 'eXIf']) expect(out.data.includes(t)).toBe(false);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect(await pixel(out.data, 0, 0)).toEqual([255, 0, 0]);
    expect(await pixel(out.data, 1, 1)).toEqual([255, 255, 255]);
  });

  it('drops EXIF and XMP from a WebP', async () => {
    const out = await cleanImage(webpWithMetadata());
    expect(out.mime).toBe('image/webp');
    expect(out.data.includes(SECRET)).toBe(false);
    expect(out.data.includes('EXIF')).toBe(false);
    expect([out.width, out.height]).toEqual([8, 6]);
  });

  it('refuses a PNG of a few hundred bytes claiming 60000 × 60000 pixels with 413 IMAGE_TOO_LARGE, before decoding', async () => {
    const png = pngClaiming(60_000, 60_000);
    expect(png.length).toBeLessThan(1000);
    expect(await refusal(cleanImage(png))).toEqual({
      code: 'IMAGE_TOO_LARGE',
      status: 413,
      details: { maxPixels: IMAGE_LIMITS.maxPixels, width: 60_000, height: 60_000 },
    });
  });

  it('refuses an HEIC without an image, anything else that is not JPEG/PNG/WebP/HEIC and a truncated JPEG with 415 UNSUPPORTED_IMAGE', async () => {
    expect(await refusal(cleanImage(heicHeader()))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      status: 415,
      details: { reason: 'undecodable' },
    });
    expect(await refusal(cleanImage(Buffer.from('GIF89a……')))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      status: 415,
      details: undefined,
    });
    expect(await refusal(cleanImage(Buffer.from('<svg onload="alert(1)"></svg>')))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      status: 415,
      details: undefined,
    });
    expect(await refusal(cleanImage(jpegWithMetadata().subarray(0, 200)))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      status: 415,
      details: { reason: 'undecodable' },
    });
  });

  it("decodes an iPhone's HEVC HEIC photo (which the prebuilt libvips cannot) with libheif in WebAssembly and stores it as JPEG", async () => {
    // sharp reads the header but has no HEVC decoder (libde265): this is why heic-decode is used.
    await expect(sharp(REAL_HEIC).png().toBuffer()).rejects.toThrow(/HEVC/);
    const clean = await cleanImage(REAL_HEIC);
    expect([clean.mime, clean.width, clean.height, sniffImage(clean.data)]).toEqual(['image/jpeg', 64, 48, 'image/jpeg']);
    const { data, info } = await sharp(clean.data).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([64, 48, 3]);
    // The fixture is plain red: every pixel stays red through HEVC and JPEG.
    const [r, g, b] = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
    expect([r > 200, g < 60, b < 60]).toEqual([true, true, true]);
    expect((await sharp(clean.data).metadata()).exif).toBeUndefined();
  });

  it('refuses an HEIC whose header claims 8000 × 8000 pixels for a 64 × 48 picture (libheif finds the header inconsistent) with 415', async () => {
    // A real photo over the limit (more than 50 million pixels) is refused from its header by
    // cleanHeic before decoding; a forged header is already refused by libheif's own checks.
    const forged = Buffer.from(REAL_HEIC);
    const ispe = forged.indexOf('ispe', 0, 'latin1');
    expect(ispe).toBeGreaterThan(0);
    forged.writeUInt32BE(8_000, ispe + 8);
    forged.writeUInt32BE(8_000, ispe + 12);
    expect(await refusal(cleanImage(forged))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      status: 415,
      details: { reason: 'undecodable' },
    });
  });

  it('recognises images by content, not by name', () => {
    expect(sniffImage(jpegWithMetadata())).toBe('image/jpeg');
    expect(sniffImage(pngWithMetadata())).toBe('image/png');
    expect(sniffImage(webpWithMetadata())).toBe('image/webp');
    expect(sniffImage(heicHeader())).toBe('heic');
    expect(sniffImage(Buffer.from('GIF89a……'))).toBeNull();
  });
});

describeEachDialect('uploads routes', (h) => {
  it('stores a photo without its metadata and serves it to members of the compound only', async () => {
    const s = await h().login('19900000004'); // committee member at longshengaz
    const up = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('plot.txt', 'text/plain', jpegWithMetadata()),
    });
    expect(up.statusCode).toBe(201);
    const img = up.json().images[0] as { id: string; mime: string; bytes: number };
    expect(img.mime).toBe('image/jpeg');
    const got = await h().as(s, { method: 'GET', url: `/api/v1/uploads/${img.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.rawPayload.includes(SECRET)).toBe(false);
    expect(got.rawPayload.length).toBe(img.bytes);
    // a resident of another compound gets 404, as does the public
    const other = await h().login('19900000001');
    expect((await h().as(other, { method: 'GET', url: `/api/v1/uploads/${img.id}` })).statusCode).toBe(404);
    expect((await h().as(null, { method: 'GET', url: `/api/v1/uploads/${img.id}` })).statusCode).toBe(404);
  });

  it('refuses a non-image named .jpg with 415 UNSUPPORTED_IMAGE', async () => {
    const s = await h().login('19900000004');
    const res = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('photo.jpg', 'image/jpeg', Buffer.from('<script>alert(1)</script>')),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_IMAGE');
  });

  it('refuses a photo over 5 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const s = await h().login('19900000004');
    const big = Buffer.concat([jpegWithMetadata(), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const res = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('big.jpg', 'image/jpeg', big),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a PNG claiming 60000 × 60000 pixels with 413 IMAGE_TOO_LARGE naming the limit, and an HEIC without an image with 415, storing nothing', async () => {
    const s = await h().login('19900000004');
    const count = async () => (await h().ctx.db.selectFrom('uploads').select('id').execute()).length;
    const before = await count();
    const big = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('huge.png', 'image/png', pngClaiming(60_000, 60_000)),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toEqual({
      code: 'IMAGE_TOO_LARGE',
      message: '图片尺寸太大：最多 5000 万像素，请缩小后再上传',
      details: { maxPixels: IMAGE_LIMITS.maxPixels, width: 60_000, height: 60_000 },
    });
    const file = multipartBody('IMG_0001.HEIC', 'image/heic', heicHeader());
    const heic = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      payload: file.payload,
      headers: { ...file.headers, 'accept-language': 'en' },
    });
    expect([heic.statusCode, heic.json().error.code]).toEqual([415, 'UNSUPPORTED_IMAGE']);
    expect(await count()).toBe(before);
  });

  it("stores an iPhone's HEIC photo as a JPEG and serves it as one", async () => {
    const s = await h().login('19900000004');
    const res = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('IMG_0002.HEIC', 'image/heic', REAL_HEIC),
    });
    expect(res.statusCode).toBe(201);
    const [img] = res.json().images;
    const got = await h().as(s, { method: 'GET', url: `/api/v1/uploads/${img.id}` });
    expect([got.statusCode, got.headers['content-type'], sniffImage(got.rawPayload)]).toEqual([200, 'image/jpeg', 'image/jpeg']);
  });

  it('answers 404 for a node outside the caller reach and 401 without a session', async () => {
    const s = await h().login('19900000004');
    const res = await h().as(s, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=wuxingaz',
      ...multipartBody('a.png', 'image/png', pngWithMetadata()),
    });
    expect(res.statusCode).toBe(404);
    const anon = await h().as(null, {
      method: 'POST',
      url: '/api/v1/uploads?nodeId=longshengaz',
      ...multipartBody('a.png', 'image/png', pngWithMetadata()),
    });
    expect(anon.statusCode).toBe(401);
  });
});
