/**
 * estimateModel (estimate-model.ts) with its costly steps in the match job's worker threads: the
 * training doses' candidate pairs are collected range by range in the workers and put back in
 * range order (collectCandidatePairs' ranges concatenate to the whole), the pairs to compare are
 * selected on this thread (train-patterns.ts: cheap), their comparison vectors are computed slice
 * by slice in the workers and put back in slice order, and the patterns are counted and EM run
 * here. Every step reads the same pairs in the same order as on one thread, so the model is the
 * same, bit for bit, whatever the number of threads (the tests compare them).
 */
import type { BlockingPlan } from '../blocking/blocking-plan.js';
import { compileComparisons } from '../model/comparisons.js';
import type { KhopModel } from '../model/model-file.js';
import type { Settings } from '../model/settings-schema.js';
import { trainingU, type TrainResult } from '../model/train-model.js';
import type { UEstimate } from '../model/u-sampling.js';
import { concatPairs, modelFromPatterns, trainingSessions, trainingStride } from './estimate-model.js';
import { shareJob } from './link-context.js';
import type { RecordStore } from './record-store.js';
import { countSelected, selectTrainingPairs } from './train-patterns.js';
import type { LinkPool } from './worker-pool.js';

/** Tasks per thread and step: enough to even out ranges of unequal cost, few enough to be cheap. */
const TASKS_PER_THREAD = 4;

export async function estimateModelInWorkers(
  pool: LinkPool,
  jobId: string,
  settings: Settings,
  left: RecordStore,
  right: RecordStore,
  plan: BlockingPlan,
  /** u when already estimated (registerU, while the doses were read). */
  u?: UEstimate,
): Promise<{ model: KhopModel; result: TrainResult }> {
  const context = shareJob(settings, left, right, plan);
  const tasks = pool.threads * TASKS_PER_THREAD;
  const stride = trainingStride(right.size);
  const doses = Math.ceil(right.size / stride);
  const parts = await Promise.all(
    splitRange(doses, tasks).map(([from, to]) =>
      pool.runTrain({ kind: 'collect', jobId, context, stride, first: from * stride, end: Math.min(to * stride, right.size) }),
    ),
  );
  const pairs = concatPairs(parts);
  parts.length = 0;
  const candidatePairs = pairs.count;
  const sessions = trainingSessions(settings, pairs);
  const selection = selectTrainingPairs(pairs, sessions ?? [], settings.em.max_training_pairs);
  const comparisons = compileComparisons(settings);
  const C = comparisons.length;
  const gammas = await Promise.all(
    splitRange(selection.count, tasks).map(([from, to]) =>
      pool.runTrain({ kind: 'compare', jobId, context, pairsL: selection.pairsL.slice(from, to), pairsR: selection.pairsR.slice(from, to) }),
    ),
  );
  const gamma = new Uint8Array(selection.count * C);
  let at = 0;
  for (const g of gammas) {
    gamma.set(g, at);
    at += g.length;
  }
  gammas.length = 0;
  const counted = countSelected(comparisons.map((c) => c.levelCount), selection, gamma, sessions);
  return modelFromPatterns(settings, comparisons, left, right, counted, candidatePairs, u ?? trainingU(settings, left, comparisons));
}

/** [0, n) as at most `parts` consecutive non-empty ranges of near-equal size. */
export function splitRange(n: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, n));
  const out: [number, number][] = [];
  for (let p = 0; p < k; p++) {
    const from = Math.floor((n * p) / k);
    const to = Math.floor((n * (p + 1)) / k);
    if (to > from) out.push([from, to]);
  }
  return out;
}
