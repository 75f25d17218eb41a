import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { collectCandidatePairs, estimateModel } from '../../src/engine/estimate-model.js';
import { loadSampleStores, sampleSettings as settings } from './sample-stores.js';

describe('estimating a model inside the match job', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);

  it('a stride of k collects exactly the candidate pairs of every k-th dose', () => {
    const all = collectCandidatePairs(plan);
    const sampled = collectCandidatePairs(plan, 3);
    const expected: string[] = [];
    for (let p = 0; p < all.count; p++) if (all.pairsR[p] % 3 === 0) expected.push(`${all.pairsR[p]}:${all.pairsL[p]}:${all.masks[p]}`);
    const got: string[] = [];
    for (let p = 0; p < sampled.count; p++) got.push(`${sampled.pairsR[p]}:${sampled.pairsL[p]}:${sampled.masks[p]}`);
    expect(got).toEqual(expected);
    expect(sampled.count).toBeGreaterThan(0);
  });

  it('is deterministic: the same data and seed give the same parameters', () => {
    const a = estimateModel(settings, left, right, plan).model.parameters;
    const b = estimateModel(settings, left, right, plan).model.parameters;
    expect(b).toEqual(a);
  });
});
