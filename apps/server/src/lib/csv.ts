/** One CSV cell, always quoted; a leading =, +, - or @ would run as a formula in a spreadsheet. */
export function csvCell(v: unknown): string {
  const s = String(v ?? '');
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** Rows as a CSV file with a BOM, so Excel opens the Chinese text as UTF-8; empty rows are blank lines. */
export function csvDocument(rows: unknown[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
