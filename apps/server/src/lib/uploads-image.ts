import { IMAGE_LIMITS } from '@lianxin/shared';
import heicDecode from 'heic-decode';
import sharp from 'sharp';
import { AppError } from './errors';

/** The formats an upload is stored in (what arrived, re-encoded). */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

// libvips' operation cache keeps decoded pixels of recent images alive; uploads are one-offs.
sharp.cache(false);

/**
 * Which of the accepted formats the bytes are, by their signature (never by name or declared
 * type), or 'heic' for an HEIC/HEIF photo (an ISO-BMFF `ftyp` box with a HEIF brand), else null.
 */
export function sniffImage(buf: Uint8Array): ImageMime | 'heic' | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (
    b.length >= 12 &&
    b.toString('latin1', 4, 8) === 'ftyp' &&
    /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(b.toString('latin1', 8, 12))
  )
    return 'heic';
  return null;
}

export interface CleanImage {
  mime: ImageMime;
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes an uploaded image with libvips (sharp) under IMAGE_LIMITS.maxPixels, turns it upright by
 * its EXIF orientation and re-encodes it in the same format. Only pixels survive: EXIF (GPS),
 * XMP, IPTC, comments, text chunks and trailing bytes are not carried over, and a file that only
 * looks like an image fails to decode. The size is read from the header before decoding, so a
 * small PNG claiming 60000 × 60000 pixels is refused without allocating them.
 *
 * An iPhone's HEIC/HEIF photo (HEVC inside, which the prebuilt libvips cannot decode) is decoded by
 * libheif compiled to WebAssembly (`heic-decode`), under the same pixel limit read from its header
 * first, and stored as a JPEG: only its pixels survive, upright as libheif's transforms leave them.
 *
 * Throws 415 UNSUPPORTED_IMAGE (not JPEG/PNG/WebP/HEIC, or undecodable) and 413 IMAGE_TOO_LARGE.
 */
export async function cleanImage(raw: Buffer): Promise<CleanImage> {
  const mime = sniffImage(raw);
  if (mime === 'heic') return cleanHeic(raw);
  if (!mime) throw new AppError('UNSUPPORTED_IMAGE');
  const maxPixels = IMAGE_LIMITS.maxPixels;
  try {
    const head = await sharp(raw, { limitInputPixels: false }).metadata();
    if (!head.width || !head.height) throw new AppError('UNSUPPORTED_IMAGE', { reason: 'no_size' });
    if (head.width * head.height > maxPixels) {
      throw new AppError('IMAGE_TOO_LARGE', { maxPixels, width: head.width, height: head.height });
    }
    const pipeline = sharp(raw, { limitInputPixels: maxPixels, failOn: 'error', animated: false }).rotate();
    const encoded =
      mime === 'image/jpeg'
        ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : mime === 'image/png'
          ? pipeline.png({ compressionLevel: 9 })
          : pipeline.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { mime, data, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (/pixel limit/i.test((err as Error).message)) throw new AppError('IMAGE_TOO_LARGE', { maxPixels });
    throw new AppError('UNSUPPORTED_IMAGE', { reason: 'undecodable' });
  }
}

/** An HEIC/HEIF photo's first image, decoded under the pixel limit and re-encoded as JPEG. */
async function cleanHeic(raw: Buffer): Promise<CleanImage> {
  const maxPixels = IMAGE_LIMITS.maxPixels;
  let images: Awaited<ReturnType<typeof heicDecode.all>> | undefined;
  try {
    images = await heicDecode.all({ buffer: raw });
    const first = images[0];
    if (!first?.width || !first.height) throw new AppError('UNSUPPORTED_IMAGE', { reason: 'no_size' });
    if (first.width * first.height > maxPixels) {
      throw new AppError('IMAGE_TOO_LARGE', { maxPixels, width: first.width, height: first.height });
    }
    const { width, height, data } = await first.decode();
    const { data: jpeg, info } = await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels: 4 },
    })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { mime: 'image/jpeg', data: jpeg, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('UNSUPPORTED_IMAGE', { reason: 'undecodable' });
  } finally {
    images?.dispose();
  }
}

/** The pixel size of a stored image (already upright), or null when it cannot be read. */
export async function imageDimensions(buf: Buffer): Promise<{ width: number; height: number } | null> {
  try {
    const m = await sharp(buf, { limitInputPixels: IMAGE_LIMITS.maxPixels }).metadata();
    return m.width && m.height ? { width: m.width, height: m.height } : null;
  } catch {
    return null;
  }
}
