import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { orderedPoolOptions, workerModule } from '../../src/engine/pool-options.js';

const worker = new URL('./pool-order-worker.mjs', import.meta.url);

/**
 * The order in which `tasks` tasks, all queued at once, started on `threads` workers, once every
 * worker is up (while workers start, whichever is ready first takes the next tasks).
 */
async function startOrder(threads: number, tasks: number, options = orderedPoolOptions(threads, worker)): Promise<number[]> {
  const pool = new Piscina(options);
  try {
    const warm = new Int32Array(new SharedArrayBuffer(4));
    await Promise.all(Array.from({ length: threads }, () => pool.run({ counter: warm, ms: 50 })));
    const counter = new Int32Array(new SharedArrayBuffer(4));
    return await Promise.all(Array.from({ length: tasks }, () => pool.run({ counter, ms: 20 }) as Promise<number>));
  } finally {
    await pool.destroy();
  }
}

/** How far any task started from its place in the queue. */
function displacement(order: number[]): number {
  return Math.max(...order.map((started, queued) => Math.abs(started - queued)));
}

describe('orderedPoolOptions', () => {
  // Tasks handed to two workers at about the same time may start either way round; a busy machine
  // may delay one thread's start by a task more, no further.
  it.each([1, 2])('starts tasks in the order they were queued (%i threads)', async (threads) => {
    expect(displacement(await startOrder(threads, 24))).toBeLessThanOrEqual(threads);
  });

  it("differs from piscina's default, which sends a task it cannot start to the back of the queue", async () => {
    // The reason for the option: without it each completion sends one waiting task to the back.
    const order = await startOrder(2, 24, { ...orderedPoolOptions(2, worker), stricterFIFO: false });
    expect(displacement(order)).toBeGreaterThan(6);
  });

  it.each([
    ['file:///k/src/engine/worker-pool.ts', 'file:///k/src/engine/match-worker.ts'],
    ['file:///k/dist/engine/worker-pool.js', 'file:///k/dist/engine/match-worker.js'],
  ])('finds the worker module beside %s: %s', (caller, worker) => {
    expect(workerModule(caller, 'match-worker').href).toBe(worker);
  });

  it('loads a TypeScript worker through tsx and a JavaScript one as it is', () => {
    expect(orderedPoolOptions(2, new URL('file:///x/match-worker.ts')).execArgv).toEqual(['--import', 'tsx']);
    expect(orderedPoolOptions(2, new URL('file:///x/match-worker.js')).execArgv).toEqual([]);
  });
});
