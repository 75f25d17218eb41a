import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digitsValue, pad6, pad9, PAD2, PAD3 } from '../../src/generate/digits.js';

describe('digit tables', () => {
  it('pad like padStart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        expect(pad9(n)).toBe(String(n).padStart(9, '0'));
        expect(pad6(n % 1_000_000)).toBe(String(n % 1_000_000).padStart(6, '0'));
        expect(PAD3[n % 1000]).toBe(String(n % 1000).padStart(3, '0'));
        expect(PAD2[n % 100]).toBe(String(n % 100).padStart(2, '0'));
      }),
    );
  });

  it.each([
    ['079090001234', 0, 6, 79090],
    ['079090001234', 6, 12, 1234],
    ['123', 0, 0, 0],
  ])('digitsValue(%s, %i, %i) = %i', (s, from, to, v) => {
    expect(digitsValue(s, from, to)).toBe(v);
  });
});
