/**
 * Images for tests: real, decodable JPEG/PNG/WebP files (8 × 6 pixels, the left half red, the right
 * half blue; 2 × 2 for the PNG) carrying metadata we must strip (GPS in EXIF, XMP, IPTC, comments,
 * PNG text chunks, trailers). The marker string SECRET_GPS lets a test prove the bytes are gone.
 */
import zlib from 'node:zlib';

export const SECRET = 'SECRET_GPS_28.1N_113.1E';

function seg(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** An EXIF APP1 body (big-endian TIFF) with Orientation and a string carrying the secret. */
function exifBody(orientation: number): Buffer {
  const text = Buffer.from(`${SECRET}\0`, 'latin1');
  const t = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  t.writeUInt16BE(2, 8);
  // Orientation
  t.writeUInt16BE(0x0112, 10);
  t.writeUInt16BE(3, 12);
  t.writeUInt32BE(1, 14);
  t.writeUInt16BE(orientation, 18);
  // ImageDescription pointing at the secret text after the IFD
  t.writeUInt16BE(0x010e, 22);
  t.writeUInt16BE(2, 24);
  t.writeUInt32BE(text.length, 26);
  t.writeUInt32BE(t.length, 30);
  t.writeUInt32BE(0, 34);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t, text]);
}

/** An 8 × 6 baseline JPEG (left half red, right half blue), as libjpeg wrote it: SOI, DQT, SOF0, DHT, SOS, data, EOI. */
const JPEG_8X6 = Buffer.from(
  '/9j/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAYEAEAAwEAAAAAAAAAAAAAAAAAB0WDwv/EABUBAQEAAAAAAAAAAAAAAAAAAAYI/8QAGxEAAAcBAAAAAAAAAAAAAAAAAAMEBzaDswX/2gAMAwEAAhEDEQA/AI2lWr14AXCyUA51u5gVu/N19eJY/9k=',
  'base64',
);

/** The 8 × 6 JPEG with APP0, APP1 EXIF (orientation, secret), APP1 XMP, APP13 IPTC, COM and a trailer. */
export function jpegWithMetadata(orientation = 6): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, exifBody(orientation)),
    seg(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`, 'latin1')),
    seg(0xed, Buffer.from(`Photoshop 3.0\0${SECRET}`, 'latin1')),
    seg(0xfe, Buffer.from(SECRET, 'latin1')),
    JPEG_8X6.subarray(2),
    Buffer.from(`trailer ${SECRET}`, 'latin1'),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A real 2×2 RGB PNG with tEXt, iTXt, zTXt and eXIf chunks carrying the secret. */
export function pngWithMetadata(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${SECRET}`, 'latin1')),
    chunk('eXIf', exifBody(1).subarray(6)),
    chunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${SECRET}`, 'latin1')),
    chunk('zTXt', Buffer.concat([Buffer.from('Raw\0\0', 'latin1'), zlib.deflateSync(Buffer.from(SECRET))])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** The VP8L (lossless) bitstream of the same 8 × 6 picture. */
const VP8L_8X6 = Buffer.from('UklGRiQAAABXRUJQVlA4TBcAAAAvB0ABAA8Q87//8x8OAIJI8N9rIqL/IQA=', 'base64').subarray(20, 20 + 0x17);

/** An extended WebP (VP8X with EXIF and XMP flags) carrying the secret in EXIF and XMP chunks. */
export function webpWithMetadata(): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04;
  vp8x.writeUIntLE(8 - 1, 4, 3);
  vp8x.writeUIntLE(6 - 1, 7, 3);
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    riffChunk('VP8L', VP8L_8X6),
    riffChunk('EXIF', exifBody(1).subarray(6)),
    riffChunk('XMP ', Buffer.from(`<x:xmpmeta>${SECRET}</x:xmpmeta>`, 'latin1')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/** A valid-looking PNG of a few hundred bytes whose header claims `width` × `height` pixels. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of an iPhone photo: an ISO-BMFF `ftyp` box with the HEIC brand. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(200)]);
}

/** A multipart/form-data body with one file part, for app.inject. */
export function multipartBody(filename: string, contentType: string, data: Buffer, field = 'file') {
  const boundary = `----lianxin${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A real iPhone-style photo: 64 × 48 red, HEVC in HEIF, made by libheif's heif-enc (x265) from a
 * JPEG. The environment blocker test decodes it with sharp to show the prebuilt libvips still cannot.
 */
export const REAL_HEIC = Buffer.from(
  'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAaptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAACAAAAEGlkYXQAAAAAAEAAMAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHOAAEAAAAAAAAAHgACAAEAAAAAAAAAAQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADVaXBycAAAALNpcGNvAAAAc2h2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACdCAQEDcAAAAwCQAAADAAADAB6gIIEFlurkprmwIAAAAwAgAAADACEiAAEABkQBwXPAiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlzcGUAAAAAAAAAQAAAADAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGltZwACAAEAAQAAACZtZGF0AAAAGigBrxOA+BDhp//8TSj/+nXPD9PMe/OikM+A',
  'base64',
);
