import { describe, expect, it } from 'vitest';
import { compileComparisons } from '../../src/model/comparisons.js';
import { countUBatch, drawUPairs, emptyUCounts, estimateU, U_BATCH, uBatchCount, uFromCounts } from '../../src/model/u-sampling.js';
import { buildStores, presetSettings, type Row } from './store-fixture.js';

const settings = presetSettings();
const FAMILIES = ['Nguyễn', 'Trần', 'Lê', 'Phạm'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà'];

/** 200 register people: half women, families and given names cycling, distinct IDs and dates. */
const REGISTER: Row[] = Array.from({ length: 200 }, (_, k) => ({
  person_id: `079${k % 2}85${String(100000 + k).slice(1)}`.padEnd(12, '0'),
  full_name: `${FAMILIES[k % 4]} Văn ${GIVEN[k % 5]}`,
  dob: `${String((k % 28) + 1).padStart(2, '0')}/${String((k % 12) + 1).padStart(2, '0')}/${1950 + (k % 50)}`,
  gender: k % 2 === 0 ? 'Nam' : 'Nữ',
  province: '079',
  old_id: '',
}));

describe('estimateU (random register pairs)', () => {
  const { left } = buildStores(settings, REGISTER, []);
  const comparisons = compileComparisons(settings);
  const run = (seed: number) => estimateU(comparisons, left, { pairs: 50_000, seed, minProbability: 1e-6 });

  it('estimates u as the share of random pairs at each level', () => {
    const { u, counts } = run(1);
    const gender = comparisons.findIndex((c) => c.name === 'gender');
    // two random people share a gender about half the time
    expect(Math.abs(u[gender][1] - 0.5)).toBeLessThan(0.02);
    // five given names × four families cycle together: the same full name for 1 in 20 pairs
    const name = comparisons.findIndex((c) => c.name === 'full_name');
    expect(Math.abs(u[name][1] - 9 / 199)).toBeLessThan(0.01);
    expect(counts[name].reduce((a, b) => a + b)).toBe(50_000);
  });

  it('puts levels no register pair reaches (the same person_id) at the floor', () => {
    const { u } = run(1);
    const id = comparisons.findIndex((c) => c.name === 'citizen_id');
    expect(u[id][1]).toBeCloseTo(1e-6, 8);
  });

  it('reports null levels as 1 and the others summing to 1', () => {
    for (const row of run(3).u) {
      expect(row[0]).toBe(1);
      expect(Array.from(row.subarray(1)).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    }
  });

  it('is deterministic for a seed', () => {
    expect(run(5).u).toEqual(run(5).u);
    expect(run(5).u).not.toEqual(run(6).u);
  });

  it('needs two records', () => {
    const { left: one } = buildStores(settings, REGISTER.slice(0, 1), []);
    expect(() => estimateU(comparisons, one, { pairs: 10, seed: 1, minProbability: 1e-6 })).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('u from batches (drawUPairs, countUBatch, uFromCounts)', () => {
  const { left } = buildStores(settings, REGISTER, []);
  const comparisons = compileComparisons(settings);
  const pairs = 3 * U_BATCH + 123;
  const sample = drawUPairs(left.size, left.size, true, pairs, 7);
  const whole = estimateU(comparisons, left, { pairs, seed: 7, minProbability: 1e-6 });

  it.each([
    ['in order', [0, 1, 2, 3]],
    ['backwards', [3, 2, 1, 0]],
    ['interleaved', [2, 0, 3, 1]],
  ])('batches counted %s give estimateU’s counts and u exactly', (_, order) => {
    const counts = emptyUCounts(comparisons);
    for (const b of order) countUBatch(comparisons, left, left, sample, b, counts);
    expect(uBatchCount(pairs)).toBe(4);
    expect(counts).toEqual(whole.counts);
    expect(uFromCounts(comparisons, counts, pairs, 1e-6)).toEqual(whole);
  });

  it('draws pairs of two distinct records, in shared memory', () => {
    expect(sample.pairsL.buffer).toBeInstanceOf(SharedArrayBuffer);
    let same = 0;
    for (let k = 0; k < pairs; k++) if (sample.pairsL[k] === sample.pairsR[k]) same++;
    expect(same).toBe(0);
  });
});
