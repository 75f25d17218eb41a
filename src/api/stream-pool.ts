/**
 * The piscina pool of `matchStream` (stream-worker.ts). As in engine/worker-pool.ts: from the
 * built package the worker is the compiled `.js` beside this file; from the TypeScript sources
 * (tests, tsx) it is the `.ts` file, loaded through tsx.
 */
import { Piscina } from 'piscina';
import type { FormattedResults } from '../engine/result-rows.js';
import type { MatchResult } from './matcher-schema.js';
import type { CsvBatchTask, StreamTask } from './stream-worker.js';

export class StreamPool {
  private readonly pool: Piscina<StreamTask | CsvBatchTask, MatchResult[] | FormattedResults>;

  constructor(threads: number) {
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(fromSource ? './stream-worker.ts' : './stream-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      execArgv: fromSource ? ['--import', 'tsx'] : [],
    });
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
