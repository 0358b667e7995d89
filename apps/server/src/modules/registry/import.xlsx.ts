import { inflateRawSync } from 'node:zlib';
import { IMPORT_LIMITS } from '@lianxin/shared';

/** A spreadsheet beyond one of IMPORT_LIMITS: refused, never read to the end. */
export class SheetLimitError extends Error {
  constructor(
    readonly limit: 'inflatedBytes' | 'rows' | 'columns',
    readonly max: number,
  ) {
    super(`spreadsheet over the ${limit} limit (${max})`);
    this.name = 'SheetLimitError';
  }
}

/**
 * Inflates every entry of a ZIP (an .xlsx), refusing once the entries together would pass
 * `maxTotal` bytes: first by the sizes the central directory declares, then by the bytes inflation
 * really produces (zlib's `maxOutputLength`), since a declared size can lie. A 600 KB archive
 * that inflates to 600 MB stops at the limit, having allocated no more than it. Encrypted entries
 * or compression other than stored/deflate throw (nothing else reads them either).
 */
export function unzipBounded(buf: Buffer, maxTotal: number = IMPORT_LIMITS.maxInflatedBytes): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Array<{ name: string; method: number; csize: number; size: number; local: number }> = [];
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let csize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (size === 0xffffffff || csize === 0xffffffff || local === 0xffffffff) {
      // ZIP64: the real values are in the extended-information extra field, in this order.
      const zip64 = extraField(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), 0x0001);
      if (!zip64) throw new Error('zip64 sizes missing');
      let q = 0;
      const next = () => {
        const v = Number(zip64.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (size === 0xffffffff) size = next();
      if (csize === 0xffffffff) csize = next();
      if (local === 0xffffffff) local = next();
    }
    if (flags & 1) throw new Error('encrypted zip');
    if (method !== 0 && method !== 8) throw new Error('unsupported compression');
    declared += size;
    if (declared > maxTotal) throw new SheetLimitError('inflatedBytes', maxTotal);
    entries.push({ name, method, csize, size, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const out = new Map<string, Buffer>();
  let inflated = 0;
  for (const e of entries) {
    if (buf.readUInt32LE(e.local) !== 0x04034b50) throw new Error('bad local header');
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const data = buf.subarray(start, start + e.csize);
    const room = maxTotal - inflated;
    let bytes: Buffer;
    if (e.method === 0) bytes = data;
    else if (data.length === 0) bytes = Buffer.alloc(0);
    else {
      try {
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, room) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new SheetLimitError('inflatedBytes', maxTotal);
        throw err;
      }
    }
    inflated += bytes.length;
    if (inflated > maxTotal) throw new SheetLimitError('inflatedBytes', maxTotal);
    out.set(e.name, bytes);
  }
  return out;
}

function extraField(extra: Buffer, id: number): Buffer | undefined {
  for (let q = 0; q + 4 <= extra.length; ) {
    const len = extra.readUInt16LE(q + 2);
    if (extra.readUInt16LE(q) === id) return extra.subarray(q + 4, q + 4 + len);
    q += 4 + len;
  }
  return undefined;
}

/**
 * Refuses a worksheet with more rows or columns than IMPORT_LIMITS allow, by scanning its XML for
 * row elements and cell references (with or without a namespace prefix) before any reader builds
 * rows from it: a sheet whose one cell sits at row 1,000,000,000 is not allowed to make an array
 * that long.
 */
export function checkSheetXml(xml: string): void {
  const maxRow = IMPORT_LIMITS.maxRows + 1; // and the header
  let rows = 0;
  const re = /<(?:\w+:)?(row|c)\b([^>]*)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const ref = /\br="([A-Z]*)(\d+)"/.exec(m[2] ?? '');
    if (m[1] === 'row' && ++rows > maxRow) throw new SheetLimitError('rows', IMPORT_LIMITS.maxRows);
    if (!ref) continue;
    if (Number(ref[2]) > maxRow) throw new SheetLimitError('rows', IMPORT_LIMITS.maxRows);
    if (ref[1] && colIndex(ref[1]) >= IMPORT_LIMITS.maxColumns) throw new SheetLimitError('columns', IMPORT_LIMITS.maxColumns);
  }
}

