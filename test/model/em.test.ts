import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateFromLabels, runEm, type EmOptions, type EmParameters } from '../../src/model/em.js';
import { aggregatePatterns } from '../../src/model/gamma-patterns.js';
import { Prng } from '../../src/model/prng.js';

/**
 * A known truth: four comparisons, level 0 null in each, m falling and u rising along the levels.
 * Null shares are the same in both classes (missingness says nothing about matching).
 */
const TRUTH = {
  lambda: 0.15,
  nullShare: [0.05, 0.1, 0.2, 0.02],
  m: [
    [0, 0.7, 0.15, 0.1, 0.05],
    [0, 0.85, 0.1, 0.05],
    [0, 0.8, 0.12, 0.05, 0.02, 0.01],
    [0, 0.95, 0.05],
  ],
  u: [
    [0, 0.01, 0.04, 0.15, 0.8],
    [0, 0.05, 0.15, 0.8],
    [0, 0.002, 0.008, 0.04, 0.15, 0.8],
    [0, 0.5, 0.5],
  ],
};
const LEVEL_COUNTS = TRUTH.m.map((m) => m.length);
const NULL_LEVELS = LEVEL_COUNTS.map(() => 0);
const TOLERANCE = 0.02;

function draw(rng: Prng, p: readonly number[], nullShare: number): number {
  if (rng.next() < nullShare) return 0;
  let x = rng.next();
  for (let l = 1; l < p.length; l++) {
    x -= p[l];
    if (x < 0) return l;
  }
  return p.length - 1;
}

/** n comparison vectors drawn from TRUTH, with their true labels. */
function synthetic(n: number, seed: number): { gamma: Uint8Array; labels: Uint8Array } {
  const rng = new Prng(seed);
  const C = LEVEL_COUNTS.length;
  const gamma = new Uint8Array(n * C);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const match = rng.next() < TRUTH.lambda;
    labels[k] = match ? 1 : 0;
    for (let c = 0; c < C; c++) gamma[k * C + c] = draw(rng, (match ? TRUTH.m : TRUTH.u)[c], TRUTH.nullShare[c]);
  }
  return { gamma, labels };
}

const OPTIONS: EmOptions = { maxIterations: 200, tolerance: 1e-7, minProbability: 1e-6, fixU: true, fixLambda: false };

function asRows(p: Float64Array[]): number[][] {
  return p.map((row) => Array.from(row));
}

function expectClose(actual: Float64Array[], expected: number[][], tolerance: number): void {
  actual.forEach((row, c) => {
    for (let l = 1; l < row.length; l++) expect(Math.abs(row[l] - expected[c][l])).toBeLessThan(tolerance);
  });
}

/** A deliberately poor start: every comparison uniform over its non-null levels but tilted. */
function roughStart(): EmParameters {
  const tilt = (n: number, up: boolean): Float64Array =>
    Float64Array.from({ length: n }, (_, l) => (l === 0 ? 1 : up ? l : n - l));
  return { lambda: 0.3, m: LEVEL_COUNTS.map((n) => tilt(n, false)), u: LEVEL_COUNTS.map((n) => tilt(n, true)) };
}

