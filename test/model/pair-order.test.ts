import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localityOrder } from '../../src/model/pair-order.js';

describe('localityOrder', () => {
  it('is a permutation that visits pairs by left row, to 12 bits, keeping batch order within a bucket', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000 }), fc.array(fc.nat(), { maxLength: 500 }), (leftSize, raw) => {
        const pairsL = Int32Array.from(raw, (x) => x % leftSize);
        const order = new Int32Array(pairsL.length);
        localityOrder(pairsL, pairsL.length, leftSize, order);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from(pairsL, (_, k) => k));
        let shift = 0;
        while ((leftSize - 1) >> shift >= 4096) shift++;
        for (let k = 1; k < order.length; k++) {
          const prev = pairsL[order[k - 1]] >> shift;
          const here = pairsL[order[k]] >> shift;
          expect(here).toBeGreaterThanOrEqual(prev);
          if (here === prev) expect(order[k]).toBeGreaterThan(order[k - 1]);
        }
      }),
    );
  });
});
