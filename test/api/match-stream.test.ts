/**
 * matcher.matchStream: results in input order with two worker threads and small batches (every
 * line of the match job's results.csv), backpressure (a source that counts pulls is never read
 * more than the in-flight bound ahead of the consumer), bounded memory (100,000 records through
 * one thread, heap sampled after GC: flat; the 1M-record run is benchmarks/matcher-stream.ts),
 * invalid records reported or thrown, and close() ending the worker threads (counted in /proc);
 * a source that fails midway, a consumer that stops early and close() during a stream leave typed
 * errors and free workers; `threads` is capped at the machine's cores.
 */
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher, type Matcher } from '../../src/api/matcher.js';
import { matchResultCells } from '../../src/api/match-result.js';
import type { KhopError } from '../../src/errors.js';
import { formatCsvRow } from '../../src/io/csv-writer.js';
import { REGISTRY, runSample, type SampleRun } from './sample-fixture.js';

let sample: SampleRun;
let two: Matcher;
let one: Matcher;

beforeAll(async () => {
  sample = await runSample();
  two = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads: 2 });
  one = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads: 1 });
});
afterAll(async () => {
  await two.close();
  await one.close();
});

async function collect(it: AsyncIterable<{ dose_id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of it) out.push(formatCsvRow(matchResultCells(r as never)));
  return out;
}

describe('matchStream', () => {
  it('gives results.csv’s lines in input order with 2 threads and batches of 37', async () => {
    expect(await collect(two.matchStream(sample.doses, { batchSize: 37 }))).toEqual(sample.results);
  });

  it('reads an object-mode Readable', async () => {
    expect(await collect(one.matchStream(Readable.from(sample.doses.slice(0, 500)), { batchSize: 64 }))).toEqual(sample.results.slice(0, 500));
  });

  it.each([
    [2, 3, 50],
    [1, 1, 100],
  ])('with %i threads and %i batches in flight of %i records, never reads more than their product ahead of the consumer', async (threads, maxBatchesInFlight, batchSize) => {
    const m = threads === 2 ? two : one;
    let pulled = 0;
    async function* source(): AsyncGenerator<Record<string, string>> {
      for (const d of sample.doses) {
        pulled++;
        yield d;
      }
    }
    let consumed = 0;
    let maxAhead = 0;
    for await (const _ of m.matchStream(source(), { batchSize, maxBatchesInFlight })) {
      consumed++;
      maxAhead = Math.max(maxAhead, pulled - consumed);
      if (consumed % 200 === 0) await new Promise((r) => setTimeout(r, 5)); // a slow consumer
    }
    expect(consumed).toBe(sample.doses.length);
    expect(maxAhead).toBeLessThanOrEqual(maxBatchesInFlight * batchSize);
    expect(maxAhead).toBeGreaterThan(0);
  });

  it('reports invalid records to onInvalid with their position and goes on, or throws RECORD_INVALID without it', async () => {
    const records = [sample.doses[0], { ...sample.doses[1], dob: {} }, sample.doses[2]];
    const seen: [string, number, string | undefined][] = [];
    const out = await collect(one.matchStream(records, { onInvalid: (e: KhopError, position: number) => seen.push([e.code, position, e.where.field]) }));
    expect(out).toEqual([sample.results[0], sample.results[2]]);
    expect(seen).toEqual([['RECORD_INVALID', 2, 'dob']]);
    await expect(collect(one.matchStream(records))).rejects.toMatchObject({ code: 'RECORD_INVALID', where: { line: 2, field: 'dob' } });
  });

  it('keeps the heap flat over 100,000 records (one thread, 1 in 10 with an unseen name)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const N = 100_000;
    function* records(): Generator<Record<string, string>> {
      for (let k = 0; k < N; k++) {
        const d = sample.doses[k % sample.doses.length];
        yield k % 10 === 0 ? { ...d, dose_id: `S${k}`, full_name: `${d.full_name} Qx${k}` } : { ...d, dose_id: `S${k}` };
      }
    }
    const heap: number[] = [];
    let n = 0;
    for await (const _ of one.matchStream(records(), { batchSize: 2048 })) {
      if (++n % 10_000 === 0) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    expect(n).toBe(N);
    const settled = heap.slice(2);
    const growth = (Math.max(...settled) - settled[0]) / 2 ** 20;
    expect(growth).toBeLessThan(16);
  }, 120_000);
});

