/**
 * The piscina pool that runs `match-worker`. From the built package the worker is the compiled
 * `.js` beside this file; when khớp runs from its TypeScript sources (tests, `tsx`), the worker
 * is the `.ts` file and is loaded through tsx, so both ways run the same code.
 */
import { Piscina } from 'piscina';
import type { LinkOutput } from './link-range.js';
import type { LinkTask } from './match-worker.js';

export class LinkPool {
  private readonly pool: Piscina<LinkTask, LinkOutput>;

  constructor(threads: number) {
    const fromSource = import.meta.url.endsWith('.ts');
    const filename = new URL(fromSource ? './match-worker.ts' : './match-worker.js', import.meta.url).href;
    this.pool = new Piscina<LinkTask, LinkOutput>({
      filename,
      minThreads: threads,
      maxThreads: threads,
      // One task per thread at a time keeps the output order easy and the memory bounded.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      execArgv: fromSource ? ['--import', 'tsx'] : [],
    });
  }

  run(task: LinkTask): Promise<LinkOutput> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
