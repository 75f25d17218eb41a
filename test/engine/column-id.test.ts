import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_SLOT, IdColumn, IdColumnBuilder } from '../../src/engine/column-id.js';

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
