/**
 * An inverted index from a numeric blocking key to the left rows that carry it: block b (one
 * distinct key) holds `blockSize(b)` rows, in ascending row order. An open-addressing table
 * (linear probing, load ≤ 1/2) maps a key to its block. This is the "standard blocking" index of
 * Christen, Data Matching (Springer 2012), ch. 4.2, laid out as typed arrays.
 *
 * A table slot is one Int32, (block + 1) · 2^tagBits + tag (0 = empty), where the tag is the top
 * tagBits bits of the key's hash and tagBits = 31 − the bits of the row count: a probe reads a
 * block's key only when the tags agree, so a key that is absent (most doses' IDs in the old-ID
 * index, any damaged one in the ID index) costs the table's cache line alone, not one more miss
 * per occupied slot of its probe run (at 1M rows the tag has 11 bits: 1/2048 of them still read it).
 *
 * Block b is one 16-byte record: its key (Float64), then `first` and `size` (Int32). A block of
 * one row keeps that row in `first`; a larger one keeps where its rows start in `rows` (CSR over
 * the blocks of two rows or more). A lookup is memory-bound: every array it reads at a random
 * place costs a cache and TLB miss, and at 1M rows none of them fits the TLB's reach. Records
 * read one place where the former layout (keys, offsets and rows, each its own array) read
 * three, and most blocks of an ID key are one row, which then needs no `rows` read at all.
 *
 * Build is O(n): one pass assigns each row's key a block and counts it, a prefix sum gives the
 * starts, a second pass places the rows (a counting sort, so rows stay ascending in a block).
 * Lookups (`find`) allocate nothing. Every array lives in a SharedArrayBuffer: `toTransferable`
 * hands them to a piscina worker, which rebuilds the index over the same memory.
 *
 * Memory: 16 B per distinct key + 4 B per row in a block of two or more + a table of 8-16 B per
 * distinct key: about 20-30 MB for 1M rows, whatever the number of blocks.
 */
import { KhopError } from '../errors.js';
import { hashKey32, type KeyArray } from './key-combine.js';
import type { RowBuffer } from './row-buffer.js';

export interface KeyIndexTransferable {
  /** 16 bytes per block: key (Float64), first, size (Int32). */
  blocks: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  table: SharedArrayBuffer;
  tagBits: number;
}

/** Int32 slots of a block record, and where its fields are (in Int32 units; the key is Float64 slot 2b). */
const RECORD_INTS = 4;
const FIRST = 2;
const SIZE = 3;

/** Bits needed for the values 0 … n. */
function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits <= n) bits++;
  return bits;
}

/** Rows per chunk of `KeyIndex.build`'s first pass (see there). */
const BUILD_CHUNK = 64;
/** What the read-ahead loads of a build read, kept so that they are not optimised away. */
let buildSink = 0;

function tableCapacity(entries: number): number {
  let capacity = 16;
  while (capacity < entries * 2) capacity *= 2;
  return capacity;
}

export class KeyIndex {
  /** The same records as Float64: block b's key is keyOf[2b]. */
  private readonly keyOf: Float64Array;
  private readonly tagShift: number;
  private readonly tagMask: number;

  private constructor(
    /** Block b is record[4b, 4b + 4): key (two Int32 slots), first, size. */
    private readonly record: Int32Array,
    /** Rows of the blocks of two rows or more: block b's are rows[first, first + size). */
    private readonly rows: Int32Array,
    private readonly table: Int32Array,
    private readonly tagBits: number,
  ) {
    this.keyOf = new Float64Array(record.buffer, record.byteOffset, record.length >> 1);
    this.tagShift = 32 - tagBits;
    this.tagMask = 2 ** tagBits - 1;
  }

  /** Indexes row i under keys[i]; NaN and negative keys are missing and not indexed. */
  static build(keys: KeyArray): KeyIndex {
    const n = keys.length;
    let present = 0;
    for (let i = 0; i < n; i++) if (keys[i] >= 0) present++;
    if (present === n) return KeyIndex.buildOf(null, keys, n);
    // The present keys alone, so that the scratch is sized for them (a refine key is mostly missing).
    const rows = new Int32Array(present);
    const gathered = new Float64Array(present);
    for (let i = 0, e = 0; i < n; i++) {
      if (keys[i] >= 0) {
        rows[e] = i;
        gathered[e++] = keys[i];
      }
    }
    return KeyIndex.buildOf(rows, gathered, present);
  }

