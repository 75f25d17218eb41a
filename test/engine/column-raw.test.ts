/**
 * Raw cells (column-raw.ts) come back exactly as they were appended, whatever their text: the
 * pool is decoded with Buffer's utf8Slice, which must agree with the strings written.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RawColumns, RawColumnsBuilder } from '../../src/engine/column-raw.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

/** Well-formed strings only: a lone surrogate has no UTF-8 form to come back from. */
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

describe('RawColumns', () => {
  it.each([
    [['D1', 'Nguyễn Văn Hùng', '01/02/1985'], 'ASCII and Vietnamese'],
    [['', 'x', ''], 'empty cells'],
    [['😀', 'Ðặng', 'a,b"c'], 'astral characters and CSV punctuation'],
  ])('gives back %j (%s)', (cells) => {
    const b = new RawColumnsBuilder(['a', 'b', 'c']);
    b.append(cells);
    const raw = b.freeze();
    expect([0, 1, 2].map((c) => raw.cell(0, c))).toEqual(cells);
    expect(raw.get(0, 'b')).toBe(cells[1]);
  });

  it('gives back every cell of every row, also through a store rebuilt from its transferable', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 20 }), (rows) => {
        const b = new RawColumnsBuilder(['x', 'y']);
        for (const r of rows) b.append(r);
        const raw = RawColumns.fromTransferable(b.freeze().toTransferable());
        expect(rows.map((_, i) => [raw.cell(i, raw.columnIndex('x')), raw.cell(i, raw.columnIndex('y'))])).toEqual(rows);
      }),
    );
  });

  it('columnIndex is −1 for a column not kept', () => {
    expect(new RawColumnsBuilder(['x']).freeze().columnIndex('nope')).toBe(-1);
  });
});

describe('RawColumnsBuilder.appendFields: cells copied as bytes from scanned records', () => {
  const cell = fc.oneof(text, fc.constantFrom('', '"', '""', 'a,b', 'x\r\ny', 'Nguyễn "Bé"', '😀'));
  const quote = (c: string, always: boolean): string => (always || /[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);

  it('writes the same pool as append with the decoded, unescaped fields', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(cell, { minLength: 3, maxLength: 3 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.constantFrom([0], [2, 0], [1, 2, 0], [0, 0]),
        (rows, kept) => {
          const csv = rows.map(([cells, always]) => cells.map((c) => quote(c, always)).join(',')).join('\r\n');
          const byText = new RawColumnsBuilder(kept.map(String));
          const byBytes = new RawColumnsBuilder(kept.map(String));
          scanCsv(csv, (r) => {
            byText.append(kept.map((i) => r.field(i)));
            byBytes.appendFields(r, kept);
          });
          const a = byText.freeze();
          const b = byBytes.freeze();
          expect([Buffer.from(b.bytes), Array.from(b.offsets)]).toEqual([Buffer.from(a.bytes), Array.from(a.offsets)]);
          expect(b.size).toBe(rows.length);
        },
      ),
    );
  });
});

describe('RawColumnsBuilder: rows split across the pool\'s chunks', () => {
  const cell = fc.oneof(text, fc.constantFrom('', '"', 'a,b', 'Nguyễn "Bé"', '😀'));
  const quote = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);

  it.each([[1], [3], [7], [64]])('gives the pool and offsets of one large chunk, with chunks of %i bytes, by text and by bytes', (chunk) => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 15 }), (rows) => {
        const csv = rows.map((cells) => cells.map(quote).join(',')).join('\n');
        const whole = new RawColumnsBuilder(['a', 'b']);
        const byText = new RawColumnsBuilder(['a', 'b'], chunk);
        const byBytes = new RawColumnsBuilder(['a', 'b'], chunk);
        scanCsv(csv, (r) => {
          whole.append([r.field(0), r.field(1)]);
          byText.append([r.field(0), r.field(1)]);
          byBytes.appendFields(r, [0, 1]);
        });
        const w = whole.freeze();
        for (const b of [byText.freeze(), byBytes.freeze()]) {
          expect([Buffer.from(b.bytes), Array.from(b.offsets)]).toEqual([Buffer.from(w.bytes), Array.from(w.offsets)]);
        }
        expect(rows.map((_, i) => [w.cell(i, 0), w.cell(i, 1)])).toEqual(rows);
      }),
      { numRuns: 100 },
    );
  });
});
