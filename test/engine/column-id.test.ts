import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_SLOT, IdColumn, IdColumnBuilder } from '../../src/engine/column-id.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

describe('IdColumn.digitsOf reads a slot back as the string that was stored', () => {
  it.each([
    ['079085001234', '079085001234'],
    ['79085001234', '079085001234'], // parse-id restores the leading zero
    ['025123456', '025123456'],
    ['', ''],
    ['0790850012345', '0790850012345'], // 13 characters: the whole slot
  ])('%j → %j', (raw, expected) => {
    const b = new IdColumnBuilder();
    b.append(raw);
    expect(b.freeze().digitsOf(0)).toBe(expected);
  });

  it('equals the char-by-char reference on any bytes (above 127 too) and lengths (past the slot too)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ minLength: ID_SLOT, maxLength: ID_SLOT }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), (records) => {
        const digits = new Uint8Array(records.length * ID_SLOT);
        records.forEach(([slot], i) => digits.set(slot, i * ID_SLOT));
        const column = new IdColumn(digits, Uint8Array.from(records, ([, n]) => n), new Uint8Array(records.length));
        records.forEach((_, i) => expect(column.digitsOf(i)).toBe(column.digitsOfReference(i)));
      }),
    );
  });
});

describe('IdColumnBuilder.appendField: a cell read from its bytes', () => {
  function build(cells: readonly string[], byBytes: boolean): number[][] {
    const builder = new IdColumnBuilder();
    const csv = cells.map((c) => (/^[^",\r\n]+$/.test(c) ? c : `"${c.replace(/"/g, '""')}"`)).join('\n');
    scanCsv(csv, (r) => {
      if (byBytes) builder.appendField(r, 0);
      else builder.append(r.field(0));
    });
    const c = builder.freeze();
    return [[...c.digits], [...c.length], [...c.idKind]];
  }

  // The cells copied from bytes (12 digits whatever their province and century digits, 9 digits,
  // empty) and cells beside them that parseId changes: 11 and 10 digits, separators, spaces, a
  // numeric export, a letter, a full-width digit, 13 digits, a quoted one.
  const CELLS = [
    '079085001234', '999985001234', '079785001234', '025123456', '', '79085001234', '1085001234', '079 085 001 234',
    ' 079085001234', '079085001234 ', '79085001234.0', '07908500123a', '０79085001234', '0790850012345', '"079085001234"',
    '02512345', '0251234567',
  ];

  it('gives the columns append gives with the decoded cell', () => {
    expect(build(CELLS, true)).toEqual(build(CELLS, false));
  });

  it('equals append on any cells: digit strings of any length, separators, any text', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '5', '9', ' ', '.', '-'), { maxLength: 14 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(digits, fc.stringMatching(/^\d{9}$|^\d{12}$/), fc.string({ maxLength: 13 })), { minLength: 1, maxLength: 20 }), (cells) => {
        expect(build(cells, true)).toEqual(build(cells, false));
      }),
      { numRuns: 300 },
    );
  });
});
