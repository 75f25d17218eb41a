import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { untrainedModel } from '../../src/api/untrained-model.js';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';
import { Scorer } from '../../src/model/scorer.js';
import { loadSampleStores, sampleSettings } from '../engine/sample-stores.js';

const { left, right } = await loadSampleStores();
const base = untrainedModel(sampleSettings, left).parameters;

/** The model with every m drawn at random (normalized per comparison), so the bounds vary. */
function randomized(ms: number[][]): ModelParameters {
  return {
    ...base,
    comparisons: base.comparisons.map((c, k) => {
      const total = c.levels.reduce((s, _, l) => s + ms[k][l], 0);
      return { ...c, levels: c.levels.map((level, l) => ({ ...level, m: level.kind === 'null' ? 1 : ms[k][l] / total })) };
    }),
  };
}

describe('Scorer.costlyMaxWeight', () => {
  it('equals the every-level reference for every dose of the sample', () => {
    const scorer = new Scorer(sampleSettings, base, left, right);
    for (let j = 0; j < right.size; j++) expect(scorer.costlyMaxWeight(j)).toBe(scorer.costlyMaxWeightReference(j));
  });

  it('equals the reference under any m (TF on)', () => {
    const levelCounts = base.comparisons.map((c) => c.levels.length);
    const ms = fc.tuple(...levelCounts.map((n) => fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: n, maxLength: n })));
    fc.assert(
      fc.property(ms, fc.nat(right.size - 1), (m, j) => {
        const scorer = new Scorer(sampleSettings, randomized(m), left, right);
        expect(scorer.costlyMaxWeight(j)).toBe(scorer.costlyMaxWeightReference(j));
      }),
      { numRuns: 100 },
    );
  });
});
