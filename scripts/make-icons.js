// Draws the app icons (192 and 512 px PNG) for the web app manifest: a white bridge on the app's
// red, with the safe zone of a maskable icon kept clear. No downloads, no image library: PNG is
// written by hand (RGBA rows, zlib, CRC-32). Run: node scripts/make-icons.js
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const out = path.resolve(import.meta.dirname, '../apps/web/public/icons');
const RED = [0xb7, 0x1c, 0x1c, 255];
const WHITE = [255, 255, 255, 255];

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** White where the bridge is: an arch, its deck, and two piers, inside the central 70 %. */
function isBridge(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.66;
  const r = Math.hypot(dx, dy);
  const arch = dy <= 0 && r <= 0.3 && r >= 0.22;
  const deck = y >= 0.5 && y <= 0.56 && x >= 0.15 && x <= 0.85;
  const piers = y >= 0.56 && y <= 0.72 && ((x >= 0.17 && x <= 0.23) || (x >= 0.77 && x <= 0.83));
  const water = y >= 0.76 && y <= 0.79 && x >= 0.25 && x <= 0.75;
  return arch || deck || piers || water;
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges
      let hits = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) if (isBridge((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)) hits++;
      const a = hits / 16;
      for (let c = 0; c < 4; c++) row[1 + x * 4 + c] = Math.round(RED[c] * (1 - a) + WHITE[c] * a);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(out, { recursive: true });
for (const size of [192, 512]) fs.writeFileSync(path.join(out, `icon-${size}.png`), png(size));
console.log(`icons written to ${out}`);
