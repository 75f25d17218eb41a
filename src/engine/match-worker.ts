/**
 * The piscina worker of the match job: links one range of doses per task over the shared stores,
 * or runs one of training's tasks (train-tasks.ts). The link context (stores, blocking plan,
 * scorer) is rebuilt once per job and kept for the job's later tasks; the results go back as typed
 * arrays per range (structured clone copies about 40 bytes per dose, negligible beside the
 * linking), never as per-pair messages.
 */
import { allocateLinkOutput, linkRange, type LinkOutput } from './link-range.js';
import { linkContextFromTransferable, type LinkContextTransferable } from './link-context.js';
import type { LinkContext } from './link-range.js';
import { runTrainTask, type TrainTask, type TrainTaskResults } from './train-tasks.js';

export interface LinkTask {
  jobId: string;
  context: LinkContextTransferable;
  start: number;
  count: number;
}

export type WorkerTask = LinkTask | TrainTask;

let cached: { jobId: string; context: LinkContext } | null = null;

export default function workerTask(task: WorkerTask): LinkOutput | TrainTaskResults[TrainTask['kind']] {
  return 'kind' in task ? runTrainTask(task) : linkTask(task);
}

function linkTask(task: LinkTask): LinkOutput {
  if (cached === null || cached.jobId !== task.jobId) {
    cached = { jobId: task.jobId, context: linkContextFromTransferable(task.context) };
  }
  const out = allocateLinkOutput(task.start, task.count, cached.context.scorer.comparisonCount);
  linkRange(cached.context, out);
  return out;
}
