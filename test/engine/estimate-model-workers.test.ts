/**
 * Training in the match job's worker threads (train-in-workers.ts, train-tasks.ts) gives exactly
 * the model of training on the calling thread.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { estimateModel } from '../../src/engine/estimate-model.js';
import { runMatchJob } from '../../src/engine/match-job.js';
import { estimateModelInWorkers, splitRange } from '../../src/engine/train-in-workers.js';
import { LinkPool } from '../../src/engine/worker-pool.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { loadSampleStores, SAMPLE, sampleSettings } from './sample-stores.js';

const pool = new LinkPool(2);
afterAll(() => pool.close());

function withMaxPairs(maxPairs: number): Settings {
  return { ...sampleSettings, em: { ...sampleSettings.em, max_training_pairs: maxPairs } };
}

describe('training in worker threads', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(sampleSettings.blocking_rules, left, right);

  it.each([[1_000_000], [1500], [1000]])('trains the model of the calling thread (max_training_pairs %i)', async (maxPairs) => {
    const settings = withMaxPairs(maxPairs);
    const one = estimateModel(settings, left, right, plan);
    const two = await estimateModelInWorkers(pool, randomUUID(), settings, left, right, plan);
    expect(two.result).toEqual(one.result);
    expect(two.model.parameters).toEqual(one.model.parameters);
  });

  it('runs the match job to the same model and training report with 1 and 2 threads', async () => {
    const input = { registry: `${SAMPLE}registry.csv`, registryName: 'registry.csv', doses: `${SAMPLE}doses.csv`, dosesName: 'doses.csv', settings: withMaxPairs(1000) };
    const one = await runMatchJob({ ...input, threads: 1 });
    const two = await runMatchJob({ ...input, threads: 2, dosesPerTask: 300 });
    expect(two.training).toEqual(one.training);
    expect(two.model.parameters).toEqual(one.model.parameters);
  });
});

describe('splitRange', () => {
  it.each([
    [10, 4, [[0, 2], [2, 5], [5, 7], [7, 10]]],
    [3, 8, [[0, 1], [1, 2], [2, 3]]],
    [0, 4, []],
    [5, 1, [[0, 5]]],
  ])('splits [0, %i) into at most %i consecutive ranges: %j', (n, parts, expected) => {
    expect(splitRange(n, parts)).toEqual(expected);
  });
});

