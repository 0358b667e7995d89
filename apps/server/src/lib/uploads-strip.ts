/**
 * Image sniffing and metadata stripping without dependencies. A photo from a phone carries GPS
 * coordinates, the device and the time in EXIF/XMP/IPTC; a resident reporting a problem must not
 * publish where they live by accident. We keep only what is needed to draw the picture.
 */

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type by content (magic bytes), never by name or declared type; null when none of ours. */
export function sniffImage(buf: Uint8Array): ImageMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length >= 8 && png.every((b, i) => buf[i] === b)) return 'image/png';
  if (buf.length >= 12 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** Thrown when the bytes claim to be an image but are not well formed. */
export class MalformedImageError extends Error {}

/** Returns the image without metadata; throws MalformedImageError when it cannot be parsed. */
export function stripMetadata(mime: ImageMime, buf: Buffer): Buffer {
  if (mime === 'image/jpeg') return stripJpeg(buf);
  if (mime === 'image/png') return stripPng(buf);
  return stripWebp(buf);
}

function ascii(buf: Uint8Array, at: number, len: number): string {
  return String.fromCharCode(...buf.subarray(at, at + len));
}

function fail(why: string): never {
  throw new MalformedImageError(why);
}

// ---------- JPEG ----------

/** Segments we keep: APP0 (JFIF), APP2 only when ICC_PROFILE, APP14 (Adobe colour transform). */
function keepJpegSegment(marker: number, body: Buffer): boolean {
  if (marker === 0xe0) return true;
  if (marker === 0xee) return true;
  if (marker === 0xe2) return ascii(body, 0, 12) === 'ICC_PROFILE\0';
  if (marker >= 0xe0 && marker <= 0xef) return false; // APP1 EXIF/XMP, APP13 IPTC/Photoshop, …
  if (marker === 0xfe) return false; // COM
  return true; // DQT, SOFn, DHT, DRI, DNL, …
}

/** EXIF orientation (1–8) from an APP1 body, so the picture still stands the right way up. */
export function exifOrientation(body: Buffer): number | null {
  if (ascii(body, 0, 6) !== 'Exif\0\0') return null;
  const t = body.subarray(6);
  if (t.length < 8) return null;
  const le = ascii(t, 0, 2) === 'II';
  if (!le && ascii(t, 0, 2) !== 'MM') return null;
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > t.length) return null;
  const n = u16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) return null;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** A minimal APP1 holding only the orientation tag (32 bytes of TIFF, big-endian). */
function orientationApp1(orientation: number): Buffer {
  const body = Buffer.alloc(6 + 8 + 2 + 12 + 4);
  body.write('Exif\0\0', 0, 'latin1');
  body.write('MM', 6, 'latin1');
  body.writeUInt16BE(42, 8);
  body.writeUInt32BE(8, 10);
  body.writeUInt16BE(1, 14); // one entry
  body.writeUInt16BE(0x0112, 16); // Orientation
  body.writeUInt16BE(3, 18); // SHORT
  body.writeUInt32BE(1, 20);
  body.writeUInt16BE(orientation, 24);
  body.writeUInt32BE(0, 28); // no next IFD
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function stripJpeg(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 2)];
  let orientation: number | null = null;
  let i = 2;
  let wroteOrientation = false;
  let sawEoi = false;
  const segment = (marker: number, start: number, end: number) => {
    const body = buf.subarray(start + 4, end);
    if (marker === 0xe1 && orientation === null) orientation = exifOrientation(body);
    if (keepJpegSegment(marker, body)) {
      // The orientation goes right after the leading APP0 (or first), before any frame data.
      if (!wroteOrientation && marker !== 0xe0 && orientation !== null && orientation !== 1) {
        out.push(orientationApp1(orientation));
        wroteOrientation = true;
      }
      out.push(buf.subarray(start, end));
    }
  };
  while (i < buf.length) {
    if (buf[i] !== 0xff) fail('jpeg: expected a marker');
    const marker = buf[i + 1];
    if (marker === undefined) fail('jpeg: truncated');
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      out.push(buf.subarray(i, i + 2));
      sawEoi = true;
      break; // anything after EOI (vendor trailers) is dropped
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(buf.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > buf.length) fail('jpeg: truncated segment');
    const len = buf.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > buf.length) fail('jpeg: bad segment length');
    const end = i + 2 + len;
    segment(marker, i, end);
    i = end;
    if (marker === 0xda) {
      // Entropy-coded data runs until a marker other than stuffing (FF00) or a restart (RSTn).
      let j = i;
      while (j < buf.length - 1) {
        if (buf[j] === 0xff) {
          const m = buf[j + 1] as number;
          if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
            j += m === 0xff ? 1 : 2;
            continue;
          }
          break;
        }
        j++;
      }
      out.push(buf.subarray(i, j));
      i = j;
      if (j >= buf.length - 1) break;
    }
  }
  if (!sawEoi) fail('jpeg: no end of image');
  return Buffer.concat(out);
}

// ---------- PNG ----------

/** Ancillary chunks that change how pixels look; every other ancillary chunk (text, eXIf, time) goes. */
const PNG_KEEP = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT', 'PLTE']);

function stripPng(buf: Buffer): Buffer {
  const out: Buffer[] = [buf.subarray(0, 8)];
  let i = 8;
  let sawEnd = false;
  while (i + 12 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = ascii(buf, i + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) fail('png: bad chunk type');
    const end = i + 12 + len;
    if (end > buf.length) fail('png: truncated chunk');
    const critical = type[0] === type[0]?.toUpperCase();
    if (critical || PNG_KEEP.has(type)) out.push(buf.subarray(i, end));
    i = end;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) fail('png: no IEND');
  return Buffer.concat(out);
}

// ---------- WebP ----------

function stripWebp(buf: Buffer): Buffer {
  const riffEnd = Math.min(buf.length, 8 + buf.readUInt32LE(4));
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= riffEnd) {
    const fourcc = ascii(buf, i, 4);
    const size = buf.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) fail('webp: truncated chunk');
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = Buffer.from(buf.subarray(i, Math.min(end, riffEnd)));
      if (fourcc === 'VP8X' && size >= 1) chunk[8] = (chunk[8] as number) & ~(0x08 | 0x04); // clear EXIF and XMP flags
      chunks.push(chunk);
    }
    i = end;
  }
  if (chunks.length === 0) fail('webp: no image data');
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}
