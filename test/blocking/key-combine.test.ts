import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineKeyArrays, hashKeyPair, KEY_SPACE, KeyHasher, packsExactly } from '../../src/blocking/key-combine.js';
import { KhopError } from '../../src/errors.js';

describe('packsExactly: a tuple packs into one exact key when the radix product fits in 53 bits', () => {
  it.each([
    [[10_000, 200_000, 200_000], true], // year × two dictionary codes: 4·10¹⁴
    [[2 ** 26, 2 ** 27], true], // exactly 2^53
    [[2 ** 26, 2 ** 27 + 1], false],
    [[KEY_SPACE], true],
    [[KEY_SPACE, 2], false],
    [[13e12, 32768], false], // ID digits × year
  ])('%j → %s', (radices, expected) => {
    expect(packsExactly(radices)).toBe(expected);
  });

  it('rejects a radix that is not a positive integer', () => {
    expect(() => packsExactly([0])).toThrow(KhopError);
    expect(() => packsExactly([1.5])).toThrow(KhopError);
  });
});

const radices = [100, 7, 1000];
const tupleArb = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 999 }));

function combineOne(tuples: readonly (readonly number[])[], rs: readonly number[]): Float64Array {
  const parts = rs.map((_, p) => Float64Array.from(tuples.map((t) => t[p])));
  return combineKeyArrays(parts, rs);
}

describe('combineKeyArrays', () => {
  it('exact packing: two tuples get the same key exactly when they are equal', () => {
    fc.assert(
      fc.property(tupleArb, tupleArb, (a, b) => {
        const [ka, kb] = combineOne([a, b], radices);
        expect(ka === kb).toBe(a.every((v, k) => v === b[k]));
        expect(Number.isInteger(ka) && ka >= 0 && ka < 100 * 7 * 1000).toBe(true);
      }),
    );
  });

  it('hashed (radices too large): equal tuples get equal keys, integers below 2^53', () => {
    const big = [KEY_SPACE, KEY_SPACE];
    fc.assert(
      fc.property(fc.tuple(fc.maxSafeNat(), fc.maxSafeNat()), (t) => {
        const [k1, k2] = combineOne([t, [...t]], big);
        expect(k1).toBe(k2);
        expect(Number.isInteger(k1) && k1 >= 0 && k1 < KEY_SPACE).toBe(true);
      }),
    );
  });

  it('hashed: 100 000 distinct tuples give 100 000 distinct keys, and order matters', () => {
    const n = 100_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 317;
      b[i] = Math.floor(i / 317) * 2 ** 33;
    }
    const keys = combineKeyArrays([a, b], [KEY_SPACE, KEY_SPACE]);
    expect(new Set(keys).size).toBe(n);
    const swapped = combineKeyArrays([b, a], [KEY_SPACE, KEY_SPACE]);
    let same = 0;
    for (let i = 0; i < n; i++) if (keys[i] === swapped[i]) same++;
    expect(same).toBeLessThan(3); // (x, x) pairs only
  });

  it.each([
    ['NaN', NaN],
    ['−1', -1],
  ])('a missing part (%s) makes the combined key missing, in both modes', (_name, missing) => {
    const parts = [Float64Array.from([1, missing, 2]), Float64Array.from([3, 4, missing])];
    for (const rs of [[10, 10], [KEY_SPACE, KEY_SPACE]]) {
      const out = combineKeyArrays(parts, rs);
      expect(out[0] >= 0).toBe(true);
      expect(Number.isNaN(out[1])).toBe(true);
      expect(Number.isNaN(out[2])).toBe(true);
    }
  });

  it('a single part is copied unchanged into shared memory', () => {
    const out = combineKeyArrays([Int32Array.from([4, -1, 9])], [10]);
    expect([...out]).toEqual([4, NaN, 9]);
    expect(out.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('a part at or above its radix is an internal error (the radix must bound the key)', () => {
    expect(() => combineKeyArrays([Int32Array.from([10]), Int32Array.from([0])], [10, 10])).toThrow(KhopError);
    expect(() => combineKeyArrays([Int32Array.from([1])], [])).toThrow(KhopError);
  });
});

describe('KeyHasher and hashKeyPair', () => {
  it('hashKeyPair is the hasher over the two values, and depends on their order', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        expect(hashKeyPair(a, b)).toBe(new KeyHasher().reset().add(a).add(b).value());
        if (a !== b) expect(hashKeyPair(a, b)).not.toBe(hashKeyPair(b, a));
      }),
    );
  });

  it('a sequence and its prefix hash differently (the length is mixed in)', () => {
    const h = new KeyHasher();
    expect(h.reset().add(0).value()).not.toBe(h.reset().add(0).add(0).value());
  });
});