/** The worksheets of an inflated .xlsx, checked against the row and column limits. */
export function checkXlsxEntries(files: Map<string, Buffer>): void {
  for (const [name, bytes] of files) if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) checkSheetXml(bytes.toString('utf8'));
}

/** Throws when rows already read (by any reader) pass the row or column limit. */
export function checkRows(rows: string[][]): void {
  if (rows.length > IMPORT_LIMITS.maxRows + 1) throw new SheetLimitError('rows', IMPORT_LIMITS.maxRows);
  for (const r of rows) if (r.length > IMPORT_LIMITS.maxColumns) throw new SheetLimitError('columns', IMPORT_LIMITS.maxColumns);
}

/**
 * A small, fast reader for the first worksheet of an .xlsx file (a ZIP of XML parts), as text
 * cells, from entries `unzipBounded` inflated and `checkXlsxEntries` checked. exceljs builds a
 * full workbook model and needs ~9 s for 50,000 rows on this machine; this reads the same rows
 * in a fraction of that. Anything it does not understand throws, and the caller falls back to
 * exceljs on the same (bounded, checked) archive.
 */
export function readXlsxFast(files: Map<string, Buffer>): string[][] {
  const text = (name: string) => files.get(name)?.toString('utf8');
  const shared = parseSharedStrings(text('xl/sharedStrings.xml') ?? '');
  const sheet = text(firstSheetPath(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels')));
  if (sheet === undefined) throw new Error('no worksheet');
  return parseSheet(sheet, shared);
}

function firstSheetPath(workbook: string | undefined, rels: string | undefined): string {
  const rid = workbook && /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  if (rid && rels) {
    const re = /<Relationship\b([^>]*)\/?>/g;
    for (let m = re.exec(rels); m; m = re.exec(rels)) {
      const attrs = m[1] ?? '';
      if (new RegExp(`\\bId="${rid}"`).test(attrs)) {
        const target = /\bTarget="([^"]+)"/.exec(attrs)?.[1] ?? '';
        return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      }
    }
  }
  return 'xl/worksheets/sheet1.xml';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? ''),
  );
}

/** The text of <t> elements, skipping phonetic runs (<rPh>). */
function runsText(xml: string): string {
  const clean = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
  for (let m = re.exec(clean); m; m = re.exec(clean)) out += decode(m[1] ?? '');
  return out;
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(runsText(m[1] ?? ''));
  return out;
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function parseSheet(xml: string, shared: string[]): string[][] {
  const rows: string[][] = [];
  const rowRe = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  const cellRe = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  let next = 1;
  for (let m = rowRe.exec(xml); m; m = rowRe.exec(xml)) {
    const r = Number(/\br="(\d+)"/.exec(m[1] ?? '')?.[1] ?? next);
    if (r > IMPORT_LIMITS.maxRows + 1) throw new SheetLimitError('rows', IMPORT_LIMITS.maxRows);
    next = r + 1;
    const cells: string[] = [];
    const body = m[2] ?? '';
    let col = 0;
    cellRe.lastIndex = 0;
    for (let c = cellRe.exec(body); c; c = cellRe.exec(body)) {
      const attrs = c[1] ?? '';
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs)?.[1];
      if (ref) col = colIndex(ref);
      if (col >= IMPORT_LIMITS.maxColumns) throw new SheetLimitError('columns', IMPORT_LIMITS.maxColumns);
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? 'n';
      const inner = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = '';
      if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'inlineStr') value = runsText(inner);
      else if (type === 'b') value = v === '1' ? 'true' : 'false';
      else if (v !== undefined) value = type === 'n' && /[eE]/.test(v) ? String(Number(v)) : decode(v);
      while (cells.length < col) cells.push('');
      cells[col] = value;
      col++;
    }
    rows[r - 1] = cells;
  }
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  return rows;
}