describe('EM on synthetic comparison vectors drawn from known m, u, λ', () => {
  const { gamma, labels } = synthetic(200_000, 7);
  const data = aggregatePatterns(gamma, labels.length, LEVEL_COUNTS);

  it(`with u fixed at the truth, recovers m and λ within ±${TOLERANCE}`, () => {
    const start = { ...roughStart(), u: TRUTH.u.map((u) => Float64Array.from(u)) };
    const r = runEm(data, NULL_LEVELS, start, OPTIONS);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambda - TRUTH.lambda)).toBeLessThan(TOLERANCE);
    expectClose(r.m, TRUTH.m, TOLERANCE);
    expect(asRows(r.u)).toEqual(TRUTH.u.map((u) => u.map((x, l) => (l === 0 ? 1 : x))));
  });

  it(`estimating u too, recovers m, u and λ within ±${TOLERANCE}`, () => {
    const r = runEm(data, NULL_LEVELS, roughStart(), { ...OPTIONS, fixU: false });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambda - TRUTH.lambda)).toBeLessThan(TOLERANCE);
    expectClose(r.m, TRUTH.m, TOLERANCE);
    expectClose(r.u, TRUTH.u, TOLERANCE);
  });

  it('never lowers the log likelihood from one iteration to the next', () => {
    const r = runEm(data, NULL_LEVELS, roughStart(), { ...OPTIONS, fixU: false, maxIterations: 40 });
    for (let k = 1; k < r.logLikelihood.length; k++) {
      expect(r.logLikelihood[k]).toBeGreaterThanOrEqual(r.logLikelihood[k - 1] - 1e-9 * Math.abs(r.logLikelihood[k - 1]));
    }
  });

  it('keeps λ fixed when asked', () => {
    const r = runEm(data, NULL_LEVELS, { ...roughStart(), lambda: 0.2 }, { ...OPTIONS, fixLambda: true });
    expect(r.lambda).toBe(0.2);
  });

  it('stops at max_iterations and says it did not converge', () => {
    const r = runEm(data, NULL_LEVELS, roughStart(), { ...OPTIONS, maxIterations: 2, tolerance: 1e-12 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });

  it('gives identical results for identical input (no hidden randomness)', () => {
    const a = runEm(data, NULL_LEVELS, roughStart(), OPTIONS);
    const b = runEm(aggregatePatterns(gamma, labels.length, LEVEL_COUNTS), NULL_LEVELS, roughStart(), OPTIONS);
    expect(asRows(b.m)).toEqual(asRows(a.m));
    expect(b.lambda).toBe(a.lambda);
  });

  it('reports null levels as m = u = 1 and every other level summing to 1', () => {
    const r = runEm(data, NULL_LEVELS, roughStart(), { ...OPTIONS, fixU: false });
    for (const p of [...r.m, ...r.u]) {
      expect(p[0]).toBe(1);
      expect(Array.from(p.subarray(1)).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    }
  });

  it(`estimated from the true labels, matches the truth within ±${TOLERANCE}`, () => {
    const r = estimateFromLabels(gamma, labels.length, LEVEL_COUNTS, NULL_LEVELS, labels, 1e-6);
    expect(Math.abs(r.lambda - TRUTH.lambda)).toBeLessThan(TOLERANCE);
    expectClose(r.m, TRUTH.m, TOLERANCE);
    expectClose(r.u, TRUTH.u, TOLERANCE);
  });
});

describe('EM edge cases', () => {
  it('floors a level never seen at min_probability instead of zero', () => {
    // comparison 0 never reaches level 2 in the data
    const gamma = Uint8Array.from([1, 1, 1, 3, 1, 3, 3, 3]);
    const data = aggregatePatterns(gamma, 8, [4]);
    const start = { lambda: 0.5, m: [Float64Array.of(1, 0.6, 0.3, 0.1)], u: [Float64Array.of(1, 0.1, 0.3, 0.6)] };
    const r = runEm(data, [0], start, { ...OPTIONS, fixU: false, minProbability: 1e-4 });
    expect(r.m[0][2]).toBeGreaterThanOrEqual(1e-4 * 0.99);
    expect(r.u[0][2]).toBeGreaterThanOrEqual(1e-4 * 0.99);
    expect(Number.isFinite(Math.log2(r.m[0][2] / r.u[0][2]))).toBe(true);
  });

  it('leaves a comparison that is null in every pair uniform', () => {
    const gamma = Uint8Array.from([0, 1, 0, 2, 0, 1]);
    const data = aggregatePatterns(gamma, 3, [3, 3]);
    const start = { lambda: 0.5, m: [Float64Array.of(1, 0.9, 0.1), Float64Array.of(1, 0.9, 0.1)], u: [Float64Array.of(1, 0.1, 0.9), Float64Array.of(1, 0.1, 0.9)] };
    const r = runEm(data, [0, 0], start, { ...OPTIONS, fixU: false });
    expect(Array.from(r.m[0])).toEqual([1, 0.5, 0.5]);
  });
});

describe('aggregatePatterns', () => {
  it('counts each distinct comparison vector once, in key order, whatever the pair order', () => {
    const levelCounts = [3, 4, 2];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(1)), { maxLength: 200 }),
        (rows) => {
          const gamma = Uint8Array.from(rows.flat());
          const p = aggregatePatterns(gamma, rows.length, levelCounts);
          const naive = new Map<string, number>();
          for (const r of rows) naive.set(r.join(','), (naive.get(r.join(',')) ?? 0) + 1);
          const got = new Map<string, number>();
          for (let k = 0; k < p.counts.length; k++) got.set(Array.from(p.patterns.subarray(k * 3, k * 3 + 3)).join(','), p.counts[k]);
          expect(got).toEqual(naive);
          expect(p.total).toBe(rows.length);
          const reversed = aggregatePatterns(Uint8Array.from([...rows].reverse().flat()), rows.length, levelCounts);
          expect(Array.from(reversed.patterns)).toEqual(Array.from(p.patterns));
        },
      ),
    );
  });
});

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('is roughly uniform on [0, 1)', () => {
    const r = new Prng(1);
    const bins = new Array(10).fill(0);
    for (let k = 0; k < 100_000; k++) bins[Math.floor(r.next() * 10)]++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });
});
