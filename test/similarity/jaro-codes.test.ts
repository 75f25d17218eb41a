import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroCodes, type CodeUnits } from '../../src/similarity/jaro-codes.js';
import { jaroReference, jaroWinklerReference } from '../../src/similarity/jaro-winkler-reference.js';
import { jaroWinklerCodes } from '../../src/similarity/jaro-winkler.js';
import { stringOver, VIETNAMESE_UNITS } from './arbitraries.js';

/** Lays a and b out in one pooled buffer after some junk, the way the record store holds names. */
function pooled(a: string, b: string, padding: number, bytes: boolean): { buf: CodeUnits; aStart: number; bStart: number } {
  const text = 'z'.repeat(padding) + a + '#'.repeat(padding) + b + 'q'.repeat(padding);
  const buf = bytes ? new Uint8Array(text.length) : new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) buf[i] = text.charCodeAt(i);
  return { buf, aStart: padding, bStart: 2 * padding + a.length };
}

describe('jaroCodes / jaroWinklerCodes on a pooled buffer', () => {
  it.each([
    ['bytes', true, stringOver([...'abcdgh n'])],
    ['UTF-16', false, stringOver(VIETNAMESE_UNITS)],
  ] as const)('equal the reference for slices of a shared %s buffer', (_name, bytes, strings) => {
    fc.assert(
      fc.property(strings, strings, fc.nat({ max: 5 }), (a, b, padding) => {
        const { buf, aStart, bStart } = pooled(a, b, padding, bytes);
        expect(jaroCodes(buf, aStart, a.length, buf, bStart, b.length)).toBe(jaroReference(a, b));
        expect(jaroWinklerCodes(buf, aStart, a.length, buf, bStart, b.length)).toBe(jaroWinklerReference(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  // The longer string picks the path: one 32-bit word, two words, or the plain scan.
  it.each([1, 2, 31, 32, 33, 63, 64, 65, 80])('matches the reference when the longer string has %i units', (longer) => {
    fc.assert(
      fc.property(stringOver(['a', 'b'], longer, longer), stringOver(['a', 'b'], longer), (a, b) => {
        const { buf, aStart, bStart } = pooled(a, b, 3, true);
        expect(jaroCodes(buf, aStart, a.length, buf, bStart, b.length)).toBe(jaroReference(a, b));
        expect(jaroCodes(buf, bStart, b.length, buf, aStart, a.length)).toBe(jaroReference(b, a));
      }),
      { numRuns: 300 },
    );
  });

  // The common prefix is counted before the bit-parallel step, which then sees only the rests
  // but must keep the window of the full lengths (wider than one word past 64 units).
  it('matches the reference for strings sharing a long prefix', () => {
    const tail = stringOver(['a', 'b', 'c'], 40);
    fc.assert(
      fc.property(stringOver(['a', 'b', 'c'], 90), tail, tail, (prefix, x, y) => {
        const a = prefix + x;
        const b = prefix + y;
        const { buf, aStart, bStart } = pooled(a, b, 1, true);
        expect(jaroCodes(buf, aStart, a.length, buf, bStart, b.length)).toBe(jaroReference(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves no state behind: any sequence of calls scores each pair as if it were alone', () => {
    const anyLength = stringOver(['a', 'b', 'c', 'đ'], 80);
    fc.assert(
      fc.property(fc.array(fc.tuple(anyLength, anyLength), { minLength: 1, maxLength: 12 }), (pairs) => {
        for (const [a, b] of pairs) {
          const { buf, aStart, bStart } = pooled(a, b, 0, false);
          expect(jaroCodes(buf, aStart, a.length, buf, bStart, b.length)).toBe(jaroReference(a, b));
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [0, 0, 1],
    [0, 3, 0],
    [3, 0, 0],
  ])('empty runs: lengths %i and %i score %d', (aLen, bLen, expected) => {
    const buf = Uint8Array.from([97, 98, 99]);
    expect(jaroCodes(buf, 0, aLen, buf, 0, bLen)).toBe(expected);
    expect(jaroWinklerCodes(buf, 0, aLen, buf, 0, bLen)).toBe(expected);
  });
});
