import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { collectCandidatePairs, estimateModel, fewMatchesNote, registerU } from '../../src/engine/estimate-model.js';
import { trainingU } from '../../src/model/train-model.js';
import type { UEstimate } from '../../src/model/u-sampling.js';
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

  it('u estimated from the register while the doses are still being read equals the u training computes afterwards', async () => {
    let early: UEstimate | undefined;
    let dictionarySizeThen = 0;
    const stores = await loadSampleStores({
      onRegisterRead: (register) => {
        early = registerU(settings, register);
        dictionarySizeThen = register.dictionaries.get('full_name').size;
      },
    });
    // The doses brought new strings after the snapshot: the early estimate read the register's codes only.
    expect(stores.left.dictionaries.get('full_name').size).toBeGreaterThan(dictionarySizeThen);
    const late = trainingU(settings, stores.left);
    expect(early!.counts).toEqual(late.counts);
    expect(early!.u).toEqual(late.u);
    const plan2 = BlockingPlan.build(settings.blocking_rules, stores.left, stores.right);
    const withEarly = estimateModel(settings, stores.left, stores.right, plan2, { u: early });
    const plain = estimateModel(settings, stores.left, stores.right, plan2);
    expect(withEarly.model.parameters).toEqual(plain.model.parameters);
  });
});

describe('fewMatchesNote: a model that expects almost no dose in the register says so', () => {
  it.each<[number, number, RegExp | null]>([
    [1.08e-6, 1_000_000, null], // the 1M × 1M run: λ · register ≈ 1.08
    [4.95e-4, 2_000, null], // the sample
    [1e-6, 500, /expects 0\.05 % of doses .*λ = 1\.00e-6/], // every person absent
    [9.9e-6, 1_000, /expects 0\.99 %/],
    [1e-5, 1_000, null], // exactly 1 %: not said
  ])('λ %d, register %d', (lambda, register, expected) => {
    const note = fewMatchesNote(lambda, register);
    if (expected === null) expect(note).toBeNull();
    else expect(note).toMatch(expected);
  });
});
