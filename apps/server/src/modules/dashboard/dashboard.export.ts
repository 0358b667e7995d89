import { DASHBOARD_LABELS, type Dashboard, FLOW_KEYS, type Lang, STOCK_KEYS } from '@lianxin/shared';
import ExcelJS from 'exceljs';
import { csvCell } from '../../lib/csv';

type Label = keyof typeof DASHBOARD_LABELS;
const FLOW_COLUMNS: Label[] = [...FLOW_KEYS, 'medianTakeMinutes'];

function label(k: Label, lang: Lang): string {
  return lang === 'en' ? DASHBOARD_LABELS[k].en : DASHBOARD_LABELS[k].zh;
}

const TITLES = {
  summary: { zh: '概况', en: 'Summary' },
  months: { zh: '按月', en: 'By month' },
  children: { zh: '下级', en: 'Below' },
  figure: { zh: '指标', en: 'Figure' },
  value: { zh: '数值', en: 'Value' },
  month: { zh: '月份', en: 'Month' },
  name: { zh: '名称', en: 'Name' },
  node: { zh: '范围', en: 'Scope' },
};
const t = (k: keyof typeof TITLES, lang: Lang) => (lang === 'en' ? TITLES[k].en : TITLES[k].zh);

/**
 * The three tables of the export: summary (current figures and all-time totals), by month, and
 * the level below. XLSX and CSV are written from these same rows, so they carry the same figures.
 */
export function exportTables(d: Dashboard, lang: Lang) {
  const summary: Array<[string, number | string]> = [
    [t('node', lang), d.node.name],
    ...STOCK_KEYS.map((k): [string, number] => [label(k, lang), d.stock[k]]),
    ...FLOW_COLUMNS.map((k): [string, number | string] => [label(k, lang), d.total[k as keyof Dashboard['total']] ?? '']),
  ];
  const monthsHead = [t('month', lang), ...FLOW_COLUMNS.map((k) => label(k, lang))];
  const months = d.months.map((m) => [m.month, ...FLOW_COLUMNS.map((k) => m[k as keyof typeof m] ?? '')]);
  const childHead = [t('name', lang), ...STOCK_KEYS.map((k) => label(k, lang)), ...FLOW_COLUMNS.map((k) => label(k, lang))];
  const children = d.children.map((c) => [
    c.name,
    ...STOCK_KEYS.map((k) => c.stock[k]),
    ...FLOW_COLUMNS.map((k) => c.total[k as keyof typeof c.total] ?? ''),
  ]);
  return { summary, monthsHead, months, childHead, children };
}

export async function toXlsx(d: Dashboard, lang: Lang): Promise<Buffer> {
  const x = exportTables(d, lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lianxin 连心桥';
  const s = wb.addWorksheet(t('summary', lang));
  s.addRow([t('figure', lang), t('value', lang)]).font = { bold: true };
  for (const r of x.summary) s.addRow(r);
  s.getColumn(1).width = 28;
  s.getColumn(2).width = 24;
  const m = wb.addWorksheet(t('months', lang));
  m.addRow(x.monthsHead).font = { bold: true };
  for (const r of x.months) m.addRow(r);
  const c = wb.addWorksheet(t('children', lang));
  c.addRow(x.childHead).font = { bold: true };
  for (const r of x.children) c.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function toCsv(d: Dashboard, lang: Lang): string {
  const x = exportTables(d, lang);
  const lines: string[] = [];
  const row = (cells: unknown[]) => lines.push(cells.map(csvCell).join(','));
  row([t('figure', lang), t('value', lang)]);
  for (const r of x.summary) row(r);
  lines.push('');
  row(x.monthsHead);
  for (const r of x.months) row(r);
  lines.push('');
  row(x.childHead);
  for (const r of x.children) row(r);
  // BOM so Excel opens the Chinese text as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
