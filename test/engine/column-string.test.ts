import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { StringColumnBuilder } from '../../src/engine/column-string.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

/** The codes and dictionary strings of one column built from a CSV's single field, by bytes or by decoded text. */
function build(csv: string, type: 'string' | 'exact', byBytes: boolean): { codes: number[]; strings: string[] } {
  const dictionary = new Dictionary();
  const builder = new StringColumnBuilder(dictionary, type);
  scanCsv(csv, (r) => {
    if (byBytes) builder.appendField(r, 0);
    else builder.append(r.field(0));
  });
  const column = builder.freeze();
  dictionary.freeze();
  return { codes: [...column.codes], strings: Array.from({ length: dictionary.size }, (_, c) => dictionary.string(c)) };
}

// Values on both sides of the bytes fast path: plain codes, capitals (lowered for `string`),
// spaces inside and around, tabs, non-ASCII, a quoted field, an escaped quote, an empty cell.
const CELLS = ['079', 'HN', 'hn', ' 079', '079 ', 'a  b', 'a\tb', 'Hà Nội', 'HÀ NỘI', '"079"', '"a""b"', '', '~!', 'x'];

describe('StringColumnBuilder.appendField: a scanned cell read from its bytes', () => {
  it.each([['string' as const], ['exact' as const]])('gives the codes and dictionary of append with the decoded cell (%s)', (type) => {
    const csv = [...CELLS, ...CELLS.slice().reverse()].join('\n');
    expect(build(csv, type, true)).toEqual(build(csv, type, false));
  });

  it.each([['string' as const], ['exact' as const]])('equals append on any printable cells (%s)', (type) => {
    const cell = fc.oneof(fc.constantFrom(...CELLS), fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).filter((s) => !/["\r\n,]/.test(s)));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), (cells) => {
        const csv = cells.map((c) => (c === '' ? '""' : c)).join('\n');
        expect(build(csv, type, true)).toEqual(build(csv, type, false));
      }),
      { numRuns: 200 },
    );
  });
});
