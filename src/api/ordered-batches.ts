/**
 * The shape of `matchStream`: items pulled from a source into batches, each batch handed to an
 * asynchronous worker as soon as it is full, at most `maxInFlight` batches at once, and the
 * outputs yielded batch by batch in input order whatever order the batches finish in.
 *
 * Backpressure is the generator's own: the source is read only inside `next()`, so a consumer
 * that stops asking stops the reading, and read-ahead is bounded: items pulled but not yet
 * yielded never exceed maxInFlight × batchSize. Memory is bounded by the same figure (plus the
 * outputs of the batch being yielded).
 *
 * A batch's failure surfaces when its turn comes to be yielded, as the generator's error; batches
 * still in flight then are awaited for nothing (their rejections are caught, never unhandled).
 * `check` runs before each output is yielded and may throw to end the stream there (the matcher
 * closed meanwhile: outputs already made are not handed out after that).
 */

export interface OrderedBatchesOptions<I, C, O> {
  batchSize: number;
  maxInFlight: number;
  /** Turns an item into what a batch holds; `undefined` skips it. `position` is 1-based. */
  read: (item: I, position: number) => C | undefined;
  /** Outputs of one batch, one per kept item, in order. */
  run: (batch: C[]) => Promise<O[]>;
  /** Called before each output is yielded; throwing ends the stream with that error. */
  check?: () => void;
}

export async function* orderedBatches<I, C, O>(source: AsyncIterable<I> | Iterable<I>, options: OrderedBatchesOptions<I, C, O>): AsyncGenerator<O, void, undefined> {
  const { batchSize, maxInFlight, read, run, check } = options;
  const outputs = function* (list: O[]): Generator<O, void, undefined> {
    for (const o of list) {
      check?.();
      yield o;
    }
  };
  const inFlight: Promise<O[]>[] = [];
  let batch: C[] = [];
  let position = 0;
  const dispatch = (): void => {
    const running = run(batch);
    running.catch(() => {});
    inFlight.push(running);
    batch = [];
  };
  for await (const item of source) {
    const kept = read(item, ++position);
    if (kept === undefined) continue;
    batch.push(kept);
    if (batch.length < batchSize) continue;
    dispatch();
    while (inFlight.length >= maxInFlight) yield* outputs(await inFlight.shift()!);
  }
  if (batch.length > 0) dispatch();
  while (inFlight.length > 0) yield* outputs(await inFlight.shift()!);
}
