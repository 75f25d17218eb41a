import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EDIT_DELETION,
  EDIT_EQUAL,
  EDIT_INSERTION,
  EDIT_OTHER,
  EDIT_SUBSTITUTION,
  EDIT_TRANSPOSITION,
  idEditKindBytes,
} from '../../src/blocking/id-edit-bytes.js';
import { idEditKind, type IdEditKind } from '../../src/similarity/id-edit-kind.js';
import { digitString, editedCopy } from './arbitraries.js';

const NAMES: Record<number, IdEditKind> = {
  [EDIT_EQUAL]: 'equal',
  [EDIT_SUBSTITUTION]: 'substitution',
  [EDIT_TRANSPOSITION]: 'transposition',
  [EDIT_DELETION]: 'deletion',
  [EDIT_INSERTION]: 'insertion',
  [EDIT_OTHER]: 'other',
};

/** Both strings placed at offsets inside larger buffers, as slots in a column are. */
function kindBytes(a: string, b: string): IdEditKind {
  const bufA = Buffer.from(`xx${a}yyy`, 'latin1');
  const bufB = Buffer.from(`z${b}w`, 'latin1');
  return NAMES[idEditKindBytes(bufA, 2, a.length, bufB, 1, b.length)];
}

describe('idEditKindBytes names the same edit as idEditKind (its oracle)', () => {
  it.each([
    ['079090001234', '079090001234', 'equal'],
    ['079090001234', '079090001235', 'substitution'],
    ['079090001234', '079090002134', 'transposition'],
    ['079090001234', '07909001234', 'deletion'],
    ['079090001234', '0790900012340', 'insertion'],
    ['079090001234', '079090003214', 'other'],
    ['123456789', '079090001234', 'other'],
    ['', '', 'equal'],
    ['', '1', 'insertion'],
    ['11', '1', 'deletion'],
  ] as const)('%s → %s: %s', (a, b, expected) => {
    expect(kindBytes(a, b)).toBe(expected);
    expect(idEditKind(a, b)).toBe(expected);
  });

  it('on random digit strings', () => {
    fc.assert(
      fc.property(digitString(0, 13), digitString(0, 13), (a, b) => {
        expect(kindBytes(a, b)).toBe(idEditKind(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('on a digit string and a copy with up to two edits', () => {
    fc.assert(
      fc.property(digitString(1, 12).chain((a) => fc.tuple(fc.constant(a), editedCopy(a, 2))), ([a, b]) => {
        expect(kindBytes(a, b)).toBe(idEditKind(a, b));
      }),
      { numRuns: 3000 },
    );
  });
});
