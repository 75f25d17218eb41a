import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { JW_MAX_BYTES, LevelJaroWinkler, jaroWinklerUpperBound } from '../../src/model/level-jaro-winkler.js';
import { jaroWinkler } from '../../src/similarity/jaro-winkler.js';

/** Folded-name-like strings: a small alphabet so that pairs share letters often. */
const folded = fc.string({ unit: fc.constantFrom(...'anghuyen tridvl'), maxLength: 24 });

function pool(strings: string[]): Dictionary {
  const d = new Dictionary();
  for (const s of strings) d.intern(s);
  d.freeze();
  return d;
}

describe('jaroWinklerUpperBound', () => {
  it('is never below the Jaro-Winkler similarity', () => {
    fc.assert(
      fc.property(folded, folded, (a, b) => {
        const d = pool([a, b]);
        const ca = d.find(a);
        const cb = d.find(b);
        const o = d.offsets;
        const bound = jaroWinklerUpperBound(d.bytes, o[ca], o[ca + 1] - o[ca], o[cb], o[cb + 1] - o[cb]);
        expect(bound).toBeGreaterThanOrEqual(jaroWinkler(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['nguyen van hung', 'nguyen van hung'],
    ['abc', 'xyz'],
    ['', ''],
    ['martha', 'marhta'],
  ])('%j vs %j: the bound is tight when no transposition or window loses a match', (a, b) => {
    const d = pool([a, b]);
    const o = d.offsets;
    const ca = d.find(a);
    const cb = d.find(b);
    const bound = jaroWinklerUpperBound(d.bytes, o[ca], o[ca + 1] - o[ca], o[cb], o[cb + 1] - o[cb]);
    if (a === b || a === 'abc') expect(bound).toBe(jaroWinkler(a, b));
    else expect(bound).toBeGreaterThan(jaroWinkler(a, b));
  });
});

describe('LevelJaroWinkler', () => {
  it('agrees with Jaro-Winkler on every threshold at or above its floor, cached or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(folded, folded), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, floor, above) => {
          const d = pool(pairs.flat());
          const level = new LevelJaroWinkler(floor);
          const threshold = floor + (1 - floor) * above;
          for (let pass = 0; pass < 2; pass++) {
            for (const [a, b] of pairs) {
              const v = level.get(d.find(a), d.find(b), d.bytes, d.offsets);
              const exact = jaroWinkler(a, b);
              expect(v >= threshold).toBe(exact >= threshold);
              if (exact >= floor) expect(v).toBe(exact);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    [-1, 3, 0],
    [2, -1, 0],
    [4, 4, 1],
  ])('codes %i and %i (absent or equal) → %f without a lookup', (a, b, expected) => {
    expect(new LevelJaroWinkler(0.8).get(a, b, new Uint8Array(0), new Uint32Array(0))).toBe(expected);
  });
});

describe('LevelJaroWinkler on strings longer than JW_MAX_BYTES', () => {
  it('compares their first JW_MAX_BYTES bytes: the value of the cut strings, what follows unread', () => {
    const long = fc.string({ unit: fc.constantFrom(...'anghuyen tridvl'), minLength: JW_MAX_BYTES + 1, maxLength: 600 });
    fc.assert(
      fc.property(long, long, (a, b) => {
        fc.pre(a !== b);
        const d = pool([a, b, a.slice(0, JW_MAX_BYTES), b.slice(0, JW_MAX_BYTES)]);
        const v = new LevelJaroWinkler(0).get(d.find(a), d.find(b), d.bytes, d.offsets);
        expect(v).toBeCloseTo(jaroWinkler(a.slice(0, JW_MAX_BYTES), b.slice(0, JW_MAX_BYTES)), 12);
      }),
      { numRuns: 100 },
    );
    const head = 'nguyen '.repeat(40);
    const d = pool([`${head}an`, `${head}binh`]);
    expect(new LevelJaroWinkler(0).get(d.find(`${head}an`), d.find(`${head}binh`), d.bytes, d.offsets)).toBe(1);
  });
});
