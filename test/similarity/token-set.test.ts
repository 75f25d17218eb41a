import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../../src/similarity/jaro-winkler.js';
import {
  EXACT_PAIRING_MAX_TOKENS,
  isProperTokenSubset,
  isReordered,
  tokenRelation,
  tokenSetSimilarity,
} from '../../src/similarity/token-set.js';

const words = (s: string): string[] => (s === '' ? [] : s.split(' '));

/** Best one-to-one pairing by trying every ordering of the larger list: the assignment by brute force. */
function bestPairingByPermutations(a: string[], b: string[]): number {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  let best = 0;
  const used = new Array<boolean>(large.length).fill(false);
  const walk = (i: number, sum: number): void => {
    if (i === small.length) {
      best = Math.max(best, sum);
      return;
    }
    for (let j = 0; j < large.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + jaroWinkler(small[i], large[j]));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

const token = fc.constantFrom('nguyen', 'nguyn', 'tran', 'le', 'thi', 'van', 'huong', 'huonh', 'lan', 'anh', 'ngoc', 'hoang');
const tokenList = (max: number) => fc.array(token, { maxLength: max });

describe('tokenSetSimilarity', () => {
  it.each([
    ['nguyen thi huong', 'nguyen thi huong', 'smaller', 1],
    ['huong nguyen thi', 'nguyen thi huong', 'smaller', 1], // family name moved to the end
    ['huong nguyen thi', 'nguyen thi huong', 'larger', 1],
    ['nguyen huong', 'nguyen thi huong', 'smaller', 1], // middle name dropped: free over the smaller list
    ['nguyen huong', 'nguyen thi huong', 'larger', 2 / 3], // … and charged over the larger one
    ['', '', 'smaller', 1],
    ['', 'nguyen', 'smaller', 0],
    ['nguyen', '', 'larger', 0],
  ] as const)('(%j, %j, over %s) = %d', (a, b, over, expected) => {
    expect(tokenSetSimilarity(words(a), words(b), over)).toBe(expected);
  });

  it('scores a misspelt word by its Jaro-Winkler, whatever the order', () => {
    const expected = (2 + jaroWinkler('huong', 'huonh')) / 3;
    expect(tokenSetSimilarity(words('nguyen thi huong'), words('huonh nguyen thi'))).toBeCloseTo(expected, 12);
  });

  it('finds the best pairing, not the greedy one', () => {
    // Greedy takes the exact pair anh–anh first and is left with an–thanh (no match at all);
    // the best pairing is an–anh plus anh–thanh.
    const best = (jaroWinkler('an', 'anh') + jaroWinkler('anh', 'thanh')) / 2;
    const greedy = (jaroWinkler('anh', 'anh') + jaroWinkler('an', 'thanh')) / 2;
    expect(best).toBeGreaterThan(greedy);
    expect(tokenSetSimilarity(['an', 'anh'], ['anh', 'thanh'])).toBeCloseTo(best, 12);
  });

  it('equals the brute-force best pairing over both denominators', () => {
    fc.assert(
      fc.property(tokenList(6), tokenList(6), (a, b) => {
        if (a.length === 0 || b.length === 0) return;
        const best = bestPairingByPermutations(a, b);
        expect(tokenSetSimilarity(a, b, 'smaller')).toBeCloseTo(best / Math.min(a.length, b.length), 12);
        expect(tokenSetSimilarity(a, b, 'larger')).toBeCloseTo(best / Math.max(a.length, b.length), 12);
      }),
      { numRuns: 500 },
    );
  });

  it('is symmetric, lies in [0, 1], and never scores the larger denominator above the smaller', () => {
    fc.assert(
      fc.property(tokenList(7), tokenList(7), (a, b) => {
        const s = tokenSetSimilarity(a, b);
        expect(tokenSetSimilarity(b, a)).toBeCloseTo(s, 12);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        expect(tokenSetSimilarity(a, b, 'larger')).toBeLessThanOrEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it(`pairs greedily above ${EXACT_PAIRING_MAX_TOKENS} tokens and still scores a reordering 1`, () => {
    const many = Array.from({ length: EXACT_PAIRING_MAX_TOKENS + 3 }, (_, i) => `w${i.toString(36)}x`);
    fc.assert(
      fc.property(fc.shuffledSubarray(many, { minLength: many.length }), (shuffled) => {
        expect(tokenSetSimilarity(many, shuffled)).toBe(1);
        const s = tokenSetSimilarity(many, shuffled.slice(2).concat(['zzz']), 'larger');
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThan(1);
      }),
      { numRuns: 50 },
    );
  });
});

describe('tokenRelation, isReordered, isProperTokenSubset', () => {
  it.each([
    ['nguyen thi huong', 'nguyen thi huong', 'equal'],
    ['', '', 'equal'],
    ['huong nguyen thi', 'nguyen thi huong', 'reordered'],
    ['nguyen huong', 'nguyen thi huong', 'a_within_b'],
    ['huong nguyen', 'nguyen thi huong', 'a_within_b'],
    ['', 'nguyen', 'a_within_b'],
    ['nguyen thi huong', 'nguyen huong', 'b_within_a'],
    ['nguyen thi huong', 'nguyen thi huonh', 'other'],
    ['nguyen nguyen', 'nguyen thi', 'other'], // multisets: one "nguyen" cannot cover two
    ['nguyen van an', 'nguyen thi huong', 'other'],
  ] as const)('tokenRelation(%j, %j) = %s', (a, b, expected) => {
    expect(tokenRelation(words(a), words(b))).toBe(expected);
  });

  it.each([
    ['huong nguyen thi', 'nguyen thi huong', true],
    ['nguyen thi huong', 'nguyen thi huong', false], // same order is not a reordering
    ['nguyen huong', 'nguyen thi huong', false],
  ])('isReordered(%j, %j) = %s', (a, b, expected) => {
    expect(isReordered(words(a), words(b))).toBe(expected);
  });

  it.each([
    ['nguyen huong', 'nguyen thi huong', true],
    ['nguyen thi huong', 'nguyen huong', false],
    ['nguyen thi huong', 'nguyen thi huong', false], // not a proper subset
    ['nguyen lan', 'nguyen thi huong', false],
  ])('isProperTokenSubset(%j, %j) = %s', (a, b, expected) => {
    expect(isProperTokenSubset(words(a), words(b))).toBe(expected);
  });

  it('agrees with sorting: reordered exactly when the sorted lists are equal and the lists are not', () => {
    fc.assert(
      fc.property(tokenList(5), tokenList(5), (a, b) => {
        const sortedEqual = [...a].sort().join(' ') === [...b].sort().join(' ');
        const sameOrder = a.join(' ') === b.join(' ');
        expect(isReordered(a, b)).toBe(sortedEqual && !sameOrder);
      }),
      { numRuns: 1000 },
    );
  });

  it('a list with one token removed is a proper subset of the original, in any order', () => {
    fc.assert(
      fc.property(tokenList(6).filter((l) => l.length > 0), fc.nat(), (list, at) => {
        const shorter = list.filter((_, i) => i !== at % list.length).reverse();
        expect(isProperTokenSubset(shorter, list)).toBe(true);
        expect(tokenRelation(shorter, list)).toBe('a_within_b');
      }),
      { numRuns: 1000 },
    );
  });
});
