/**
 * A bounded shuffle: items go into a window of fixed capacity; once it is full, each new item
 * pushes out a uniformly chosen resident. Items leave in an order unrelated to the order they came
 * in within about a window's span (the "shuffle buffer" of streaming data loaders, e.g.
 * TensorFlow's `Dataset.shuffle`), with memory bounded by the capacity whatever the stream length.
 */
import type { Sfc32 } from './prng.js';

export class ShuffleWindow<T> {
  private readonly items: T[] = [];
  private readonly capacity: number;

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    this.capacity = capacity;
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds `item`; returns the item that leaves the window, or undefined while it is filling. */
  push(item: T, rng: Sfc32): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const i = rng.below(this.capacity);
    const out = this.items[i];
    this.items[i] = item;
    return out;
  }

  /** Empties the window in random order. */
  *drain(rng: Sfc32): Generator<T> {
    const items = this.items;
    while (items.length > 0) {
      const i = rng.below(items.length);
      const out = items[i];
      items[i] = items[items.length - 1];
      items.pop();
      yield out;
    }
  }
}
