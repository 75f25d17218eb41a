import fc from 'fast-check';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import talismanJaro from 'talisman/metrics/jaro.js';
import { describe, expect, it } from 'vitest';
import { jaroReference, jaroWinklerReference } from '../../src/similarity/jaro-winkler-reference.js';
import { ALPHABETS } from './arbitraries.js';

// The reference is the oracle for the fast kernel, so it is itself checked against talisman.
describe('the reference Jaro-Winkler reproduces talisman', () => {
  it.each(ALPHABETS)('random strings over %s', (_name, strings) => {
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        expect(jaroReference(a, b)).toBe(talismanJaro(a, b));
        expect(jaroWinklerReference(a, b)).toBe(talismanJaroWinkler(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['', '', 1],
    ['', 'x', 0],
    ['x', 'x', 1],
    ['x', 'y', 0],
  ])('jaroWinklerReference(%j, %j) = %d', (a, b, expected) => {
    expect(jaroWinklerReference(a, b)).toBe(expected);
  });
});
