/**
 * Async iteration over rows parsed from byte chunks, shared by the CSV and NDJSON readers.
 * A sync parser turns each chunk into rows and rejects, queued in input order; `next` serves the
 * queue and reads another chunk only when it is empty. The iterator is hand-written rather than an
 * async generator because a generator costs about 200 ns per row (measured on Node 20: 1M items
 * in ~220 ms against ~80-140 ms for this shape), more than scanning the row. Rejects are handed to
 * `onReject` when the iteration reaches them, so rows and rejects interleave in input order.
 */
import type { Reject } from './rejects.js';

/** Rows and rejects in input order, as a parser produces them. */
export class RowQueue<T> {
  items: (T | QueuedReject)[] = [];
  head = 0;
  /** Blank lines the parser skipped; they are neither rows nor rejects. */
  blankLines = 0;

  row(row: T): void {
    this.items.push(row);
  }

  reject(reject: Reject): void {
    this.items.push(new QueuedReject(reject));
  }

  /** Empties the queue into `rows` and `onReject`, in order (for sync adapters). */
  drain(rows: T[], onReject: (reject: Reject) => void): void {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item instanceof QueuedReject) onReject(item.reject);
      else rows.push(item);
    }
    this.items.length = 0;
    this.head = 0;
  }
}

class QueuedReject {
  constructor(readonly reject: Reject) {}
}

/** A sync parser fed chunks; it writes into the RowQueue it was built with. */
export interface ChunkParser {
  push(chunk: Uint8Array): void;
  end(): void;
}

export interface ReadStats {
  /** Rows handed to the caller. */
  rows: number;
  /** Records handed to onReject. rows + rejects = records in the input. */
  rejects: number;
  /** Blank lines skipped (not records). */
  blankLines: number;
}

export class ParsedRows<T> implements AsyncIterableIterator<T> {
  private rows = 0;
  private rejects = 0;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private readonly parser: ChunkParser;
  private readonly queue: RowQueue<T>;
  private readonly onReject: ((reject: Reject) => void) | undefined;
  private inputDone = false;

  constructor(chunks: AsyncIterable<Uint8Array>, parser: ChunkParser, queue: RowQueue<T>, onReject?: (reject: Reject) => void) {
    this.chunks = chunks[Symbol.asyncIterator]();
    this.parser = parser;
    this.queue = queue;
    this.onReject = onReject;
  }

  /** Counts so far; final once the iteration has finished. */
  get stats(): ReadStats {
    return { rows: this.rows, rejects: this.rejects, blankLines: this.queue.blankLines };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const row = this.take();
    if (row !== undefined) return Promise.resolve({ value: row, done: false });
    return this.refill();
  }

  /** Stops early (a `break` out of `for await`): closes the input. */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.inputDone = true;
    await this.chunks.return?.();
    return { value: undefined, done: true };
  }

  /** Reads and parses one more chunk (or finishes the input); false once the input is done. */
  protected async pull(): Promise<boolean> {
    if (this.inputDone) return false;
    const r = await this.chunks.next();
    try {
      if (r.done === true) {
        this.inputDone = true;
        this.parser.end();
      } else {
        this.parser.push(r.value);
      }
    } catch (err) {
      // A header error: stop reading and close the input before reporting it.
      this.inputDone = true;
      await this.chunks.return?.();
      throw err;
    }
    return true;
  }

  private async refill(): Promise<IteratorResult<T, undefined>> {
    while (await this.pull()) {
      const row = this.take();
      if (row !== undefined) return { value: row, done: false };
    }
    return { value: undefined, done: true };
  }

  private take(): T | undefined {
    const q = this.queue;
    const items = q.items;
    while (q.head < items.length) {
      const item = items[q.head++];
      if (item instanceof QueuedReject) {
        this.rejects++;
        this.onReject?.(item.reject);
        continue;
      }
      this.rows++;
      return item;
    }
    items.length = 0;
    q.head = 0;
    return undefined;
  }
}