describe('matchStream arguments', () => {
  it.each([
    ['a batch size of 0', sample_ => [sample_, { batchSize: 0 }], 'batchSize: '],
    ['no batches in flight', sample_ => [sample_, { maxBatchesInFlight: 0 }], 'maxBatchesInFlight: '],
    ['an unknown option', sample_ => [sample_, { colour: 'red' }], 'colour: unknown key'],
    ['onInvalid that is not a function', sample_ => [sample_, { onInvalid: 3 }], 'onInvalid: '],
    ['a source that is not iterable', () => [{ length: 3 }, {}], 'iterable'],
    ['a string source', () => ['dose_id,full_name', {}], 'iterable'],
  ] as [string, (d: unknown) => [unknown, unknown], string][])('refuses %s with BAD_ARGUMENT when called, naming what is wrong', (_, args, named) => {
    const [source, options] = args(sample.doses);
    expect(() => one.matchStream(source as never, options as never)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining(named) }));
  });
});

describe('a stream cut short', () => {
  it('passes on the error of a source that fails midway, and the matcher goes on working', async () => {
    async function* failing(): AsyncGenerator<Record<string, string>> {
      yield* sample.doses.slice(0, 120);
      throw new Error('source failed');
    }
    await expect(collect(two.matchStream(failing(), { batchSize: 50 }))).rejects.toThrow('source failed');
    expect(await collect(two.matchStream(sample.doses.slice(0, 300), { batchSize: 50 }))).toEqual(sample.results.slice(0, 300));
  });

  it('ends the source when the consumer breaks out, and the workers are free for the next stream', async () => {
    let ended = false;
    function* source(): Generator<Record<string, string>> {
      try {
        yield* sample.doses;
      } finally {
        ended = true;
      }
    }
    let n = 0;
    for await (const _ of two.matchStream(source(), { batchSize: 40, maxBatchesInFlight: 4 })) if (++n === 10) break;
    expect(ended).toBe(true);
    expect(await collect(two.matchStream(sample.doses.slice(0, 300), { batchSize: 50 }))).toEqual(sample.results.slice(0, 300));
  });

  it('fails with a KhopError saying the matcher was closed when close() comes during a stream (batches still in workers)', async () => {
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads: 2 });
    // Four batches of 1,000 in flight on two workers: when the first result is taken, two are queued.
    const source = [...sample.doses, ...sample.doses, ...sample.doses, ...sample.doses];
    const stream = m.matchStream(source, { batchSize: 1000, maxBatchesInFlight: 4 });
    await stream.next();
    await m.close();
    await expect(collect(stream)).rejects.toMatchObject({ name: 'KhopError', code: 'BAD_ARGUMENT', message: expect.stringContaining('closed') });
    expect(() => m.matchStream(sample.doses)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('close() during a stream whose batches are all linked already', () => {
  it.each([
    [1, 10, 1],
    [2, 100, 50],
  ])('with %i threads and batches of %i, fails the stream after the %i results taken', async (threads, batchSize, taken) => {
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads });
    const stream = m.matchStream(sample.doses.slice(0, 10 * batchSize), { batchSize });
    let n = 0;
    const run = async (): Promise<void> => {
      for await (const _ of stream) if (++n === taken) await m.close();
    };
    await expect(run()).rejects.toMatchObject({ name: 'KhopError', code: 'BAD_ARGUMENT', message: expect.stringContaining('closed') });
    expect(n).toBe(taken);
  });
});

describe('close', () => {
  const threads = (): number => readdirSync('/proc/self/task').length;

  it.skipIf(!existsSync('/proc/self/task'))('caps the worker threads at the machine’s cores', async () => {
    const before = threads();
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads: 64 });
    try {
      expect(m.threads).toBe(Math.min(64, availableParallelism()));
      let during = 0;
      for await (const _ of m.matchStream(sample.doses.slice(0, 400), { batchSize: 20 })) during = Math.max(during, threads());
      // A worker is an OS thread or two; 64 of them would add far more than this.
      expect(during - before).toBeLessThanOrEqual(2 * m.threads + 4);
    } finally {
      await m.close();
    }
  });

  it.skipIf(!existsSync('/proc/self/task'))('ends the worker threads (the process’s OS threads go back to their number before)', async () => {
    const before = threads();
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never, threads: 2 });
    let during = 0;
    for await (const _ of m.matchStream(sample.doses.slice(0, 200), { batchSize: 20 })) during = Math.max(during, threads());
    expect(during).toBeGreaterThanOrEqual(before + 2);
    await m.close();
    expect(threads()).toBeLessThanOrEqual(before);
  });
});
