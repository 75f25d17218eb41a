/**
 * The piscina pool that runs `match-worker`: the match job's training tasks (train-tasks.ts) and
 * then its linking, in the same threads, so they start once per job. From the built package the
 * worker is the compiled `.js` beside this file; when khớp runs from its TypeScript sources (tests,
 * `tsx`), the worker is the `.ts` file and is loaded through tsx, so both ways run the same code.
 * Its options, tasks in queue order among them: pool-options.ts.
 */
import { Piscina } from 'piscina';
import { orderedPoolOptions, workerModule } from './pool-options.js';
import type { LinkOutput } from './link-range.js';
import type { LinkTask, WorkerTask } from './match-worker.js';
import type { TrainTask, TrainTaskResults } from './train-tasks.js';

export class LinkPool {
  private readonly pool: Piscina<WorkerTask, unknown>;

  constructor(readonly threads: number) {
    this.pool = new Piscina<WorkerTask, unknown>(orderedPoolOptions(threads, workerModule(import.meta.url, 'match-worker')));
  }

  run(task: LinkTask): Promise<LinkOutput> {
    return this.pool.run(task) as Promise<LinkOutput>;
  }

  runTrain<T extends TrainTask>(task: T): Promise<TrainTaskResults[T['kind']]> {
    return this.pool.run(task) as Promise<TrainTaskResults[T['kind']]>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
