/**
 * GenderColumnBuilder.appendField: a scanned gender cell replayed from the bytes-keyed memo gives
 * the column `append` gives with the decoded cell (parseGender), whatever the cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GenderColumnBuilder } from '../../src/engine/column-gender.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

function build(cells: readonly string[], byBytes: boolean): number[] {
  const builder = new GenderColumnBuilder();
  const csv = cells.map((c) => (/^[^",\r\n]+$/.test(c) ? c : `"${c.replace(/"/g, '""')}"`)).join('\n');
  scanCsv(csv, (r) => {
    if (byBytes) builder.appendField(r, 0);
    else builder.append(r.field(0));
  });
  return [...builder.freeze().gender];
}

// The forms parseGender knows (cases, damaged "nữ"), unknown ones, spaces, an escaped quote.
const CELLS = ['Nam', 'Nữ', 'NAM', 'nữ', 'NỮ', 'Nu', 'M', 'F', 'Male', 'female', ' Nam ', 'N÷', 'Nöõ', 'Ná»¯', 'nam giới', '0', '1', '', 'x"y', 'Nu\u200b'];

describe('GenderColumnBuilder.appendField: a cell read from its bytes', () => {
  it('gives the column append gives, each form repeated (first seen, then replayed)', () => {
    const cells = [...CELLS, ...CELLS.slice().reverse(), ...CELLS];
    expect(build(cells, true)).toEqual(build(cells, false));
  });

  it('equals append on any cells, also past the memo\'s 1,024 distinct cells', () => {
    const many = Array.from({ length: 1100 }, (_, k) => (k % 3 === 0 ? 'Nam' : `g${k}`));
    expect(build(many, true)).toEqual(build(many, false));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 30 }), (cells) => {
        expect(build(cells, true)).toEqual(build(cells, false));
      }),
      { numRuns: 300 },
    );
  });
});
