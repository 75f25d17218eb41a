/**
 * orderedBatches, the engine of matchStream: outputs in input order whatever order batches finish
 * in, read-ahead bounded by maxInFlight × batchSize (backpressure), skipped items dropped, a
 * failing batch failing the stream.
 */
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { orderedBatches } from '../../src/api/ordered-batches.js';

/** A source that counts how many items were taken from it. */
function counted(n: number): { source: Iterable<number>; pulled: () => number } {
  let pulled = 0;
  function* source(): Generator<number> {
    for (let k = 0; k < n; k++) {
      pulled++;
      yield k;
    }
  }
  return { source: source(), pulled: () => pulled };
}

describe('orderedBatches', () => {
  it('yields in input order and never reads more than maxInFlight × batchSize ahead, whatever the batches’ finishing order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }),
        async (n, batchSize, maxInFlight, delays) => {
          const { source, pulled } = counted(n);
          let batches = 0;
          const run = async (batch: number[]): Promise<number[]> => {
            await sleep(delays[batches++ % delays.length]);
            return batch.map((x) => x * 2);
          };
          const out: number[] = [];
          for await (const x of orderedBatches(source, { batchSize, maxInFlight, read: (v) => v, run })) {
            out.push(x);
            expect(pulled() - out.length).toBeLessThanOrEqual(maxInFlight * batchSize);
          }
          expect(out).toEqual(Array.from({ length: n }, (_, k) => 2 * k));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('does not read the source while the consumer is not asking', async () => {
    const { source, pulled } = counted(1000);
    const it = orderedBatches(source, { batchSize: 10, maxInFlight: 3, read: (v) => v, run: async (b) => b });
    await it.next();
    await sleep(20);
    expect(pulled()).toBeLessThanOrEqual(30);
    await it.return();
  });

  it('drops items that read() skips, keeping the others in order', async () => {
    const out: number[] = [];
    const read = (v: number): number | undefined => (v % 3 === 0 ? undefined : v);
    for await (const x of orderedBatches([1, 2, 3, 4, 5, 6, 7], { batchSize: 2, maxInFlight: 2, read, run: async (b) => b })) out.push(x);
    expect(out).toEqual([1, 2, 4, 5, 7]);
  });

  it('fails the stream with a batch’s error, after yielding the batches before it', async () => {
    const out: number[] = [];
    const run = async (b: number[]): Promise<number[]> => {
      if (b.includes(4)) throw new Error('batch failed');
      return b;
    };
    await expect(
      (async () => {
        for await (const x of orderedBatches([1, 2, 3, 4, 5, 6], { batchSize: 2, maxInFlight: 3, read: (v) => v, run })) out.push(x);
      })(),
    ).rejects.toThrow('batch failed');
    expect(out).toEqual([1, 2]);
  });
});
