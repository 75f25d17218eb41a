/**
 * CsvTextBuffer (result-csv-bytes.ts) writes exactly the text of the string path: `cell` and
 * `rawCell` as formatCsvCell, `rounded` as numberCell (roundTo, escaped when not finite), whole
 * rows as formatCsvRow — for any text, CSV punctuation, formula starts and unpaired surrogates
 * included, as the bytes a UTF-8 file write of that text gives (an unpaired surrogate as U+FFFD) —
 * and `takeBytes` starts again empty.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawColumnsBuilder } from '../../src/engine/column-raw.js';
import { CsvTextBuffer } from '../../src/engine/result-csv-bytes.js';
import { roundTo } from '../../src/engine/result-rows.js';
import { formatCsvCell, formatCsvRow } from '../../src/io/csv-writer.js';

const special = fc.constantFrom('', 'D001', '=1+1', '+84', '-3', '-1.5e-3', '@x', '\tx', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rx', '\u0000', 'Nguyễn Thị Hương', '😀 Ðặng', '\ud800', 'a\udc00b', '\ud83d');
const text = fc.oneof(special, fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

/** The bytes a UTF-8 file write of `text` gives. */
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

function written(write: (out: CsvTextBuffer) => void): Buffer {
  const out = new CsvTextBuffer(4);
  write(out);
  return Buffer.from(out.takeBytes());
}

describe('CsvTextBuffer', () => {
  it.each([
    ['', ''],
    ['D001', 'D001'],
    ['=1+1', "'=1+1"],
    ['-3', '-3'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['Nguyễn', 'Nguyễn'],
    ['a\ud800', 'a\ud800'],
  ])('cell(%j) writes %j', (s, expected) => {
    expect(written((out) => out.cell(s))).toEqual(utf8(expected));
  });

  it('cell writes formatCsvCell of any string', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(written((out) => out.cell(s))).toEqual(utf8(formatCsvCell(s)));
      }),
      { numRuns: 5000 },
    );
  });

  it('cells and punctuation in a row are formatCsvRow, also across many rows and a takeBytes in between', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const out = new CsvTextBuffer(8);
        out.cell('left over');
        out.takeBytes();
        for (const cells of rows) {
          cells.forEach((c, i) => {
            if (i > 0) out.byte(0x2c);
            out.cell(c);
          });
          out.byte(0x0a);
        }
        expect(Buffer.from(out.takeBytes())).toEqual(utf8(rows.map((cells) => formatCsvRow(cells)).join('')));
        expect(out.takeBytes().length).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('rawCell writes what cell writes for the cell decoded from the store', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 10 }), (rows) => {
        const b = new RawColumnsBuilder(['x', 'y']);
        for (const r of rows) b.append(r);
        const raw = b.freeze();
        const viaBytes = written((out) => rows.forEach((_, i) => [0, 1].forEach((c) => (out.rawCell(raw, i, c), out.byte(0x2c)))));
        const viaStrings = written((out) => rows.forEach((_, i) => [0, 1].forEach((c) => (out.cell(raw.cell(i, c)), out.byte(0x2c)))));
        expect(viaBytes).toEqual(viaStrings);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounded writes roundTo, escaped as a cell when the number is not finite', () => {
    const number = fc.oneof(fc.double(), fc.double({ min: -1e6, max: 1e6 }), fc.double({ min: -1, max: 1 }), fc.constantFrom(0, -0, 1, -0.0000004, 1e21, -Infinity, NaN));
    fc.assert(
      fc.property(number, fc.integer({ min: 0, max: 12 }), (x, digits) => {
        const s = roundTo(x, digits);
        expect(written((out) => out.rounded(x, digits))).toEqual(utf8(Number.isFinite(x) ? s : formatCsvCell(s)));
      }),
      { numRuns: 20000 },
    );
  });

  // Its toFixed-free path must give toFixed's digit where the last digit is a tie or next to one.
  it('rounded writes roundTo at and next to the ties of its last decimal', () => {
    const tie = fc.tuple(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(tie, ([k, digits, ulps]) => {
        let x = (k + 0.5) / 10 ** digits;
        for (let u = 0; u < Math.abs(ulps); u++) x = nextDouble(x, ulps > 0);
        expect(written((out) => out.rounded(x, digits))).toEqual(utf8(roundTo(x, digits)));
      }),
      { numRuns: 20000 },
    );
  });

  it('rounded writes roundTo for weights and probabilities as the match job writes them', () => {
    const value = fc.oneof(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -60_000, max: 60_000 }).map((k) => k / 1000));
    fc.assert(
      fc.property(value, fc.constantFrom(3, 6), (x, digits) => {
        expect(written((out) => out.rounded(x, digits))).toEqual(utf8(roundTo(x, digits)));
      }),
      { numRuns: 20000 },
    );
  });

  it('rounded writes roundTo for numbers near 1, on both sides of where they round to 1', () => {
    const nearOne = fc.integer({ min: 0, max: 12 }).chain((digits) =>
      fc.tuple(fc.oneof(fc.double({ min: 1 - 10 ** -digits, max: 1 }), fc.constant(1 - 0.5 * 10 ** -digits), fc.constant(1 - 0.4 * 10 ** -digits)), fc.constant(digits)),
    );
    fc.assert(
      fc.property(nearOne, ([x, digits]) => {
        expect(written((out) => out.rounded(x, digits))).toEqual(utf8(roundTo(x, digits)));
      }),
      { numRuns: 20000 },
    );
  });
});

/** The double next to `x` upwards or downwards (no NaN or infinity here). */
function nextDouble(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const bits = v.getBigUint64(0);
  v.setBigUint64(0, (x > 0) === up ? bits + 1n : bits - 1n);
  return v.getFloat64(0);
}
