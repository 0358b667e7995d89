import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from './import.parse';
import { readXlsxFast } from './import.xlsx';

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
    const fast = readXlsxFast(buf);
    const slow = await readXlsx(buf);
    expect(fast).toEqual(slow.map((r) => r.map((c) => c)));
    expect(fast[1]?.[5]).toBe('张三 & <李四>');
    expect(fast[1]?.[6]).toBe('13912345678');
    expect(fast[2]?.[5]).toBe('万玉清');
    expect(fast[4]?.[8]).toBe('far');
  });

  it('throws on something that is not a zip (the caller falls back to exceljs)', () => {
    expect(() => readXlsxFast(Buffer.from('not a zip at all, just text'))).toThrow();
  });
});
