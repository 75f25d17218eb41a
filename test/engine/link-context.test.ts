/**
 * A worker's link context rebuilt from the shared form (link-context.ts): with the sharing
 * thread's term-frequency tables it uses those very tables (no count of the register again), and
 * it links a range exactly as a context that built its own.
 */
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { estimateModel } from '../../src/engine/estimate-model.js';
import { linkContextFromTransferable, makeLinkContext, shareLinkContext } from '../../src/engine/link-context.js';
import { allocateLinkOutput, linkRange } from '../../src/engine/link-range.js';
import { formattedText } from '../../src/engine/result-rows.js';
import { loadSampleStores, sampleSettings as settings } from './sample-stores.js';

describe('link context shared with a worker', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const { model } = estimateModel(settings, left, right, plan);
  const thresholds = settings.thresholds;
  const main = makeLinkContext(settings, model.parameters, left, right, plan, thresholds);

  function linkedText(ctx: ReturnType<typeof makeLinkContext>): string {
    const out = allocateLinkOutput(0, right.size, settings.comparisons.length);
    linkRange(ctx, out);
    return formattedText(out.results!);
  }

  it('the sample settings adjust some levels by term frequency (else the sharing proves nothing)', () => {
    expect(main.scorer.tf.length).toBeGreaterThan(0);
  });

  it('uses the sharing scorer’s tables, on its own view of the register’s codes', () => {
    const worker = linkContextFromTransferable({ ...shareLinkContext(settings, model.parameters, left, right, plan, main.scorer), thresholds });
    expect(worker.scorer.tf.map((t) => t.table)).toEqual(main.scorer.tf.map((t) => t.table));
    worker.scorer.tf.forEach((t, k) => {
      expect(t.table).toBe(main.scorer.tf[k].table);
      expect(t.codes).not.toBe(main.scorer.tf[k].codes);
      expect([...t.codes]).toEqual([...main.scorer.tf[k].codes]);
    });
  });

  it('links a range as a context that built its own tables', () => {
    const shared = linkContextFromTransferable({ ...shareLinkContext(settings, model.parameters, left, right, plan, main.scorer), thresholds });
    const own = linkContextFromTransferable({ ...shareLinkContext(settings, model.parameters, left, right, plan), thresholds });
    expect(own.scorer.tf[0].table).not.toBe(main.scorer.tf[0].table);
    expect(linkedText(shared)).toBe(linkedText(own));
  });

  it('rejects a shared table for a level that has none', () => {
    const t = shareLinkContext(settings, model.parameters, left, right, plan, main.scorer);
    const unadjusted = main.scorer.comparisons.findIndex((c) => c.field === 'gender');
    expect(unadjusted).toBeGreaterThanOrEqual(0);
    const bad = { ...t, tf: [{ ...t.tf![0], comparison: unadjusted, level: 1 }] };
    expect(() => linkContextFromTransferable(bad)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
