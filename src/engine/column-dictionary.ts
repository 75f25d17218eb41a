/**
 * A string dictionary: each distinct string gets a small integer code, so that comparing two
 * values is comparing two Int32s, and the strings themselves are kept once, as UTF-8 in one byte
 * pool that the Jaro-Winkler kernel reads directly (`bytes[offsets[c], offsets[c + 1])`).
 *
 * One dictionary per settings field, shared by both sides (register and doses): a code means the
 * same string on either side, so `left.key[i] === right.key[j]` is string equality. Within a
 * field every form (key, folded, toneless, variant, tokens) shares the dictionary too, which is
 * also why "the key equals the folded form" (a name written without marks) is one code compare.
 *
 * Layout: a byte pool (UTF-8), Uint32 offsets (code → start, length code+1 entries), a Uint32 hash
 * per code (so the table can be rebuilt without rehashing bytes), and an open-addressing table
 * with linear probing (Int32, holding code + 1, 0 = empty; load ≤ 1/2). The hash is 32-bit FNV-1a
 * (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/). A JS Map<string, number> would
 * cost roughly 100 bytes per entry on V8; this costs the UTF-8 bytes plus 16, and it can live in
 * shared memory, so workers read the strings without a copy.
 *
 * Life cycle: `intern` while either side is being built, then `freeze()` once both are, which
 * copies everything into SharedArrayBuffers of exact size; after that `find` and `string` still
 * work (also in a worker rebuilt with `fromTransferable`), `intern` of a new string does not.
 */
import { KhopError } from '../errors.js';
import { writeUtf8 } from './column-utf8.js';
import { fnv1a } from '../util/fnv1a.js';
import { copyToShared, type GrowableArray, GrowableUint32, sharedBufferOf, viewOf } from './column-growable.js';

export interface DictionaryTransferable {
  bytes: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  hashes: SharedArrayBuffer;
  table: SharedArrayBuffer;
  size: number;
}

let scratch = new Uint8Array(256);

/**
 * Strings per batch of cache warming (`warm`): their lines, 4 per string, stay in cache until
 * probed (measured at 1M: 32 to 256 alike, 4096 slower).
 */
const WARM_BATCH = 64;
const warmCodes = new Int32Array(WARM_BATCH);
/** Where `warm` leaves what it read, so that the reads are not optimized away. */
let warmSink = 0;

export class Dictionary {
  private pool: Uint8Array;
  private poolUsed: number;
  private offsetsB: GrowableArray<Uint32Array> | null;
  private hashesB: GrowableArray<Uint32Array> | null;
  private frozenOffsets: Uint32Array | null = null;
  private frozenHashes: Uint32Array | null = null;
  private table: Int32Array;
  private count: number;

  constructor(expectedSize = 1024) {
    this.pool = new Uint8Array(Math.max(256, expectedSize * 16));
    this.poolUsed = 0;
    this.offsetsB = new GrowableUint32(expectedSize + 1);
    this.offsetsB.push(0);
    this.hashesB = new GrowableUint32(expectedSize);
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.table = new Int32Array(capacity);
    this.count = 0;
  }

  /** Number of distinct strings. */
  get size(): number {
    return this.count;
  }

  get frozen(): boolean {
    return this.frozenOffsets !== null;
  }

  /** The UTF-8 byte pool; string `c` is `bytes[offsets[c], offsets[c + 1])`. Stable once frozen. */
  get bytes(): Uint8Array {
    return this.pool;
  }

  /** Start of each string in `bytes`, `size + 1` entries. Stable once frozen. */
  get offsets(): Uint32Array {
    return this.frozenOffsets ?? this.offsetsB!.array;
  }

  /** The code of `s`, adding it if new. */
  intern(s: string): number {
    if (this.offsetsB === null) {
      const known = this.find(s);
      if (known >= 0) return known;
      throw new KhopError('INTERNAL', 'a new value reached a dictionary after it was frozen');
    }
    // Encode straight into the pool's free tail; if the string is known the bytes are just not kept.
    this.reserveTail(s.length * 3);
    const start = this.poolUsed;
    return this.internTail(start, start + writeUtf8(s, this.pool, start));
  }

  /** The code of the UTF-8 string bytes[start, end), adding it if new. */
  internBytes(bytes: Uint8Array, start: number, end: number): number {
    return this.internHashed(bytes, start, end, fnv1a(bytes, start, end));
  }

