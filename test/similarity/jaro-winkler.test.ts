import fc from 'fast-check';
import talismanJaro from 'talisman/metrics/jaro.js';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { describe, expect, it } from 'vitest';
import { jaroWinklerReference } from '../../src/similarity/jaro-winkler-reference.js';
import { jaro, jaroWinkler, WINKLER_BOOST_THRESHOLD } from '../../src/similarity/jaro-winkler.js';
import { ALPHABETS, relatedPair, VIETNAMESE_UNITS } from './arbitraries.js';

const RUNS = 2000;

describe('jaroWinkler / jaro agree exactly with talisman and the reference', () => {
  it.each(ALPHABETS)('random strings over %s', (_name, strings) => {
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        const expected = talismanJaroWinkler(a, b);
        expect(jaroWinkler(a, b)).toBe(expected);
        expect(jaroWinklerReference(a, b)).toBe(expected);
        expect(jaro(a, b)).toBe(talismanJaro(a, b));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['ASCII', [...'abcdefghijklmnopqrstuvwxyz']],
    ['Vietnamese', VIETNAMESE_UNITS],
  ] as const)('a string and a lightly edited copy (%s)', (_name, units) => {
    fc.assert(
      fc.property(relatedPair(units), ([a, b]) => {
        expect(jaroWinkler(a, b)).toBe(talismanJaroWinkler(a, b));
        expect(jaro(a, b)).toBe(talismanJaro(a, b));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('jaroWinkler invariants', () => {
  const strings = ALPHABETS[1][1];

  it('is symmetric', () => {
    fc.assert(fc.property(strings, strings, (a, b) => jaroWinkler(a, b) === jaroWinkler(b, a)), { numRuns: RUNS });
  });

  it('lies in [0, 1]', () => {
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        const s = jaroWinkler(a, b);
        return s >= 0 && s <= 1;
      }),
      { numRuns: RUNS },
    );
  });

  it('is 1 for a non-empty string against itself, also through a fresh copy', () => {
    fc.assert(
      fc.property(strings.filter((s) => s.length > 0), (a) => {
        const copy = a.split('').join('');
        return jaroWinkler(a, copy) === 1 && jaro(a, copy) === 1;
      }),
      { numRuns: RUNS },
    );
  });

  it('adds the prefix bonus only when Jaro reaches the 0.7 threshold', () => {
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        const j = jaro(a, b);
        const jw = jaroWinkler(a, b);
        return j < WINKLER_BOOST_THRESHOLD ? jw === j : jw >= j;
      }),
      { numRuns: RUNS },
    );
  });
});

describe('empty strings (talisman: equal strings score 1, one empty side scores 0)', () => {
  it.each([
    ['', '', 1],
    ['', 'a', 0],
    ['nguyen', '', 0],
  ])('jaroWinkler(%j, %j) = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBe(expected);
    expect(jaro(a, b)).toBe(expected);
  });
});

describe('worked values', () => {
  // Winkler (1990) / the usual textbook pairs, to three decimals.
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
  ])('%s / %s: Jaro %d, Jaro-Winkler %d', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('rounds half the transpositions down (natural does not)', () => {
    // window 2; matches a→b[2], b→b[0], c→b[1]: m = 3, all three pairs differ, t = ⌊3/2⌋ = 1.
    expect(jaro('abcdef', 'bcaxyz')).toBe((3 / 6 + 3 / 6 + (3 - 1) / 3) / 3);
  });

  it('gives no prefix bonus below Jaro 0.7 (natural does)', () => {
    // window 0: only 'a' matches, Jaro = 2/3 < 0.7, so the shared first letter adds nothing.
    expect(jaroWinkler('ab', 'ac')).toBe(jaro('ab', 'ac'));
    expect(jaro('ab', 'ac')).toBe((1 / 2 + 1 / 2 + 1) / 3);
  });

  it('caps the common prefix at four units', () => {
    const j = jaro('nguyenx', 'nguyeny');
    expect(jaroWinkler('nguyenx', 'nguyeny')).toBe(j + 4 * 0.1 * (1 - j));
  });
});
