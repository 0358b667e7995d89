import { IMPORT_COLUMNS, IMPORT_LIMITS, type ImportColumn, type ImportRowError } from '@lianxin/shared';
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { checkRows, checkXlsxEntries, readXlsxFast, SheetLimitError, unzipBounded } from './import.xlsx';

/** A spreadsheet as rows of text cells, with the header mapped onto the import columns. */
export interface ParsedSheet {
  /** Column key → index in each row. */
  columns: Partial<Record<ImportColumn, number>>;
  /** Data rows (header excluded); `rowNumber` is the spreadsheet's own 1-based row number. */
  rows: Array<{ rowNumber: number; cells: string[] }>;
  errors: ImportRowError[];
}

export type SheetFormat = 'csv' | 'xlsx';

/** Decodes UTF-8 (with or without BOM), falling back to GB18030 as Excel in China saves CSV. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. With `limits`, stops with a
 * SheetLimitError as soon as a row or column past them appears, before building the rest.
 */
export function parseCsv(text: string, limits?: { maxRows: number; maxColumns: number }): string[][] {
  const maxRows = limits ? limits.maxRows + 1 : Number.POSITIVE_INFINITY; // and the header
  const maxColumns = limits?.maxColumns ?? Number.POSITIVE_INFINITY;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
      if (row.length >= maxColumns) throw new SheetLimitError('columns', maxColumns);
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      if (rows.length > maxRows) throw new SheetLimitError('rows', maxRows - 1);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
    if (rows.length > maxRows) throw new SheetLimitError('rows', maxRows - 1);
  }
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

export async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  // exceljs types want its own Buffer flavour; a Node Buffer is what it reads.
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    const values = row.values as ExcelJS.CellValue[];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    out[n - 1] = cells;
  });
  for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = [];
  return out;
}

/**
 * The archive is inflated under the size limit and its worksheets checked against the row and
 * column limits first; then the fast reader, and exceljs for anything it does not handle — on the
 * same archive, so the fallback never meets a bomb the checks have not already refused.
 */
export async function readXlsxAny(buf: Buffer): Promise<string[][]> {
  const files = unzipBounded(buf);
  checkXlsxEntries(files);
  try {
    return readXlsxFast(files);
  } catch (err) {
    if (err instanceof SheetLimitError) throw err;
  }
  const rows = await readXlsx(buf);
  checkRows(rows);
  return rows;
}

/** Reads the table of a CSV or XLSX file within IMPORT_LIMITS; 413 SPREADSHEET_TOO_LARGE beyond. */
async function readTable(buf: Buffer, format: SheetFormat): Promise<string[][]> {
  if (format === 'xlsx') return readXlsxAny(buf);
  return parseCsv(decodeText(buf), IMPORT_LIMITS);
}

const HEADER_INDEX = new Map<string, ImportColumn>();
for (const c of IMPORT_COLUMNS) {
  HEADER_INDEX.set(c.zh, c.key);
  HEADER_INDEX.set(c.en.toLowerCase(), c.key);
  HEADER_INDEX.set(c.key.toLowerCase(), c.key);
}
// Common variants in community sheets.
for (const [k, v] of [
  ['楼号', 'building'],
  ['栋', 'building'],
  ['房号', 'door'],
  ['门牌', 'door'],
  ['房屋面积', 'area'],
  ['建筑面积', 'area'],
  ['面积(㎡)', 'area'],
  ['手机', 'phone'],
  ['手机号', 'phone'],
  ['联系电话', 'phone'],
  ['出生年', 'birthYear'],
  ['birth year', 'birthYear'],
  ['birthyear', 'birthYear'],
  ['unit', 'stairwell'],
  ['door number', 'door'],
  ['household head', 'head'],
] as const) {
  HEADER_INDEX.set(k, v);
}

/**
 * Reads a CSV or XLSX file and maps its header row. Missing required columns are file errors; a
 * file beyond IMPORT_LIMITS throws AppError SPREADSHEET_TOO_LARGE (413) naming the limit.
 */
export async function parseSheet(buf: Buffer, format: SheetFormat): Promise<ParsedSheet> {
  const errors: ImportRowError[] = [];
  let table: string[][];
  try {
    table = await readTable(buf, format);
  } catch (err) {
    if (err instanceof SheetLimitError) throw new AppError('SPREADSHEET_TOO_LARGE', { limit: err.limit, max: err.max });
    return { columns: {}, rows: [], errors: [{ row: 0, column: 'file', reason: 'unreadable' }] };
  }
  const header = table[0] ?? [];
  const columns: Partial<Record<ImportColumn, number>> = {};
  header.forEach((h, i) => {
    const key = HEADER_INDEX.get(h.trim().toLowerCase()) ?? HEADER_INDEX.get(h.trim());
    if (key && columns[key] === undefined) columns[key] = i;
  });
  for (const req of ['building', 'stairwell', 'door', 'name'] as const) {
    if (columns[req] === undefined) errors.push({ row: 1, column: req, reason: 'missing_column' });
  }
  const rows: ParsedSheet['rows'] = [];
  for (let i = 1; i < table.length; i++) {
    const cells = (table[i] ?? []).map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    rows.push({ rowNumber: i + 1, cells });
  }
  return { columns, rows, errors };
}

/** Guesses the format from the file name or the first bytes (XLSX is a ZIP: "PK"). */
export function sniffFormat(name: string, buf: Buffer): SheetFormat {
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx';
  return 'csv';
}
