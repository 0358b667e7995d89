import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/**
 * A small PNG drawn in code for the demo's before/after photos (no binary files in the repo): a
 * sky, a ground band and a few "buildings", in a palette that reads as run-down or as renewed.
 */
export function demoPhoto(kind: 'before' | 'after', width = 320, height = 200): Buffer {
  const sky = kind === 'before' ? [176, 176, 170] : [135, 196, 235];
  const ground = kind === 'before' ? [122, 104, 84] : [70, 70, 76];
  const wall = kind === 'before' ? [150, 140, 128] : [236, 232, 224];
  const green = kind === 'before' ? [120, 118, 90] : [60, 150, 70];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      let c = sky;
      if (y > height * 0.72) c = ground;
      else if (y > height * 0.62) c = green;
      else if ((x % 100 > 10 && x % 100 < 80 && y > height * 0.25) || (kind === 'after' && x % 100 === 45 && y > height * 0.55))
        c = wall;
      if (c === wall && y % 18 > 8 && y % 18 < 14 && x % 14 > 4 && x % 14 < 10)
        c = kind === 'before' ? [90, 84, 76] : [120, 170, 210];
      // Potholes before, lane markings after.
      if (c === ground && kind === 'before' && (x * 7 + y * 13) % 97 < 6) c = [80, 68, 56];
      if (c === ground && kind === 'after' && Math.abs(y - height * 0.86) < 2 && x % 40 < 20) c = [250, 250, 250];
      const o = row + 1 + x * 3;
      raw[o] = c[0] ?? 0;
      raw[o + 1] = c[1] ?? 0;
      raw[o + 2] = c[2] ?? 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