  /**
   * Indexes row rows[e] under keys[e], e < count: the rows ascending, every key present (≥ 0).
   * For a side of which few rows have a key (a refine index), without a key array per row.
   */
  static buildSparse(rows: Int32Array, keys: Float64Array, count: number): KeyIndex {
    if (!(count >= 0 && count <= rows.length && count <= keys.length)) throw new KhopError('INTERNAL', 'sparse keys do not fit their arrays');
    for (let e = 0; e < count; e++) {
      if (!(keys[e] >= 0) || rows[e] < 0 || (e > 0 && rows[e] <= rows[e - 1])) throw new KhopError('INTERNAL', 'sparse keys must be present, on ascending rows');
    }
    return KeyIndex.buildOf(rows, keys, count);
  }

  /** Entry e (< count) is row `rows === null ? e : rows[e]` with key keys[e], every key present. */
  private static buildOf(rows: Int32Array | null, keys: KeyArray, count: number): KeyIndex {
    // Pass 1: a table sized for `count` distinct keys gives each entry its block. It is the final
    // table when the distinct keys need the same capacity (an ID key: most keys distinct), since
    // both insert the keys in the same order; otherwise one sized for the blocks replaces it.
    const provisional = new Int32Array(new SharedArrayBuffer(tableCapacity(count) * 4));
    const mask = provisional.length - 1;
    const tagBits = 31 - bitsFor(count);
    const tagShift = 32 - tagBits;
    const tagMask = 2 ** tagBits - 1;
    const blockUnit = 2 ** tagBits;
    const blockOf = new Int32Array(count);
    const distinct = new Float64Array(count);
    const counts = new Int32Array(count);
    const firstRow = new Int32Array(count);
    const hashes = new Int32Array(BUILD_CHUNK);
    let blocks = 0;
    let sink = 0;
    for (let from = 0; from < count; from += BUILD_CHUNK) {
      const to = Math.min(count, from + BUILD_CHUNK);
      // Each entry's first slot, and the key it holds when the tag agrees, read ahead in one loop
      // of independent loads (every one a likely cache and TLB miss), then the inserts find
      // them in cache; the inserts alone stall on each miss in turn (see findBatch).
      for (let e = from; e < to; e++) {
        const k = keys[e];
        const h = hashKey32(k);
        hashes[e - from] = h;
        const slot = provisional[h & mask];
        if (slot !== 0 && (slot & tagMask) === (tagBits === 0 ? 0 : h >>> tagShift) && distinct[(slot >>> tagBits) - 1] === k) sink++;
      }
      for (let e = from; e < to; e++) {
        const k = keys[e];
        const h = hashes[e - from];
        const tag = tagBits === 0 ? 0 : h >>> tagShift;
        let slot = h & mask;
        let b = -1;
        for (;;) {
          const entry = provisional[slot];
          if (entry === 0) {
            b = blocks++;
            distinct[b] = k;
            firstRow[b] = rows === null ? e : rows[e];
            provisional[slot] = (b + 1) * blockUnit + tag;
            break;
          }
          if ((entry & tagMask) === tag && distinct[(entry >>> tagBits) - 1] === k) {
            b = (entry >>> tagBits) - 1;
            break;
          }
          slot = (slot + 1) & mask;
        }
        blockOf[e] = b;
        counts[b]++;
      }
    }
    buildSink = sink;
    // Records: a one-row block keeps its row (the row that opened the block); the others get
    // their start in `rows`, and counts[b] becomes the block's fill cursor (−1: one row).
    const record = new Int32Array(new SharedArrayBuffer(blocks * RECORD_INTS * 4));
    const keyOf = new Float64Array(record.buffer);
    let multi = 0;
    for (let b = 0; b < blocks; b++) {
      const size = counts[b];
      keyOf[2 * b] = distinct[b];
      record[b * RECORD_INTS + SIZE] = size;
      if (size > 1) {
        record[b * RECORD_INTS + FIRST] = multi;
        counts[b] = multi;
        multi += size;
      } else {
        record[b * RECORD_INTS + FIRST] = firstRow[b];
        counts[b] = -1;
      }
    }
    const blockRows = new Int32Array(new SharedArrayBuffer(multi * 4));
    for (let e = 0; e < count; e++) {
      const b = blockOf[e];
      const at = counts[b];
      if (at >= 0) {
        blockRows[at] = rows === null ? e : rows[e];
        counts[b] = at + 1;
      }
    }
    const table = tableCapacity(blocks) === provisional.length ? provisional : KeyIndex.makeTable(keyOf, blocks, tagBits);
    return new KeyIndex(record, blockRows, table, tagBits);
  }

