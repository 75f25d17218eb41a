import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortInt32Range } from '../../src/blocking/int32-sort.js';

describe('sortInt32Range sorts a[lo, hi) ascending and leaves the rest alone', () => {
  it('agrees with Array.prototype.sort on random ranges (short and long, with repeats)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 400 }),
        fc.nat(),
        fc.nat(),
        (values, x, y) => {
          const a = Int32Array.from(values);
          const lo = values.length === 0 ? 0 : x % (values.length + 1);
          const hi = lo + (values.length === 0 ? 0 : y % (values.length - lo + 1));
          sortInt32Range(a, lo, hi);
          const expected = [...values.slice(0, lo), ...values.slice(lo, hi).sort((p, q) => p - q), ...values.slice(hi)];
          expect([...a]).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['already sorted', Array.from({ length: 1000 }, (_, i) => i)],
    ['reversed', Array.from({ length: 1000 }, (_, i) => 1000 - i)],
    ['all equal', new Array<number>(1000).fill(3)],
    ['extremes', [2 ** 31 - 1, -(2 ** 31), 0, -1, 1]],
  ])('%s', (_name, values) => {
    const a = Int32Array.from(values);
    sortInt32Range(a, 0, a.length);
    expect([...a]).toEqual([...values].sort((p, q) => p - q));
  });
});
