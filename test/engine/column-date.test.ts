/**
 * DateColumnBuilder.appendField: a scanned date cell read from its bytes (parseDobAscii) gives
 * the column `append` gives with the decoded cell (parseDob), whatever the cell.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateColumnBuilder } from '../../src/engine/column-date.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

/** The column's arrays, built from a CSV of one field per record, by bytes or by decoded text. */
function build(cells: readonly string[], byBytes: boolean): number[][] {
  const builder = new DateColumnBuilder();
  scanCsv(cells.map(csvCell).join('\n'), (r) => {
    if (byBytes) builder.appendField(r, 0);
    else builder.append(r.field(0));
  });
  const c = builder.freeze();
  return [[...c.year], [...c.month], [...c.day], [...c.precision], [...c.flags]];
}

/** A cell as CSV: bare when it can be, else quoted with its quotes doubled (an escaped field). */
function csvCell(cell: string): string {
  return /^[^",\r\n]+$/.test(cell) ? cell : `"${cell.replace(/"/g, '""')}"`;
}

// Every form parseDob accepts, its failures (range, month, format, empty), the placeholders and
// flags, white space around (ASCII and not), and non-ASCII cells (decoded, not read as bytes).
const CELLS = [
  '15/03/1938', '1/2/1990', '30/02/1990', '29/02/2000', '29/02/1900', '01/01/1985', '00/00/1985', '00/05/1985',
  '1983-09-05', '1983/9/5', '1983.09.05', '27-03-1962', '05.12.1999', '18051988', '19900512', '12345678', '1988',
  '1850', '2031', '15/13/1990', '15/03-1990', '15//1990', '1/2/90', '123/4/1990', ' 15/03/1938 ', '\t1988', '',
  ' ', '\u00a015/03/1938', '１９８８', 'abc', '15/03/1938x', '"15/03/1938"', '19/05/1988"',
];

describe('DateColumnBuilder.appendField: a cell read from its bytes', () => {
  it('gives the column append gives with the decoded cell, on every accepted and rejected form', () => {
    expect(build(CELLS, true)).toEqual(build(CELLS, false));
  });

  it.each(CELLS.map((c) => [c]))('%j alone', (cell) => {
    expect(build([cell], true)).toEqual(build([cell], false));
  });

  it('equals append on any cells: date-like, ASCII, and any text', () => {
    const dateLike = fc
      .array(fc.constantFrom('0', '1', '2', '3', '9', '/', '-', '.', ' ', '\t', '\u00a0', '19', '20', '88'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    const cell = fc.oneof(dateLike, fc.constantFrom(...CELLS), fc.string({ unit: 'binary-ascii', maxLength: 12 }), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 20 }), (cells) => {
        expect(build(cells, true)).toEqual(build(cells, false));
      }),
      { numRuns: 300 },
    );
  });
});
