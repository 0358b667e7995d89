import { inflateRawSync } from 'node:zlib';
import { IMPORT_LIMITS } from '@lianxin/shared';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bombSheet, entry, sheetEntry, xlsxWithSheet } from './import.fixtures';
import { parseCsv, parseSheet, readXlsx } from './import.parse';
import { readXlsxFast, SheetLimitError, unzipBounded } from './import.xlsx';

describe('readXlsxFast', () => {
  it('reads the same cells as exceljs: shared and inline strings, numbers, gaps, rich text, entities', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('住户');
    ws.addRow(['楼栋', '单元', '门牌号', '面积', '户主', '姓名', '电话', '出生年份', '标签']);
    ws.addRow(['1栋', 1, '301', 89.5, '是', '张三 & <李四>', 13912345678, 1960, '党员、志愿者']);
    ws.getCell('F3').value = { richText: [{ text: '万' }, { font: { bold: true }, text: '玉清' }] };
    ws.getCell('A3').value = '3栋';
    ws.getCell('I5').value = 'far';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const fast = readXlsxFast(unzipBounded(buf));
    const slow = await readXlsx(buf);
    expect(fast).toEqual(slow.map((r) => r.map((c) => c)));
    expect(fast[1]?.[5]).toBe('张三 & <李四>');
    expect(fast[1]?.[6]).toBe('13912345678');
    expect(fast[2]?.[5]).toBe('万玉清');
    expect(fast[4]?.[8]).toBe('far');
  });

  it('throws on something that is not a zip', () => {
    expect(() => unzipBounded(Buffer.from('not a zip at all, just text'))).toThrow('not a zip');
  });
});

function limitOf(fn: () => unknown): { limit: string; max: number } | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof SheetLimitError) return { limit: err.limit, max: err.max };
    throw err;
  }
  return undefined;
}

describe('spreadsheet bombs', () => {
  it('refuses a 600 MB sheet in a small archive by its declared size, before inflating anything', async () => {
    const xlsx = xlsxWithSheet(bombSheet(600));
    expect(xlsx.length).toBeLessThan(1024 * 1024);
    // the fixture is what it claims: a stream that really inflates to 600 MB of sheet
    expect(inflateRawSync(bombSheet(100).deflated).length).toBe(bombSheet(100).size);
    expect(limitOf(() => unzipBounded(xlsx))).toEqual({ limit: 'inflatedBytes', max: IMPORT_LIMITS.maxInflatedBytes });
  });

  it('refuses it as well when the headers lie about its size: inflation stops at the limit', async () => {
    const xlsx = xlsxWithSheet(bombSheet(600, 1000));
    const before = process.memoryUsage().arrayBuffers;
    expect(limitOf(() => unzipBounded(xlsx))).toEqual({ limit: 'inflatedBytes', max: IMPORT_LIMITS.maxInflatedBytes });
    // at most the limit was ever allocated (600 MB were never produced)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(IMPORT_LIMITS.maxInflatedBytes * 1.5);
  });

  it('refuses a tiny sheet whose one cell claims row 1,000,000,000, and one past the last column', async () => {
    await expect(
      parseSheet(
        xlsxWithSheet(sheetEntry('<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>')),
        'xlsx',
      ),
    ).rejects.toMatchObject({
      code: 'SPREADSHEET_TOO_LARGE',
      details: { limit: 'rows', max: IMPORT_LIMITS.maxRows },
    });
    await expect(
      parseSheet(xlsxWithSheet(sheetEntry('<row r="1"><c r="XFD1"><v>1</v></c></row>')), 'xlsx'),
    ).rejects.toMatchObject({
      code: 'SPREADSHEET_TOO_LARGE',
      details: { limit: 'columns', max: IMPORT_LIMITS.maxColumns },
    });
  });

  it('counts rows also when the sheet uses a namespace prefix the fast reader skips (the exceljs path)', async () => {
    const rows = '<x:row/>'.repeat(IMPORT_LIMITS.maxRows + 2);
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
    const xlsx = xlsxWithSheet(entry('xl/worksheets/sheet1.xml', xml));
    await expect(parseSheet(xlsx, 'xlsx')).rejects.toMatchObject({
      code: 'SPREADSHEET_TOO_LARGE',
      details: { limit: 'rows', max: IMPORT_LIMITS.maxRows },
    });
  });

  it('reads a sheet of exactly the row limit and refuses one more row', async () => {
    const row = (n: number) => `<row r="${n}"><c r="A${n}"><v>${n}</v></c></row>`;
    const rows = Array.from({ length: IMPORT_LIMITS.maxRows + 1 }, (_, i) => row(i + 1)).join('');
    const sheet = await parseSheet(xlsxWithSheet(sheetEntry(rows)), 'xlsx');
    expect(sheet.rows).toHaveLength(IMPORT_LIMITS.maxRows);
    expect(sheet.rows.at(-1)).toEqual({ rowNumber: IMPORT_LIMITS.maxRows + 1, cells: [String(IMPORT_LIMITS.maxRows + 1)] });
    await expect(parseSheet(xlsxWithSheet(sheetEntry(rows + row(IMPORT_LIMITS.maxRows + 2))), 'xlsx')).rejects.toMatchObject({
      code: 'SPREADSHEET_TOO_LARGE',
      details: { limit: 'rows', max: IMPORT_LIMITS.maxRows },
    });
  });

  it('bounds CSV the same way: rows and columns', () => {
    const lines = `h\n${'x\n'.repeat(IMPORT_LIMITS.maxRows)}`;
    expect(parseCsv(lines, IMPORT_LIMITS)).toHaveLength(IMPORT_LIMITS.maxRows + 1);
    expect(limitOf(() => parseCsv(`${lines}x\n`, IMPORT_LIMITS))).toEqual({ limit: 'rows', max: IMPORT_LIMITS.maxRows });
    expect(limitOf(() => parseCsv(`${lines}x`, IMPORT_LIMITS))).toEqual({ limit: 'rows', max: IMPORT_LIMITS.maxRows });
    expect(limitOf(() => parseCsv(','.repeat(IMPORT_LIMITS.maxColumns), IMPORT_LIMITS))).toEqual({
      limit: 'columns',
      max: IMPORT_LIMITS.maxColumns,
    });
    expect(parseCsv(','.repeat(IMPORT_LIMITS.maxColumns - 1), IMPORT_LIMITS)[0]).toHaveLength(IMPORT_LIMITS.maxColumns);
  });
});
