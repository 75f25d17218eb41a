import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { osaDistance } from '../../src/similarity/osa-distance.js';
import { stringOver } from './arbitraries.js';

/** The textbook full-matrix OSA recurrence (Damerau 1964 restricted to non-overlapping edits). */
function osaByFullMatrix(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const digits = stringOver([...'0123456789'], 14);
const fewDigits = stringOver(['0', '1', '2'], 14);

describe('osaDistance', () => {
  it.each([
    ['', '', 0],
    ['', '079', 3],
    ['079', '', 3],
    ['079200001234', '079200001234', 0],
    ['079200001234', '079200001334', 1], // one wrong digit
    ['079200001234', '079200002134', 1], // adjacent digits swapped
    ['079200001234', '07920001234', 1], // a digit dropped
    ['079200001234', '0792000012345', 1], // a digit added
    ['079200001234', '079200004321', 3], // 1234 → 4231 (two substitutions) → 4321 (swap)
    ['ca', 'abc', 3], // restricted: the swapped pair is not edited again
    ['kitten', 'sitting', 3],
  ])('osaDistance(%j, %j) = %i', (a, b, expected) => {
    expect(osaDistance(a, b)).toBe(expected);
  });

  it.each([
    ['digits', digits],
    ['a three-digit alphabet', fewDigits],
  ] as const)('equals the full-matrix recurrence on random %s', (_name, strings) => {
    fc.assert(fc.property(strings, strings, (a, b) => osaDistance(a, b) === osaByFullMatrix(a, b)), { numRuns: 2000 });
  });

  it('is symmetric, zero exactly for equal strings, and between the length gap and the longer length', () => {
    fc.assert(
      fc.property(fewDigits, fewDigits, (a, b) => {
        const d = osaDistance(a, b);
        expect(osaDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows its scratch rows for a long string and stays correct for short ones after', () => {
    const long = '0123456789'.repeat(10);
    expect(osaDistance(long, long.slice(1))).toBe(1);
    expect(osaDistance('12', '21')).toBe(1);
  });
});
