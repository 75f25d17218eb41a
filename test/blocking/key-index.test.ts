import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/blocking/key-index.js';

/** The reference: key → ascending rows, with a Map. */
function reference(keys: ArrayLike<number>): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!(k >= 0)) continue;
    const list = m.get(k);
    if (list === undefined) m.set(k, [i]);
    else list.push(i);
  }
  return m;
}

function rowsOf(index: KeyIndex, key: number): number[] | null {
  const b = index.find(key);
  if (b < 0) return null;
  return index.blockRows(b);
}

function expectSameAsReference(index: KeyIndex, keys: ArrayLike<number>, probes: readonly number[]): void {
  const ref = reference(keys);
  expect(index.blockCount).toBe(ref.size);
  expect(index.rowCount).toBe([...ref.values()].reduce((s, l) => s + l.length, 0));
  const shared = [...ref.values()].filter((l) => l.length > 1);
  expect(index.sharedKeys()).toEqual({ keys: shared.length, rows: shared.reduce((s, l) => s + l.length, 0) });
  for (const [k, rows] of ref) {
    expect(rowsOf(index, k)).toEqual(rows);
    expect(index.countOf(k)).toBe(rows.length);
  }
  for (const p of probes) if (!ref.has(p)) expect(index.find(p)).toBe(-1);
}

/** Keys from a small range, so blocks repeat; missing values mixed in. */
const float64Keys = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, -1, -7.5) },
    ),
    { maxLength: 300 },
  )
  .map((a) => Float64Array.from(a));

const int32Keys = fc
  .array(fc.integer({ min: -1, max: 30 }), { maxLength: 300 })
  .map((a) => Int32Array.from(a));

describe('KeyIndex.sharedKeys counts the keys of two rows or more, and their rows', () => {
  it.each([
    [[], { keys: 0, rows: 0 }],
    [[5, 6, 7], { keys: 0, rows: 0 }],
    [[5, 5, 7], { keys: 1, rows: 2 }],
    [[5, 7, 5, 7, 5, NaN, -1, -1], { keys: 2, rows: 5 }],
  ])('%j → %j', (keys, expected) => {
    expect(KeyIndex.build(Float64Array.from(keys)).sharedKeys()).toEqual(expected);
  });
});

describe('KeyIndex agrees with a Map from key to ascending rows', () => {
  it('Float64 keys (small codes, 53-bit values, NaN and negatives missing)', () => {
    fc.assert(
      fc.property(float64Keys, fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 20 }), (keys, probes) => {
        expectSameAsReference(KeyIndex.build(keys), keys, [...probes, 41, 2 ** 52]);
      }),
      { numRuns: 300 },
    );
  });

  it('Int32 keys with −1 as missing', () => {
    fc.assert(
      fc.property(int32Keys, (keys) => {
        expectSameAsReference(KeyIndex.build(keys), keys, [31, 1000]);
      }),
      { numRuns: 300 },
    );
  });

  it('keys that differ only above bit 32 land in different blocks', () => {
    const keys = Float64Array.from([5, 5 + 2 ** 32, 5 + 2 ** 40, 5]);
    const index = KeyIndex.build(keys);
    expect(rowsOf(index, 5)).toEqual([0, 3]);
    expect(rowsOf(index, 5 + 2 ** 32)).toEqual([1]);
    expect(rowsOf(index, 5 + 2 ** 40)).toEqual([2]);
  });

  it.each([
    ['NaN', NaN],
    ['−1', -1],
    ['−0.5', -0.5],
  ])('a missing probe (%s) finds nothing', (_name, probe) => {
    expect(KeyIndex.build(Float64Array.from([0, 1, 2])).find(probe)).toBe(-1);
  });

  it('an empty or all-missing key array gives an empty index', () => {
    for (const keys of [new Float64Array(0), Float64Array.from([NaN, -1])]) {
      const index = KeyIndex.build(keys);
      expect(index.blockCount).toBe(0);
      expect(index.rowCount).toBe(0);
      expect(index.find(0)).toBe(-1);
      expect(index.largestBlock()).toBe(0);
    }
  });

  it('a side whose keys are mostly missing (a refine index) costs memory for its present keys only', () => {
    const keys = new Float64Array(100_000).fill(NaN);
    keys[10] = 5;
    keys[99_999] = 5;
    keys[500] = 8;
    const index = KeyIndex.build(keys);
    expect(index.blockRows(index.find(5))).toEqual([10, 99_999]);
    expect(index.blockRows(index.find(8))).toEqual([500]);
    expect(index.byteLength).toBeLessThan(1024);
  });

  it('largestBlock is the size of the biggest block', () => {
    fc.assert(
      fc.property(int32Keys, (keys) => {
        const sizes = [...reference(keys).values()].map((l) => l.length);
        expect(KeyIndex.build(keys).largestBlock()).toBe(Math.max(0, ...sizes));
      }),
    );
  });
});

