/**
 * The piscina options of khớp's worker pools (worker-pool.ts for the match job, api/stream-pool.ts
 * for `matchStream`, load-in-worker.ts for the doses' reader): `threads` workers started at once
 * and kept for the job, one task each at a time, tasks started in the order they were queued.
 *
 * Why `stricterFIFO`: piscina's default puts a task it cannot hand out at once back at the end of
 * its queue, so while every worker is busy each completion moves one task behind all the others.
 * The match job queues every range of doses up front and hands results over in input order; with
 * the default, at 1M doses the third range of 122 finished last but one, and the ranges after it
 * waited in memory, formatted, until then (about 100 ranges, ~1 MB each). In order, at most
 * two wait (measured, benchmarks/RESULTS.md "Twelfth session").
 *
 * `filename` is the worker module: from the built package the compiled `.js` beside the pool's
 * file; from the TypeScript sources (tests, tsx) the `.ts` file, loaded through tsx.
 */
export interface PoolOptions {
  filename: string;
  minThreads: number;
  maxThreads: number;
  concurrentTasksPerWorker: number;
  idleTimeout: number;
  stricterFIFO: boolean;
  execArgv: string[];
}

/** Worker module `name` beside the module at `callerUrl` (its `import.meta.url`): `.ts` from the sources, else `.js`. */
export function workerModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

export function orderedPoolOptions(threads: number, filename: URL): PoolOptions {
  return {
    filename: filename.href,
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time keeps the output order easy and the memory bounded.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    stricterFIFO: true,
    execArgv: filename.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
  };
}
