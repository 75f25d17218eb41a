/**
 * Pruned linking (link-range.ts, LinkContext.prune) against scoring every pair: on the bundled
 * sample and under several thresholds, the formatted results (decision, person, probability,
 * weight, corrections) are identical, and so are the best candidate, its weight and its levels.
 * Pruning must actually skip pairs, or the comparison would prove nothing. Settling (the preset's
 * `only_unsettled` rules, asked only for unsettled doses) is off here: test/engine/link-settled.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { estimateModel } from '../../src/engine/estimate-model.js';
import { makeLinkContext, pruneRuleFor } from '../../src/engine/link-context.js';
import { allocateLinkOutput, linkRange, type LinkOutput } from '../../src/engine/link-range.js';
import { formattedText } from '../../src/engine/result-rows.js';
import type { ThresholdSettings } from '../../src/model/settings-schema.js';
import { loadSampleStores, sampleSettings as settings } from './sample-stores.js';
import { expectSameDecisions, THRESHOLD_CASES } from './same-links.js';

describe('pruned linking gives the decisions of scoring every pair', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const { model } = estimateModel(settings, left, right, plan);
  const C = settings.comparisons.length;

  function link(thresholds: ThresholdSettings, pruned: boolean, perTask = 500): { outs: LinkOutput[]; text: string; completed: number } {
    const ctx = makeLinkContext(settings, model.parameters, left, right, plan, thresholds);
    ctx.settle = undefined;
    if (pruned) ctx.prune = pruneRuleFor(thresholds);
    const outs: LinkOutput[] = [];
    let text = '';
    let completed = 0;
    for (let start = 0; start < right.size; start += perTask) {
      const out = allocateLinkOutput(start, Math.min(perTask, right.size - start), C);
      linkRange(ctx, out);
      outs.push(out);
      text += formattedText(out.results!);
      const weights = ctx.scratch.weights;
      const pairs = ctx.scratch.candidates.pairCount;
      for (let p = 0; p < pairs; p++) if (weights[p] !== -Infinity) completed++;
    }
    return { outs, text, completed };
  }

  it.each(THRESHOLD_CASES)('with %s: identical results, best candidates, weights and levels', (_, thresholds) => {
    expectSameDecisions(link(thresholds, true), link(thresholds, false), 'equal');
  });

  it('skips pairs: fewer pairs are scored in full than there are candidates', () => {
    const full = link(settings.thresholds, false);
    const pruned = link(settings.thresholds, true);
    expect(pruned.completed).toBeLessThan(full.completed * 0.8);
  });

  it('gives the same results whatever the range size', () => {
    expect(link(settings.thresholds, true, 97).text).toBe(link(settings.thresholds, true, 2000).text);
  });
});