  /** A table sized for the distinct keys rather than for n. */
  private static makeTable(keyOf: Float64Array, blocks: number, tagBits: number): Int32Array {
    const table = new Int32Array(new SharedArrayBuffer(tableCapacity(blocks) * 4));
    const mask = table.length - 1;
    const blockUnit = 2 ** tagBits;
    const hashes = new Int32Array(BUILD_CHUNK);
    let sink = 0;
    for (let from = 0; from < blocks; from += BUILD_CHUNK) {
      const to = Math.min(blocks, from + BUILD_CHUNK);
      // Read ahead, as in build's first pass.
      for (let b = from; b < to; b++) {
        const h = hashKey32(keyOf[2 * b]);
        hashes[b - from] = h;
        sink ^= table[h & mask];
      }
      for (let b = from; b < to; b++) {
        const h = hashes[b - from];
        let slot = h & mask;
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = (b + 1) * blockUnit + (tagBits === 0 ? 0 : h >>> (32 - tagBits));
      }
    }
    buildSink ^= sink;
    return table;
  }

  /** Number of distinct keys. */
  get blockCount(): number {
    return this.record.length / RECORD_INTS;
  }

  /** Number of indexed rows (rows whose key was present). */
  get rowCount(): number {
    let count = 0;
    const record = this.record;
    for (let s = SIZE; s < record.length; s += RECORD_INTS) count += record[s];
    return count;
  }

  /** Keys held by two rows or more, and the rows holding them (one pass over the block records). */
  sharedKeys(): { keys: number; rows: number } {
    let keys = 0;
    let rows = 0;
    const record = this.record;
    for (let s = SIZE; s < record.length; s += RECORD_INTS) {
      if (record[s] > 1) {
        keys++;
        rows += record[s];
      }
    }
    return { keys, rows };
  }

  /** The key of block b. */
  key(block: number): number {
    return this.keyOf[2 * block];
  }

  blockSize(block: number): number {
    return this.record[block * RECORD_INTS + SIZE];
  }

  /** The k-th row (ascending) of block b, for k < blockSize(b). */
  row(block: number, k: number): number {
    const at = block * RECORD_INTS;
    return this.record[at + SIZE] === 1 ? this.record[at + FIRST] : this.rows[this.record[at + FIRST] + k];
  }

  /** Appends block b's rows to `out`, ascending. */
  appendBlock(block: number, out: RowBuffer): void {
    const at = block * RECORD_INTS;
    const first = this.record[at + FIRST];
    const size = this.record[at + SIZE];
    if (size === 1) out.push(first);
    else out.append(this.rows, first, first + size);
  }

  /**
   * Reads the first row of each block blocks[r], r < n, of two rows up to `maxSize` (those that
   * `appendBlock` will copy from `rows`), in one loop of independent loads; −1 entries are none.
   * Returns a value that depends on every load (for the caller to keep, so they are not dropped).
   */
  touchRows(blocks: Int32Array, n: number, maxSize: number): number {
    const { record, rows } = this;
    let sink = 0;
    for (let r = 0; r < n; r++) {
      const b = blocks[r];
      if (b < 0) continue;
      const size = record[b * RECORD_INTS + SIZE];
      if (size > 1 && size <= maxSize) sink ^= rows[record[b * RECORD_INTS + FIRST]];
    }
    return sink;
  }

