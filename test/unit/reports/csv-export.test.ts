import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/reports/csv-export.ts';
import { sheetName } from '../../../src/reports/xlsx-export.ts';

describe('CSV export', () => {
  it('keeps a text cell that a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toMatch(/^"?'/);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers as numbers (a negative number is not a formula), null as empty', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.5)).toBe('0.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks, and starts with a byte-order mark', () => {
    const csv = toCsv({ name: 't', columns: [{ key: 'a', header: 'a' }, { key: 'b', header: 'b,c' }], rows: [{ a: '您好，"甲"\n银行', b: 1 }] });
    expect(csv).toBe('\uFEFFa,"b,c"\r\n"您好，""甲""\n银行",1\r\n');
  });
});

describe('XLSX sheet names', () => {
  it('drops the characters Excel refuses and keeps 31 characters', () => {
    expect(sheetName('a/b:c[d]')).toBe('a b c d ');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('')).toBe('Sheet');
  });
});
