/**
 * A hash table keyed by byte strings (a cell's or a token's UTF-8), with one non-negative Int32 per
 * key: the memos of the name column (name-memo.ts) and of few-valued columns (column-cell-memo.ts).
 * Open addressing with linear probing at load ≤ 1/2, slots of four Int32s, [FNV-1a hash (Fowler,
 * Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/), key start + 1 (0 = empty), key length,
 * value], the keys' bytes one after another in a pool. A lookup reads one slot and the key's bytes;
 * doubling the table re-places the slots by their hashes.
 */
import { fnv1a } from '../util/fnv1a.js';
import { GrowableUint8 } from './column-growable.js';

const SLOT = 4;

/** `find`: the key is not in the table. */
export const KEY_ABSENT = -1;

export class ByteKeyTable {
  // Small at first: the library's batch lookups build stores of a few rows per call.
  private table = new Int32Array(16 * SLOT);
  private mask = 15;
  private count = 0;
  private readonly keys = new GrowableUint8(256);
  /** Where the last `find` stopped: the free slot `insert` takes, and the key's hash. */
  private missSlot = -1;
  private missHash = 0;

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** The value of key bytes[start, end), or KEY_ABSENT (then `insert` may add it). */
  find(bytes: Uint8Array, start: number, end: number): number {
    // As an Int32, the way the table stores it.
    const hash = fnv1a(bytes, start, end) | 0;
    const len = end - start;
    const table = this.table;
    const keys = this.keys.array;
    let slot = hash & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT;
      const keyStart = table[at + 1];
      if (keyStart === 0) break;
      if (table[at] !== hash || table[at + 2] !== len) continue;
      const from = keyStart - 1;
      let k = 0;
      while (k < len && keys[from + k] === bytes[start + k]) k++;
      if (k === len) return table[at + 3];
    }
    this.missSlot = slot;
    this.missHash = hash;
    return KEY_ABSENT;
  }

  /** Adds key bytes[start, end) with `value` (≥ 0); right after a `find` of that key that missed. */
  insert(bytes: Uint8Array, start: number, end: number, value: number): void {
    const len = end - start;
    this.keys.reserve(len);
    const keyAt = this.keys.length;
    const out = this.keys.array;
    for (let k = 0; k < len; k++) out[keyAt + k] = bytes[start + k];
    this.keys.advance(len);
    const at = this.missSlot * SLOT;
    const table = this.table;
    table[at] = this.missHash;
    table[at + 1] = keyAt + 1;
    table[at + 2] = len;
    table[at + 3] = value;
    this.missSlot = -1;
    if (++this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(capacity * SLOT);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      let slot = old[at] & mask;
      while (table[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < SLOT; k++) table[slot * SLOT + k] = old[at + k];
    }
    this.table = table;
    this.mask = mask;
  }
}