  /** Block b's rows as a new array (for tests and reports, not hot loops). */
  blockRows(block: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.blockSize(block); k++) out.push(this.row(block, k));
    return out;
  }

  /** The block holding `key`, or −1. */
  find(key: number): number {
    if (!(key >= 0)) return -1;
    const { table, keyOf, tagBits, tagMask } = this;
    const mask = table.length - 1;
    const h = hashKey32(key);
    const tag = tagBits === 0 ? 0 : h >>> this.tagShift;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0) return -1;
      if ((e & tagMask) === tag && keyOf[2 * ((e >>> tagBits) - 1)] === key) return (e >>> tagBits) - 1;
    }
  }

  /**
   * `find` for keys[from, to) into blocks[0, to − from), in stages that are each one loop of
   * independent loads (table slots, then the records they point to), so the CPU overlaps the
   * cache misses of different lookups; only a key whose first slot is another key's (a tag that
   * disagrees, or rarely a tag that agrees on another key) falls back to `find`, whose probes
   * then mostly stay in that slot's cache line. `slots` is scratch of at least to − from
   * entries. A found block's record is then in cache for `appendBlock`.
   */
  findBatch(keys: KeyArray, from: number, to: number, blocks: Int32Array, slots: Int32Array): void {
    const n = to - from;
    const { table, keyOf, tagBits, tagMask, tagShift } = this;
    const mask = table.length - 1;
    // Stage 1: each key's hash (kept in `blocks`) and first slot (−1: a missing key).
    for (let r = 0; r < n; r++) {
      const key = keys[from + r];
      const h = key >= 0 ? hashKey32(key) : 0;
      blocks[r] = h;
      slots[r] = key >= 0 ? h & mask : -1;
    }
    // Stage 2: the first slots. Block −1: absent; −2: not the first slot's key; else a candidate.
    for (let r = 0; r < n; r++) {
      const slot = slots[r];
      const e = slot < 0 ? 0 : table[slot];
      const tag = tagBits === 0 ? 0 : blocks[r] >>> tagShift;
      blocks[r] = e === 0 ? -1 : (e & tagMask) === tag ? (e >>> tagBits) - 1 : -2;
    }
    // Stage 3: the candidates' keys.
    for (let r = 0; r < n; r++) {
      const b = blocks[r];
      if (b === -1) continue;
      if (b >= 0 && keyOf[2 * b] === keys[from + r]) continue;
      blocks[r] = this.find(keys[from + r]);
    }
  }

  /** Number of rows with `key` (0 when absent). */
  countOf(key: number): number {
    const b = this.find(key);
    return b < 0 ? 0 : this.blockSize(b);
  }

  /** The largest block's size. */
  largestBlock(): number {
    let max = 0;
    const record = this.record;
    for (let s = SIZE; s < record.length; s += RECORD_INTS) if (record[s] > max) max = record[s];
    return max;
  }

  /** Bytes held by the index's arrays. */
  get byteLength(): number {
    return this.record.byteLength + this.rows.byteLength + this.table.byteLength;
  }

  toTransferable(): KeyIndexTransferable {
    return {
      blocks: this.record.buffer as SharedArrayBuffer,
      rows: this.rows.buffer as SharedArrayBuffer,
      table: this.table.buffer as SharedArrayBuffer,
      tagBits: this.tagBits,
    };
  }

  /** Refuses the transferable of another layout (a saved register index of an earlier version). */
  static fromTransferable(t: KeyIndexTransferable): KeyIndex {
    if (
      !(t.blocks instanceof SharedArrayBuffer) ||
      t.blocks.byteLength % (RECORD_INTS * 4) !== 0 ||
      !(t.rows instanceof SharedArrayBuffer) ||
      !(t.table instanceof SharedArrayBuffer) ||
      !(Number.isInteger(t.tagBits) && t.tagBits >= 0 && t.tagBits <= 31)
    ) {
      throw new KhopError('BAD_ARGUMENT', 'a key index of another layout (made by another khop version): build it again');
    }
    return new KeyIndex(new Int32Array(t.blocks), new Int32Array(t.rows), new Int32Array(t.table), t.tagBits);
  }
}
