/**
 * Training's work as worker tasks (run by match-worker.ts in the match job's piscina pool), over
 * the stores and blocking plan in shared memory:
 *   - `collect`: the candidate pairs of a range of training doses (collectCandidatePairs);
 *   - `compare`: the comparison vectors of a slice of the selected training pairs (train-patterns.ts).
 * Each computes exactly what the calling thread would (the same functions on the same memory), so
 * the model does not depend on the number of threads. train-in-workers.ts hands them out.
 */
import type { BlockingPlan } from '../blocking/blocking-plan.js';
import type { CandidateGenerator } from '../blocking/candidates.js';
import { compileComparisons, type CompiledComparison } from '../model/comparisons.js';
import { collectCandidatePairs, type CollectedPairs } from './estimate-model.js';
import { jobFromTransferable, type SharedJobTransferable } from './link-context.js';
import type { RecordStore } from './record-store.js';
import { compareRange } from './train-patterns.js';

/** What training's tasks read: the job's stores and plan (link-context.ts shareJob). */
export type TrainContextTransferable = SharedJobTransferable;

export type TrainTask =
  /** Training doses first, first + stride, … below end. */
  | { kind: 'collect'; jobId: string; context: TrainContextTransferable; stride: number; first: number; end: number }
  | { kind: 'compare'; jobId: string; context: TrainContextTransferable; pairsL: Int32Array; pairsR: Int32Array };

export interface TrainTaskResults {
  collect: CollectedPairs;
  /** γ of the pairs, gamma[n · C + c]. */
  compare: Uint8Array;
}

interface TrainContext {
  left: RecordStore;
  right: RecordStore;
  plan: BlockingPlan;
  generator: CandidateGenerator;
  comparisons: CompiledComparison[];
}

let cached: { jobId: string; context: TrainContext } | null = null;

function contextFor(jobId: string, t: TrainContextTransferable): TrainContext {
  if (cached === null || cached.jobId !== jobId) {
    const job = jobFromTransferable(t);
    const context = { ...job, generator: job.plan.generator(), comparisons: compileComparisons(t.settings) };
    cached = { jobId, context };
  }
  return cached.context;
}

export function runTrainTask<T extends TrainTask>(task: T): TrainTaskResults[T['kind']] {
  return run(task) as TrainTaskResults[T['kind']];
}

function run(task: TrainTask): TrainTaskResults[TrainTask['kind']] {
  switch (task.kind) {
    case 'collect': {
      const { plan, generator } = contextFor(task.jobId, task.context);
      const p = collectCandidatePairs(plan, task.stride, task.first, task.end, generator);
      // Only the pairs go back, not the arrays' spare room.
      return { pairsL: p.pairsL.slice(0, p.count), pairsR: p.pairsR.slice(0, p.count), masks: p.masks.slice(0, p.count), count: p.count };
    }
    case 'compare': {
      const { comparisons, left, right } = contextFor(task.jobId, task.context);
      return compareRange(comparisons, left, right, task.pairsL, task.pairsR, 0, task.pairsL.length);
    }
  }
}
