import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../test/harness';
import { jpegWithMetadata, multipartBody, pngWithMetadata, SECRET, webpWithMetadata } from './uploads.fixtures';
import { exifOrientation, sniffImage, stripMetadata } from './uploads-strip';

describe('uploads.stripMetadata', () => {
  it('removes EXIF/GPS, XMP, IPTC, comments and trailers from a JPEG but keeps the orientation', () => {
    const out = stripMetadata('image/jpeg', jpegWithMetadata(6));
    expect(out.includes(SECRET)).toBe(false);
    expect(out.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(out.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    const app1 = out.indexOf(Buffer.from([0xff, 0xe1]));
    expect(app1).toBeGreaterThan(0);
    expect(exifOrientation(out.subarray(app1 + 4, app1 + 2 + out.readUInt16BE(app1 + 2)))).toBe(6);
    // the scan data survives byte for byte, stuffing and restart markers included
    expect(out.includes(Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]))).toBe(true);
  });

  it('writes no EXIF at all when the picture is upright', () => {
    const out = stripMetadata('image/jpeg', jpegWithMetadata(1));
    expect(out.indexOf(Buffer.from([0xff, 0xe1]))).toBe(-1);
  });

  it('drops tEXt, iTXt, zTXt and eXIf chunks from a PNG and keeps pixels and pHYs', () => {
    const out = stripMetadata('image/png', pngWithMetadata());
    expect(out.includes(SECRET)).toBe(false);
    for (const t of ['tEXt', 'iTXt', 'zTXt', 'eXIf']) expect(out.includes(t)).toBe(false);
    for (const t of ['IHDR', 'IDAT', 'pHYs', 'IEND']) expect(out.includes(t)).toBe(true);
  });

  it('drops EXIF and XMP chunks from a WebP, clears their VP8X flags and fixes the RIFF size', () => {
    const out = stripMetadata('image/webp', webpWithMetadata());
    expect(out.includes(SECRET)).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    const vp8x = out.indexOf('VP8X');
    expect((out[vp8x + 8] as number) & 0x0c).toBe(0);
  });

  it('recognises images by content, not by name', () => {
    expect(sniffImage(jpegWithMetadata())).toBe('image/jpeg');
    expect(sniffImage(pngWithMetadata())).toBe('image/png');
    expect(sniffImage(webpWithMetadata())).toBe('image/webp');
    expect(sniffImage(Buffer.from('GIF89a……'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeNull();
  });

  it('rejects a truncated JPEG', () => {
    const j = jpegWithMetadata();
    expect(() => stripMetadata('image/jpeg', j.subarray(0, 40))).toThrow();
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
