/**
 * The piscina pool of `matchStream` (stream-worker.ts), with the match job's options
 * (engine/pool-options.ts: tasks in queue order; the worker is the `.ts` file from the sources).
 */
import { Piscina } from 'piscina';
import { orderedPoolOptions, workerModule } from '../engine/pool-options.js';
import type { FormattedResults } from '../engine/result-rows.js';
import type { MatchResult } from './matcher-schema.js';
import type { CsvBatchTask, StreamTask } from './stream-worker.js';

export class StreamPool {
  private readonly pool: Piscina<StreamTask | CsvBatchTask, MatchResult[] | FormattedResults>;

  constructor(threads: number) {
    this.pool = new Piscina(orderedPoolOptions(threads, workerModule(import.meta.url, 'stream-worker')));
  }

  run(task: StreamTask): Promise<MatchResult[]> {
    return this.pool.run(task) as Promise<MatchResult[]>;
  }

  runCsv(task: CsvBatchTask): Promise<FormattedResults> {
    return this.pool.run(task, { name: 'linkCsvBatch' }) as Promise<FormattedResults>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
