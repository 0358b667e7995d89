import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Test fixtures: spreadsheets made in the test, bombs included (nothing big is committed). */

export interface ZipEntry {
  name: string;
  /** Deflated bytes, with the real size and CRC of what they inflate to. */
  deflated: Buffer;
  size: number;
  crc: number;
  /** The uncompressed size to write in the headers, when it should lie. */
  declaredSize?: number;
}

export function entry(name: string, text: string | Buffer): ZipEntry {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/** A ZIP of deflated entries, as an .xlsx is. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="住户" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A minimal .xlsx whose first worksheet is the given entry. */
export function xlsxWithSheet(sheet: ZipEntry): Buffer {
  return zipOf([
    entry('[Content_Types].xml', CONTENT_TYPES),
    entry('_rels/.rels', RELS),
    entry('xl/workbook.xml', WORKBOOK),
    entry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
  ]);
}

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A worksheet entry from its rows' XML. */
export function sheetEntry(rowsXml: string): ZipEntry {
  return entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${rowsXml}${SHEET_TAIL}`);
}

/**
 * The worksheet of a spreadsheet bomb: `inflatedMb` MB of whitespace inside the sheet data. Each
 * MB is deflated once with a full flush (byte-aligned, no reference to what came before), so the
 * same fragment repeated is a valid stream: the test never holds the inflated bytes, and 600 MB
 * deflate to ≈ 600 KB in milliseconds. With `declaredSize`, the headers lie about the size.
 */
export function bombSheet(inflatedMb: number, declaredSize?: number): ZipEntry {
  const head = Buffer.from(SHEET_HEAD);
  const tail = Buffer.from(SHEET_TAIL);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const mb = deflateRawSync(chunk, flush);
  let crc = crc32(head);
  for (let i = 0; i < inflatedMb; i++) crc = crc32(chunk, crc);
  crc = crc32(tail, crc);
  const size = head.length + inflatedMb * chunk.length + tail.length;
  return {
    name: 'xl/worksheets/sheet1.xml',
    deflated: Buffer.concat([deflateRawSync(head, flush), ...Array.from({ length: inflatedMb }, () => mb), deflateRawSync(tail)]),
    size,
    crc,
    declaredSize: declaredSize ?? Math.min(size, 0xfffffffe),
  };
}
