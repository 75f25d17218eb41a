import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { typo } from '../../src/generate/typo.js';
import { Sfc32 } from '../../src/generate/prng.js';
import { NAMES } from './fixture.js';

/** Optimal string alignment distance (Damerau-Levenshtein restricted), on code points: the oracle. */
function osa(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

describe('typo', () => {
  it('makes exactly one slip (edit distance 1) in any syllable of the name tables', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES.tokens.text), fc.integer({ min: 0, max: 2 ** 31 }), (s, seed) => {
        const out = typo(s, new Sfc32(seed));
        expect(osa(s, out)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([['A'], ['Ý'], ['Nguyễn']])('changes %s', (s) => {
    expect(typo(s, new Sfc32(1))).not.toBe(s);
  });
});