describe('KeyIndex in shared memory', () => {
  it('every array is backed by a SharedArrayBuffer', () => {
    const t = KeyIndex.build(Int32Array.from([3, 1, 3])).toTransferable();
    for (const b of [t.blocks, t.rows, t.table]) expect(b).toBeInstanceOf(SharedArrayBuffer);
  });

  it('a structured clone of the transferable (as a worker receives it) answers the same, sharing the memory', () => {
    fc.assert(
      fc.property(float64Keys, (keys) => {
        const index = KeyIndex.build(keys);
        const copy = KeyIndex.fromTransferable(structuredClone(index.toTransferable()));
        expectSameAsReference(copy, keys, [41]);
      }),
      { numRuns: 50 },
    );
    const index = KeyIndex.build(Int32Array.from([7, 7]));
    const copy = KeyIndex.fromTransferable(structuredClone(index.toTransferable()));
    new Int32Array(index.toTransferable().rows)[0] = 99; // only to prove the memory is shared, not copied
    expect(copy.blockRows(0)).toEqual([99, 1]);
  });
});

describe('KeyIndex.findBatch agrees with find', () => {
  it('on random keys and probes (present, absent, missing, colliding slots)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constant(NaN), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), { maxLength: 80 }),
        fc.array(fc.oneof(fc.integer({ min: -2, max: 70 }), fc.constant(NaN), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), { maxLength: 40 }),
        fc.nat({ max: 5 }),
        (left, probes, from) => {
          const index = KeyIndex.build(Float64Array.from(left));
          const keys = Float64Array.from([...Array.from({ length: from }, () => 0), ...probes]);
          const blocks = new Int32Array(probes.length);
          const slots = new Int32Array(probes.length);
          index.findBatch(keys, from, keys.length, blocks, slots);
          expect([...blocks]).toEqual(probes.map((k) => index.find(k)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on Int32 keys and an empty index', () => {
    const empty = KeyIndex.build(Int32Array.from([-1, -1]));
    const blocks = new Int32Array(3);
    empty.findBatch(Int32Array.from([0, 5, -1]), 0, 3, blocks, new Int32Array(3));
    expect([...blocks]).toEqual([-1, -1, -1]);
    const index = KeyIndex.build(Int32Array.from([4, 9, 4]));
    index.findBatch(Int32Array.from([9, 4, 7]), 0, 3, blocks, new Int32Array(3));
    expect([...blocks]).toEqual([index.find(9), index.find(4), -1]);
  });
});

describe('KeyIndex.buildSparse', () => {
  it('indexes the listed rows as build does the same keys spread over every row (missing elsewhere)', () => {
    fc.assert(
      fc.property(float64Keys, (keys) => {
        const rows = Int32Array.from([...keys.keys()].filter((i) => keys[i] >= 0));
        const sparse = KeyIndex.buildSparse(rows, Float64Array.from(rows, (i) => keys[i]), rows.length);
        expectSameAsReference(sparse, keys, [41, 2 ** 52]);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['rows not ascending', [3, 1], [5, 6]],
    ['a repeated row', [2, 2], [5, 6]],
    ['a missing key', [1, 2], [5, NaN]],
    ['a negative row', [-1, 2], [5, 6]],
  ])('refuses %s', (_name, rows, keys) => {
    expect(() => KeyIndex.buildSparse(Int32Array.from(rows), Float64Array.from(keys), rows.length)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
