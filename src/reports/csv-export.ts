import type { Cell, ExportTable } from './export-table.ts';

/**
 * CSV (RFC 4180) of an export table, for spreadsheets. A text cell that a spreadsheet would read as
 * a formula (starting with = + - @, or a tab or carriage return that some strip first) gets a
 * leading apostrophe: transcript quotes and notes are written by callers and borrowers, and a cell
 * like =HYPERLINK(...) must stay text when a supervisor opens the file (OWASP "CSV injection").
 * Numbers are written as numbers, so a negative number is not mistaken for a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text with a byte-order mark, so spreadsheet programs read UTF-8 (Chinese) correctly. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
