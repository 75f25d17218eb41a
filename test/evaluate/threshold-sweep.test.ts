import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bestF1Reference, pointReference, SortedCandidates, type Candidate } from '../../src/evaluate/threshold-sweep.js';

// Few distinct probabilities so that ties between correct and wrong candidates are common.
const probability = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const candidates = fc.array(fc.record({ probability, correct: fc.boolean() }), { maxLength: 80 });
/** present ≥ number of correct candidates: each correct candidate is a present dose. */
const caseArb = candidates.chain((cs) => fc.record({ cs: fc.constant(cs), present: fc.integer({ min: cs.filter((c) => c.correct).length, max: cs.length + 10 }) }));

describe('SortedCandidates.bestF1', () => {
  it('equals the brute-force sweep over every distinct threshold', () => {
    fc.assert(
      fc.property(caseArb, ({ cs, present }) => {
        expect(SortedCandidates.from(cs).bestF1(present)).toEqual(bestF1Reference(cs, present));
      }),
      { numRuns: 500 },
    );
  });

  it.each<[string, Candidate[], number, { f1: number | null; threshold: number | null }]>([
    ['no candidates', [], 3, { f1: null, threshold: null }],
    ['one correct of two present', [{ probability: 0.8, correct: true }], 2, { f1: 2 / 3, threshold: 0.8 }],
    // at 0.9: TP1 FP0 FN1 → 2/3; at 0.4: TP2 FP1 FN0 → 4/5
    ['a wrong link worth taking for the recall', [{ probability: 0.9, correct: true }, { probability: 0.6, correct: false }, { probability: 0.4, correct: true }], 2, { f1: 4 / 5, threshold: 0.4 }],
    // at 0.9 and at 0.5 F1 is 2/3 (TP1 FP0 FN1 and TP2 FP2 FN0): the higher threshold wins
    ['a tie goes to the higher threshold', [{ probability: 0.9, correct: true }, { probability: 0.5, correct: false }, { probability: 0.5, correct: false }, { probability: 0.5, correct: true }], 2, { f1: 2 / 3, threshold: 0.9 }],
  ])('%s', (_name, cs, present, expected) => {
    expect(SortedCandidates.from(cs).bestF1(present)).toEqual(expected);
  });
});

describe('SortedCandidates.at', () => {
  it('equals recounting at each threshold, including thresholds equal to a candidate probability', () => {
    fc.assert(
      fc.property(caseArb, fc.array(probability, { maxLength: 6 }), ({ cs, present }, ts) => {
        const thresholds = [...ts, ...cs.slice(0, 3).map((c) => c.probability)];
        expect(SortedCandidates.from(cs).at(thresholds, present)).toEqual(thresholds.map((t) => pointReference(cs, t, present)));
      }),
    );
  });

  it('ignores candidates without a probability', () => {
    const s = SortedCandidates.from([{ probability: Number.NaN, correct: true }, { probability: 0.5, correct: true }]);
    expect(s.at([0], 2)[0]).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('grows past its initial capacity', () => {
    const cs = Array.from({ length: 5000 }, (_, i) => ({ probability: (i % 1000) / 1000, correct: i % 3 !== 0 }));
    expect(SortedCandidates.from(cs).at([0.5], 4000)).toEqual([pointReference(cs, 0.5, 4000)]);
  });
});
