import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateAtReference, estimateGap, ProbabilityEstimate } from '../../src/evaluate/unlabelled-estimate.js';
import { SortedCandidates } from '../../src/evaluate/threshold-sweep.js';
import { Sfc32 } from '../../src/generate/prng.js';

const probability = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 0.99, 1, Number.NaN));

describe('ProbabilityEstimate', () => {
  it.each([
    // [probabilities, threshold, links, expected TP, precision, recall]
    [[1, 0.9, 0.5, 0.1, 0], 0.5, 3, 2.4, 0.8, 2.4 / 2.5],
    [[1, 0.9, 0.5, 0.1, 0], 0.95, 1, 1, 1, 1 / 2.5],
    [[0.2, Number.NaN], 0.5, 0, 0, null, 0],
    [[], 0.5, 0, 0, null, null],
  ] as const)('%j at t = %d: links %d, expected TP %d, precision %s, recall %s', (ps, t, links, tp, precision, recall) => {
    const [p] = new ProbabilityEstimate(ps).at([t]);
    expect(p.links).toBe(links);
    expect(p.expected_tp).toBeCloseTo(tp, 12);
    if (precision === null) expect(p.precision).toBeNull();
    else expect(p.precision).toBeCloseTo(precision, 12);
    if (recall === null) expect(p.recall).toBeNull();
    else expect(p.recall).toBeCloseTo(recall, 12);
  });

  it('agrees with the reference recount at any threshold', () => {
    fc.assert(
      fc.property(fc.array(probability, { maxLength: 60 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), (ps, ts) => {
        const fast = new ProbabilityEstimate(ps).at(ts);
        ts.forEach((t, i) => {
          const ref = estimateAtReference(ps, t);
          expect(fast[i].links).toBe(ref.links);
          expect(fast[i].expected_tp).toBeCloseTo(ref.expected_tp, 9);
          expect(fast[i].expected_fn).toBeCloseTo(ref.expected_fn, 9);
        });
      }),
    );
  });

  it('recall never rises and expected FP never falls below 0 as the threshold rises', () => {
    fc.assert(
      fc.property(fc.array(probability, { minLength: 1, maxLength: 60 }), (ps) => {
        const points = new ProbabilityEstimate(ps).at([0, 0.1, 0.5, 0.9, 0.99, 1]);
        for (let i = 1; i < points.length; i++) {
          expect(points[i].links).toBeLessThanOrEqual(points[i - 1].links);
          if (points[i].recall !== null) expect(points[i].recall!).toBeLessThanOrEqual(points[i - 1].recall! + 1e-12);
        }
        for (const p of points) expect(p.expected_fp).toBeGreaterThanOrEqual(-1e-9);
      }),
    );
  });

  it('is close to the truth when the probabilities are calibrated (labels drawn with probability p)', () => {
    const gen = new Sfc32(7, 'calibrated');
    const rng = (): number => gen.float();
    const candidates: { probability: number; correct: boolean }[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Most doses near 1, a tail spread over (0, 1): the shape of a real run.
      const p = rng() < 0.85 ? 1 - rng() * 0.01 : rng();
      candidates.push({ probability: p, correct: rng() < p });
    }
    const present = candidates.filter((c) => c.correct).length;
    const ts = [0.5, 0.8, 0.9, 0.95, 0.99];
    const estimate = new ProbabilityEstimate(candidates.map((c) => c.probability)).at(ts);
    const truth = SortedCandidates.from(candidates).at(ts, present);
    const gap = estimateGap(estimate, truth);
    expect(gap.precision!.gap).toBeLessThan(0.01);
    expect(gap.recall!.gap).toBeLessThan(0.01);
  });
});

describe('estimateGap', () => {
  it('takes the largest absolute gap at thresholds from `from` up, where both are defined', () => {
    const estimate = new ProbabilityEstimate([1, 0.9, 0.6, 0.2]).at([0.1, 0.5, 0.95]);
    const truth = SortedCandidates.from([
      { probability: 1, correct: true },
      { probability: 0.9, correct: false },
      { probability: 0.6, correct: true },
      { probability: 0.2, correct: false },
    ]).at([0.1, 0.5, 0.95], 2);
    const gap = estimateGap(estimate, truth, 0.5);
    // At 0.5: estimated precision 2.5/3, true 2/3; at 0.95: 1 and 1.
    expect(gap.precision!.gap).toBeCloseTo(0.5 / 3, 12);
    expect(gap.precision!.threshold).toBe(0.5);
    // At 0.5: estimated recall 2.5/2.7, true 1; at 0.95: 1/2.7 and 0.5.
    expect(gap.recall!.gap).toBeCloseTo(Math.max(1 - 2.5 / 2.7, Math.abs(1 / 2.7 - 0.5)), 12);
  });
});
