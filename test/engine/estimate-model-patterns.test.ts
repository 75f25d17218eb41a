/**
 * Training's pattern counts with each pair compared once (train-patterns.ts) against the reference:
 * `countPatterns` set by set (all pairs, then each rule's session), as training counted them before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { collectCandidatePairs, concatPairs, estimateModel, sessionsByRule, trainingSessions, TRAINING_DOSES } from '../../src/engine/estimate-model.js';
import { countTrainingPatterns, selectTrainingPairs, type MaskedPairs, type RuleSession } from '../../src/engine/train-patterns.js';
import { compileComparisons } from '../../src/model/comparisons.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { countPatterns, sampleStep, trainingU, trainModel } from '../../src/model/train-model.js';
import { loadSampleStores, sampleSettings } from './sample-stores.js';

function withMaxPairs(maxPairs: number): Settings {
  return { ...sampleSettings, em: { ...sampleSettings.em, max_training_pairs: maxPairs } };
}

describe('training pattern counts, each pair compared once', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(sampleSettings.blocking_rules, left, right);
  const pairs = collectCandidatePairs(plan);
  const comparisons = compileComparisons(sampleSettings);

  // The sample has ~4k candidate pairs: small maxima make every set sampled, large ones none
  // (the settings allow no maximum below 1000; these counts take any).
  it.each([[1_000_000], [1500], [333], [50], [1]])('gives every session the counts countPatterns gives it (max_training_pairs %i)', (maxPairs) => {
    const settings = withMaxPairs(maxPairs);
    const sessions = trainingSessions(settings, pairs)!;
    const counted = countTrainingPatterns(comparisons, left, right, pairs, sessions, maxPairs);
    expect(counted.all).toEqual(countPatterns(comparisons, left, right, pairs, maxPairs));
    const reference = sessionsByRule(settings, pairs).filter((s) => s.count > 0 && s.fixed.length < settings.comparisons.length);
    expect(counted.sessions!.map((s) => s.name)).toEqual(reference.map((s) => s.name));
    counted.sessions!.forEach((s, k) => {
      expect(s.pairs).toBe(reference[k].count);
      expect(s.patterns).toEqual(countPatterns(comparisons, left, right, reference[k], maxPairs));
    });
  });

  it('compares fewer pairs than counting set by set, none twice', () => {
    const sessions = trainingSessions(sampleSettings, pairs)!;
    const selection = selectTrainingPairs(pairs, sessions, Infinity);
    const setBySet = pairs.count + sessions.reduce((n, s) => n + s.count, 0);
    expect(selection.count).toBe(pairs.count);
    expect(selection.count).toBeLessThan(setBySet / 2);
    const seen = new Set<number>();
    for (let n = 0; n < selection.count; n++) seen.add(selection.pairsR[n] * left.size + selection.pairsL[n]);
    expect(seen.size).toBe(selection.count);
  });

  it.each([[1_000_000], [1500], [1000]])('trains the same model as trainModel on the per-rule sessions (max_training_pairs %i)', (maxPairs) => {
    const settings = withMaxPairs(maxPairs);
    const u = trainingU(settings, left);
    const fresh = estimateModel(settings, left, right, plan, { u });
    const stride = Math.max(1, Math.ceil(right.size / TRAINING_DOSES));
    const sessions = sessionsByRule(settings, pairs).filter((s) => s.count > 0 && s.fixed.length < settings.comparisons.length);
    const old = trainModel({ settings, left, right, pairs, sessions, totalPairs: left.size * Math.ceil(right.size / stride), u });
    expect(fresh.result).toEqual(old);
  });

  it.each([[1, [0, 700, 701, 1999, 2000]], [3, [0, 600, 1203, 2000]], [7, [0, 7, 1400, 2000]]])(
    'collects, range by range with a stride of %i, the pairs of the whole (split at %j)',
    (stride, cuts) => {
      const parts = cuts.slice(1).map((end, k) => collectCandidatePairs(plan, stride, cuts[k], end));
      const whole = collectCandidatePairs(plan, stride);
      const joined = concatPairs(parts);
      expect(joined.count).toBe(whole.count);
      expect(joined.pairsL).toEqual(whole.pairsL.slice(0, whole.count));
      expect(joined.pairsR).toEqual(whole.pairsR.slice(0, whole.count));
      expect(joined.masks).toEqual(whole.masks.slice(0, whole.count));
    },
  );
});

describe('selectTrainingPairs', () => {
  /** The reference: each set's systematic sample (its j-th pair when j mod step = 0), as pair indices. */
  function sampleOf(indices: number[], maxPairs: number): Set<number> {
    const step = sampleStep(indices.length, maxPairs);
    return new Set(indices.filter((_, j) => j % step === 0));
  }

  it('selects the union of the samples of all pairs and of each session, in order, marking which read each', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (maskList, maxPairs) => {
        const count = maskList.length;
        const pairs: MaskedPairs = { pairsL: Int32Array.from(maskList, (_, p) => p * 3), pairsR: Int32Array.from(maskList, (_, p) => p), masks: Uint32Array.from(maskList), count };
        const sessions: RuleSession[] = [0, 1, 3].map((k) => ({ name: `r${k}`, fixed: [], bit: 1 << k, count: maskList.filter((m) => (m & (1 << k)) !== 0).length }));
        const all = sampleOf([...Array(count).keys()], maxPairs);
        const per = sessions.map((s) => sampleOf([...Array(count).keys()].filter((p) => (maskList[p] & s.bit) !== 0), maxPairs));
        const expected = [...Array(count).keys()].filter((p) => all.has(p) || per.some((set) => set.has(p)));
        const selection = selectTrainingPairs(pairs, sessions, maxPairs);
        expect(Array.from(selection.pairsR)).toEqual(expected);
        expect(Array.from(selection.pairsL)).toEqual(expected.map((p) => p * 3));
        expect(Array.from(selection.inAll)).toEqual(expected.map((p) => (all.has(p) ? 1 : 0)));
        expect(Array.from(selection.inSession)).toEqual(expected.map((p) => per.reduce((bits, set, s) => (set.has(p) ? bits | (1 << s) : bits), 0)));
      }),
    );
  });
});
