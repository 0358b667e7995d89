import jsQR from 'jsqr';
import sharp from 'sharp';

/**
 * Reads the QR code in an image (a PNG screenshot, a rendered PDF page): sharp decodes it to RGBA,
 * jsQR finds and decodes the code. Null when no code is found. For tests only.
 */
export async function decodeQr(image: Buffer | string): Promise<string | null> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  return found?.data ?? null;
}