  /** `internBytes` of a string whose hash is known (another dictionary's, the same FNV-1a). */
  private internHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    if (this.offsetsB === null) throw new KhopError('INTERNAL', 'a new value reached a dictionary after it was frozen');
    // Compared where they are: the bytes are copied only when they are new, and no subarray is
    // made per call.
    const found = this.probe(bytes, start, end, hash);
    if (found >= 0) return this.table[found] - 1;
    const len = end - start;
    this.reserveTail(len);
    const pool = this.pool;
    const at = this.poolUsed;
    for (let k = 0; k < len; k++) pool[at + k] = bytes[start + k];
    return this.add(at + len, hash, found);
  }

  /**
   * Codes in this dictionary of every string of `other`, in `other`'s code order (new strings are
   * added in that order, so merging a dictionary built from a later input gives the codes reading
   * that input after this one's would have given). A frozen `other`'s strings are looked up with
   * its own hashes (the same FNV-1a of the same bytes), in batches whose first cache misses are
   * overlapped (`warm`): at 1M doses into a 1M register's names, 0.35 s → 0.19 s of CPU.
   */
  codesOf(other: Dictionary): Int32Array {
    const map = new Int32Array(other.size);
    const bytes = other.bytes;
    const offsets = other.offsets;
    const hashes = other.frozenHashes;
    if (this.offsetsB === null || hashes === null) {
      for (let c = 0; c < map.length; c++) map[c] = this.internBytes(bytes, offsets[c], offsets[c + 1]);
      return map;
    }
    for (let from = 0; from < map.length; from += WARM_BATCH) {
      const to = Math.min(map.length, from + WARM_BATCH);
      this.warm(hashes, from, to);
      for (let c = from; c < to; c++) map[c] = this.internHashed(bytes, offsets[c], offsets[c + 1], hashes[c]);
    }
    return map;
  }

  /**
   * Reads, for the strings with hashes[from, to), what their probes will read first: the table
   * slot, then the hash, offset and first pool byte of the code found there. It changes nothing;
   * it is there for speed alone. A probe is a chain of dependent cache misses (slot → code → offset
   * → bytes) at random places in tables of tens of megabytes, so one string at a time waits for
   * each miss in turn; these loops have no dependence between strings, so the processor overlaps
   * the misses of a whole batch, and the probes that follow find their lines in cache. (Software
   * prefetching by "group prefetching": Chen, Ailamaki, Gibbons, Mowry, "Improving Hash Join
   * Performance through Prefetching", ICDE 2004.)
   */
  private warm(hashes: Uint32Array, from: number, to: number): void {
    const table = this.table;
    const mask = table.length - 1;
    const ownHashes = this.hashesB!.array;
    const offsets = this.offsetsB!.array;
    const pool = this.pool;
    const codes = warmCodes;
    for (let c = from; c < to; c++) codes[c - from] = table[hashes[c] & mask] - 1;
    let sink = 0;
    for (let k = 0; k < to - from; k++) {
      const code = codes[k];
      if (code >= 0) sink += ownHashes[code] + offsets[code];
    }
    for (let k = 0; k < to - from; k++) {
      const code = codes[k];
      const at = code >= 0 ? offsets[code] : pool.length;
      if (at < pool.length) sink += pool[at];
    }
    warmSink = sink;
  }

  private reserveTail(maxBytes: number): void {
    if (this.poolUsed + maxBytes <= this.pool.length) return;
    let capacity = this.pool.length * 2;
    while (capacity < this.poolUsed + maxBytes) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.pool.subarray(0, this.poolUsed));
    this.pool = next;
  }

  /** Interns the string just written at the pool's tail, pool[start, end). */
  private internTail(start: number, end: number): number {
    const hash = fnv1a(this.pool, start, end);
    const found = this.probe(this.pool, start, end, hash);
    if (found >= 0) return this.table[found] - 1;
    return this.add(end, hash, found);
  }

  /** Keeps the string just written at pool[poolUsed, end) as a new code, in free slot −found − 1. */
  private add(end: number, hash: number, found: number): number {
    const code = this.count++;
    this.poolUsed = end;
    this.offsetsB!.push(end);
    this.hashesB!.push(hash);
    this.table[-found - 1] = code + 1;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    return code;
  }

  /** The code of the UTF-8 string bytes[start, end), or -1 when it is not in the dictionary. */
  findBytes(bytes: Uint8Array, start: number, end: number): number {
    const found = this.probe(bytes, start, end, fnv1a(bytes, start, end));
    return found >= 0 ? this.table[found] - 1 : -1;
  }

  /** The code of `s`, or -1 when it is not in the dictionary. */
  find(s: string): number {
    if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 6);
    const len = writeUtf8(s, scratch, 0);
    const found = this.probe(scratch, 0, len, fnv1a(scratch, 0, len));
    return found >= 0 ? this.table[found] - 1 : -1;
  }

  /** The string of a code. Decodes UTF-8 each call: for output, not for hot loops. */
  string(code: number): string {
    if (code < 0 || code >= this.count) throw new KhopError('INTERNAL', `dictionary code ${code} out of range`);
    const offsets = this.offsets;
    const start = offsets[code];
    return Buffer.from(this.pool.buffer, this.pool.byteOffset + start, offsets[code + 1] - start).toString('utf8');
  }

  /**
   * Table slot holding `bytes[start, end)` (≥ 0), or −(free slot) − 1 where it would go.
   */
  private probe(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const table = this.table;
    const mask = table.length - 1;
    const offsets = this.offsets;
    const hashes = this.frozenHashes ?? this.hashesB!.array;
    const pool = this.pool;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot];
      if (entry === 0) return -slot - 1;
      const code = entry - 1;
      if (hashes[code] !== hash) continue;
      const at = offsets[code];
      if (offsets[code + 1] - at !== len) continue;
      let k = 0;
      while (k < len && pool[at + k] === bytes[start + k]) k++;
      if (k === len) return slot;
    }
  }

  private rehash(capacity: number): void {
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    const hashes = this.hashesB!.array;
    for (let code = 0; code < this.count; code++) {
      let slot = hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
  }

  /**
   * A frozen copy of the strings interned so far (same codes), for readers that must not wait for
   * this dictionary to be frozen: the match job estimates u on the register while the doses are
   * still being read. This dictionary itself stays open.
   */
  snapshot(): Dictionary {
    if (this.offsetsB === null || this.hashesB === null) return this;
    const d = new Dictionary(0);
    d.pool = copyToShared(Uint8Array, this.pool, this.poolUsed);
    d.poolUsed = this.poolUsed;
    d.frozenOffsets = copyToShared(Uint32Array, this.offsetsB.array, this.count + 1);
    d.frozenHashes = copyToShared(Uint32Array, this.hashesB.array, this.count);
    d.table = copyToShared(Int32Array, this.table, this.table.length);
    d.count = this.count;
    d.offsetsB = null;
    d.hashesB = null;
    return d;
  }

  /** Copies the dictionary into shared memory; idempotent. */
  freeze(): void {
    if (this.offsetsB === null || this.hashesB === null) return;
    // The table shrinks to the smallest power of two at load ≤ 1/2 (a generous expectedSize for a
    // field with few values, such as a province code, must not stay allocated).
    let capacity = 16;
    while (capacity < this.count * 2) capacity *= 2;
    if (capacity < this.table.length) this.rehash(capacity);
    this.pool = copyToShared(Uint8Array, this.pool, this.poolUsed);
    this.frozenOffsets = this.offsetsB.toShared();
    this.frozenHashes = this.hashesB.toShared();
    this.table = copyToShared(Int32Array, this.table, this.table.length);
    this.offsetsB = null;
    this.hashesB = null;
  }

  toTransferable(): DictionaryTransferable {
    if (this.frozenOffsets === null || this.frozenHashes === null) {
      throw new KhopError('INTERNAL', 'a dictionary must be frozen before it is shared');
    }
    return {
      bytes: sharedBufferOf(this.pool),
      offsets: sharedBufferOf(this.frozenOffsets),
      hashes: sharedBufferOf(this.frozenHashes),
      table: sharedBufferOf(this.table),
      size: this.count,
    };
  }

  static fromTransferable(t: DictionaryTransferable): Dictionary {
    const d = new Dictionary(0);
    d.pool = viewOf(Uint8Array, t.bytes);
    d.poolUsed = d.pool.length;
    d.frozenOffsets = viewOf(Uint32Array, t.offsets);
    d.frozenHashes = viewOf(Uint32Array, t.hashes);
    d.table = viewOf(Int32Array, t.table);
    d.count = t.size;
    d.offsetsB = null;
    d.hashesB = null;
    return d;
  }
}
