/**
 * An inverted index from a numeric blocking key to the left rows that carry it, in CSR layout:
 * block b (one distinct key, `keys[b]`) holds rows `rows[offsets[b], offsets[b + 1])`, in
 * ascending row order. An open-addressing table (linear probing, load ≤ 1/2, Int32 slots holding
 * block + 1, 0 = empty) maps a key to its block. This is the "standard blocking" index of
 * Christen, Data Matching (Springer 2012), ch. 4.2, laid out as typed arrays.
 *
 * Build is O(n): one pass assigns each row's key a block and counts it, a prefix sum gives the
 * offsets, a second pass places the rows (a counting sort, so rows stay ascending in a block).
 * Lookups (`find`) allocate nothing. Every array lives in a SharedArrayBuffer: `toTransferable`
 * hands them to a piscina worker, which rebuilds the index over the same memory.
 *
 * Memory: 8 B per distinct key + 4 B per block offset + 4 B per indexed row + a table of 8-16 B
 * per distinct key: about 20-30 MB for 1M rows, whatever the number of blocks.
 */
import { KhopError } from '../errors.js';
import { hashKey32, type KeyArray } from './key-combine.js';

export interface KeyIndexTransferable {
  keys: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  table: SharedArrayBuffer;
}

function tableCapacity(entries: number): number {
  let capacity = 16;
  while (capacity < entries * 2) capacity *= 2;
  return capacity;
}

function shared<T extends Int32Array | Float64Array>(ctor: new (b: SharedArrayBuffer) => T, length: number, bytes: number): T {
  return new ctor(new SharedArrayBuffer(length * bytes));
}

export class KeyIndex {
  private constructor(
    /** The key of each block. */
    readonly keys: Float64Array,
    /** Block b's rows are rows[offsets[b], offsets[b + 1]); blockCount + 1 entries. */
    readonly offsets: Int32Array,
    readonly rows: Int32Array,
    private readonly table: Int32Array,
  ) {}

  /** Indexes row i under keys[i]; NaN and negative keys are missing and not indexed. */
  static build(keys: KeyArray): KeyIndex {
    const n = keys.length;
    // Pass 1: a provisional table sized for n distinct keys gives each row its block.
    const provisional = new Int32Array(tableCapacity(n));
    const mask = provisional.length - 1;
    const blockOf = new Int32Array(n);
    const distinct = new Float64Array(n);
    const counts = new Int32Array(n + 1);
    let blocks = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (!(k >= 0)) {
        blockOf[i] = -1;
        continue;
      }
      let slot = hashKey32(k) & mask;
      let b = -1;
      for (;;) {
        const e = provisional[slot];
        if (e === 0) {
          b = blocks++;
          distinct[b] = k;
          provisional[slot] = b + 1;
          break;
        }
        if (distinct[e - 1] === k) {
          b = e - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      blockOf[i] = b;
      counts[b + 1]++;
    }
    // Offsets by prefix sum, then rows placed in ascending order (counting sort).
    const offsets = shared(Int32Array, blocks + 1, 4);
    for (let b = 0; b < blocks; b++) offsets[b + 1] = offsets[b] + counts[b + 1];
    const rows = shared(Int32Array, offsets[blocks], 4);
    const next = counts; // reused as the fill cursor of each block
    for (let b = 0; b < blocks; b++) next[b] = offsets[b];
    for (let i = 0; i < n; i++) {
      const b = blockOf[i];
      if (b >= 0) rows[next[b]++] = i;
    }
    const exactKeys = shared(Float64Array, blocks, 8);
    exactKeys.set(distinct.subarray(0, blocks));
    return new KeyIndex(exactKeys, offsets, rows, KeyIndex.makeTable(exactKeys));
  }

  /** The final table, sized for the distinct keys rather than for n. */
  private static makeTable(keys: Float64Array): Int32Array {
    const table = shared(Int32Array, tableCapacity(keys.length), 4);
    const mask = table.length - 1;
    for (let b = 0; b < keys.length; b++) {
      let slot = hashKey32(keys[b]) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = b + 1;
    }
    return table;
  }

  /** Number of distinct keys. */
  get blockCount(): number {
    return this.keys.length;
  }

  /** Number of indexed rows (rows whose key was present). */
  get rowCount(): number {
    return this.rows.length;
  }

  /** The block holding `key`, or −1. */
  find(key: number): number {
    if (!(key >= 0)) return -1;
    const table = this.table;
    const keys = this.keys;
    const mask = table.length - 1;
    for (let slot = hashKey32(key) & mask; ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0) return -1;
      if (keys[e - 1] === key) return e - 1;
    }
  }

  /**
   * `find` for keys[from, to) into blocks[0, to − from), in stages that are each one loop of
   * independent loads (table slots, then the keys they point to), so the CPU overlaps the cache
   * misses of different lookups; only a probe past the first slot (a collision) falls back to
   * `find`. `slots` is scratch of at least to − from entries.
   */
  findBatch(keys: KeyArray, from: number, to: number, blocks: Int32Array, slots: Int32Array): void {
    const n = to - from;
    const table = this.table;
    const own = this.keys;
    const mask = table.length - 1;
    for (let r = 0; r < n; r++) {
      const key = keys[from + r];
      slots[r] = key >= 0 ? hashKey32(key) & mask : -1;
    }
    for (let r = 0; r < n; r++) {
      const slot = slots[r];
      blocks[r] = slot < 0 ? 0 : table[slot];
    }
    if (own.length === 0) {
      blocks.fill(-1, 0, n);
      return;
    }
    for (let r = 0; r < n; r++) {
      const e = blocks[r];
      // Read the candidate's key unconditionally (block 0 when empty): no branch to mispredict.
      const found = own[e === 0 ? 0 : e - 1] === keys[from + r];
      if (e !== 0 && found) blocks[r] = e - 1;
      else if (e === 0) blocks[r] = -1;
      else blocks[r] = this.find(keys[from + r]);
    }
  }

  blockSize(block: number): number {
    return this.offsets[block + 1] - this.offsets[block];
  }

  /** Number of rows with `key` (0 when absent). */
  countOf(key: number): number {
    const b = this.find(key);
    return b < 0 ? 0 : this.offsets[b + 1] - this.offsets[b];
  }

  /** The largest block's size. */
  largestBlock(): number {
    let max = 0;
    const o = this.offsets;
    for (let b = 0; b < this.keys.length; b++) if (o[b + 1] - o[b] > max) max = o[b + 1] - o[b];
    return max;
  }

  /** Bytes held by the index's arrays. */
  get byteLength(): number {
    return this.keys.byteLength + this.offsets.byteLength + this.rows.byteLength + this.table.byteLength;
  }

  toTransferable(): KeyIndexTransferable {
    return {
      keys: this.keys.buffer as SharedArrayBuffer,
      offsets: this.offsets.buffer as SharedArrayBuffer,
      rows: this.rows.buffer as SharedArrayBuffer,
      table: this.table.buffer as SharedArrayBuffer,
    };
  }

  static fromTransferable(t: KeyIndexTransferable): KeyIndex {
    const keys = new Float64Array(t.keys);
    const offsets = new Int32Array(t.offsets);
    if (offsets.length !== keys.length + 1) throw new KhopError('INTERNAL', 'key index buffers do not fit together');
    return new KeyIndex(keys, offsets, new Int32Array(t.rows), new Int32Array(t.table));
  }
}
