import { describe, expect, it } from 'vitest';
import { parseCsv, parseNumberCell } from '../../src/sources/csv.js';

describe('parseCsv', () => {
  it('finds columns by header name in any order and case, with BOM and NO-BREAK SPACE', () => {
    const table = parseCsv('\uFEFFDate,CLOSE,\u00A0Adj Close \n2024-01-02,"1,000.5",99\n', 'test');
    expect(table.column('close')).toBe(1);
    expect(table.column('Adj Close')).toBe(2);
    expect(table.column('Volume')).toBe(-1);
    expect(table.rows[0]).toEqual({ line: 2, cells: ['2024-01-02', '1,000.5', '99'] });
  });

  it('counts lines from a later header line', () => {
    const table = parseCsv('preamble\nmore\nA,B\n1,2\n', 'test', 3);
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows[0]!.line).toBe(4);
  });

  it('names the source when the file is empty', () => {
    expect(() => parseCsv('', 'holdings CSV')).toThrow(/holdings CSV: empty file/);
  });
});

describe('parseNumberCell', () => {
  it('reads thousands separators, dashes and N/A', () => {
    expect(parseNumberCell('"1,234.56"'.replace(/"/g, ''))).toBe(1234.56);
    expect(parseNumberCell('-')).toBeNull();
    expect(parseNumberCell('N/A')).toBeNull();
    expect(parseNumberCell('')).toBeNull();
    expect(parseNumberCell('-3.5')).toBe(-3.5);
    expect(parseNumberCell('abc')).toBeNaN();
  });
});
