/**
 * Left IDs at most one typing error away from a query ID, found without scanning: a deletion
 * neighbourhood index (Mor & Fraenkel, "A hash code method for detecting and correcting spelling
 * errors", CACM 25(12), 1982; the "symmetric delete" of Garbe's SymSpell, 2012).
 *
 * Every left ID s of length n is indexed under n + 1 variants: s itself and s with one position
 * deleted (deleting either digit of a run like "11" gives the same string, so one per run). A
 * query q looks up q and each of its own deletions. Two strings at most one edit apart always
 * share a variant:
 *   equal           q = s
 *   substitution    q without position i = s without position i
 *   transposition   q without position i = s without position i + 1
 *   digit dropped   q = s without position i          (q is one shorter)
 *   digit added     q without position i = s          (q is one longer)
 * The converse is not true (e.g. "abc" and "bca" share "bc" and are two edits apart), and
 * variants are stored as hashes, so every hit is verified with the exact one-edit check
 * (`idEditKindBytes`, the typed-array twin of similarity/id-edit-kind.ts) on the digit slots.
 *
 * Layout, all typed arrays in shared memory: each variant is hashed (a 32-bit polynomial hash
 * over the bytes, finished with MurmurHash3's fmix32); its top bits pick one of B buckets, its
 * low bits are kept per entry as a tag. A bucket is a fixed run of SLOTS = 16 Int32 (64 bytes,
 * one cache line), so a lookup computes where its bucket is and reads that one line: the former
 * CSR layout (a bucket-bound array, then the entries) paid two cache misses per variant, 26 per
 * 12-digit query, and the bound reads alone were a fifth of the lookup time at 300k IDs. An entry
 * packs the left row and the tag into one Int32, (row + 1) << tagBits | tag, with tagBits =
 * 31 − the bits of the row count: 0 marks an empty slot (a bucket's entries come first), and
 * rows and tags fit in the 31 bits below the sign, whatever the register's size; at 1M rows the
 * tag keeps 11 bits, so 1/2048 of the unrelated entries scanned cost a verification.
 * B is about total / 7 (not a power of two: the bucket is the hash scaled to [0, B)); a bucket
 * then overflows 16 entries rarely (0.16 % of them at 1M IDs, measured): its last slot holds
 * ~o (negative), and the rest of its entries are overflow[overflowStart[o], overflowStart[o + 1]).
 * Measured on the 1M × 1M data set, one thread (benchmarks/id-parts.ts): build 1.6 → 0.8 s
 * CPU, every dose's lookups 2.9 → 1.7 s; a load of 5 per bucket (154 MB) would save 5 % more
 * of the lookups, 10 per bucket (77 MB) costs 20 %.
 * The variant hash of a deletion costs O(1) from prefix and suffix hashes, so a 12-digit ID's 13
 * variants cost one pass over its digits.
 *
 * Lookups in stages: `collect` is hash, read each bucket's first slot, scan, verify. Its stages are
 * also offered alone (`hashQuery`, `touch`, `gatherHits`, `touchDigits`, `verifyHits`), so that
 * IdOneEditRule.prepare runs each over 64 doses at once: the bucket reads and the reads of the
 * hits' left IDs (the verification's miss) are then loops of independent loads over all of them,
 * where `collect` overlaps only one dose's ~13. Measured, 1M × 1M, one thread, the generation of
 * every dose's candidates with the preset's rules (benchmarks/blocking-parts.ts): 4.7 s → 3.65 s
 * CPU, together with the key-index changes (key-index.ts); the ID rule's prepare alone 3-12 % of
 * it at 300k (a noisy, shared machine).
 *
 * Memory for 1M 12-digit IDs (~12M variants after run dedup): 64 B per bucket, ~1.7M buckets
 * ≈ 110 MB (the CSR layout: 104 MB); while building, a byte per bucket and ~7 MB of chunk
 * buffers. The left digit slots are the record store's own (not copied).
 */
import { KhopError } from '../errors.js';
import { fmix32 } from '../util/fmix32.js';
import { EDIT_OTHER, idEditKindBytes } from './id-edit-bytes.js';
import { RowBuffer } from './row-buffer.js';

/** IDs as fixed-width byte slots: record i is digits[i·slot, i·slot + length[i]). `IdColumn` fits with slot `ID_SLOT`. */
export interface DigitSlots {
  readonly digits: Uint8Array;
  readonly length: Uint8Array;
  readonly slot: number;
}

export interface IdNeighbourhoodOptions {
  /** Left IDs shorter than this are not indexed (junk such as "0" would neighbour everything). Default 8. */
  minLength?: number;
}

/** The shortest left ID indexed when the options do not say (engine/settle-plan.ts relies on it too). */
export const DEFAULT_MIN_ID_LENGTH = 8;

/** The shortest left ID `build` indexes for these options. */
export function indexedMinLength(options: IdNeighbourhoodOptions): number {
  return Math.max(1, options.minLength ?? DEFAULT_MIN_ID_LENGTH);
}

export interface IdNeighbourhoodTransferable {
  table: SharedArrayBuffer;
  overflowStart: SharedArrayBuffer;
  overflow: SharedArrayBuffer;
  tagBits: number;
  digits: SharedArrayBuffer;
  length: SharedArrayBuffer;
  slot: number;
}

const BASE = 0x01000193;
/** The longest ID indexed or looked up (a longer query finds nothing). */
export const MAX_ID_LENGTH = 255;
/** Above this many hits in one lookup, dedup switches from a scan of the hits to a stamp array. */
const DEDUP_SCAN_MAX = 16;
/** Int32 slots per bucket: one 64-byte cache line. */
const SLOTS = 16;
const SLOT_BITS = 4;
/** Entries per bucket on average (see the header: ~0.1 % of buckets overflow). */
const BUCKET_LOAD = 7;
const TWO_TO_32 = 4294967296;

function toShared<T extends Uint8Array>(a: T): Uint8Array {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a;
  const out = new Uint8Array(new SharedArrayBuffer(a.length));
  out.set(a);
  return out;
}

/** The first slot of the bucket of variant hash `h` among `buckets`: the hash scaled to [0, buckets). */
function bucketBase(h: number, buckets: number): number {
  return ((h * buckets) / TWO_TO_32) << SLOT_BITS;
}

/** Bits needed for the values 0 … n. */
function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits <= n) bits++;
  return bits;
}

/**
 * Variant hashes of one string, computed into a reusable scratch array: `hash` of the string
 * itself, then of each distinct one-deletion. One 32-bit lane: its top bits pick the bucket, its
 * low `tagBits` bits are the tag (where the two overlap, a tag tells fewer entries apart: a false
 * tag hit costs one verification, never a wrong answer).
 */
class VariantHasher {
  readonly hash = new Uint32Array(MAX_ID_LENGTH + 1);
  private readonly pre = new Int32Array(MAX_ID_LENGTH + 1);
  private readonly suf = new Int32Array(MAX_ID_LENGTH + 2);
  private readonly pow = new Int32Array(MAX_ID_LENGTH + 1);

  constructor() {
    this.pow[0] = 1;
    for (let k = 1; k <= MAX_ID_LENGTH; k++) this.pow[k] = Math.imul(this.pow[k - 1], BASE);
  }

  /** Fills hash[0, count) for s[start, start + n); returns count (1 + distinct deletions). */
  variants(s: Uint8Array, start: number, n: number): number {
    const { pre, suf, pow, hash } = this;
    pre[0] = 0;
    for (let k = 0; k < n; k++) pre[k + 1] = (Math.imul(pre[k], BASE) + s[start + k]) | 0;
    suf[n] = 0;
    for (let k = n - 1; k >= 0; k--) suf[k] = (Math.imul(s[start + k], pow[n - 1 - k]) + suf[k + 1]) | 0;
    hash[0] = finish(pre[n], n);
    let count = 1;
    for (let i = 0; i < n; i++) {
      if (i > 0 && s[start + i] === s[start + i - 1]) continue;
      hash[count++] = finish((Math.imul(pre[i], pow[n - 1 - i]) + suf[i + 1]) | 0, n - 1);
    }
    return count;
  }
}

function finish(h: number, length: number): number {
  return fmix32(h ^ Math.imul(length + 1, 0x9e3779b1));
}

/** Whether s[start, start + n) is all ASCII digits: the IDs the index holds (engine/settle-plan.ts asks the same). */
export function isDigitId(s: Uint8Array, start: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    const c = s[start + k];
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** IDs hashed per chunk of a build: for 64k IDs of 12 digits, ~7 MB of hashes and rows. */
const CHUNK_IDS = 1 << 16;

/** Variant hashes of the indexed IDs among rows [from, to), with their rows; returns how many. */
function hashChunk(
  hasher: VariantHasher,
  digits: Uint8Array,
  length: Uint8Array,
  slot: number,
  minLength: number,
  from: number,
  to: number,
  hashes: Uint32Array,
  rows: Int32Array,
): number {
  const hash = hasher.hash;
  let total = 0;
  for (let i = from; i < to; i++) {
    const len = length[i];
    if (len < minLength || len > slot || !isDigitId(digits, i * slot, len)) continue;
    const count = hasher.variants(digits, i * slot, len);
    for (let v = 0; v < count; v++) {
      hashes[total] = hash[v];
      rows[total++] = i;
    }
  }
  return total;
}

/** Places entries (hashes[e], rows[e]), e < count, in their buckets' next slots (see `IdNeighbourhood.build`). */
function placeChunk(table: Int32Array, fill: Uint8Array, spill: Spill, buckets: number, tagBits: number, hashes: Uint32Array, rows: Int32Array, count: number): void {
  const tagMask = 2 ** tagBits - 1;
  const rowUnit = 2 ** tagBits;
  for (let e = 0; e < count; e++) {
    const h = hashes[e];
    const base = bucketBase(h, buckets);
    const packed = (rows[e] + 1) * rowUnit + (h & tagMask);
    const b = base >> SLOT_BITS;
    const k = fill[b];
    if (k < SLOTS) {
      table[base + k] = packed;
      fill[b] = k + 1;
    } else spill.add(base, packed);
  }
}

/**
 * The entries that found their bucket full during a build, then moved out: each overflowing
 * bucket's last slot becomes ~o, and overflow list o holds that slot's entry and the spilled ones.
 */
class Spill {
  private base = new Int32Array(64);
  private entry = new Int32Array(64);
  private count = 0;

  add(base: number, entry: number): void {
    if (this.count === this.base.length) {
      const grownBase = new Int32Array(this.count * 2);
      const grownEntry = new Int32Array(this.count * 2);
      grownBase.set(this.base);
      grownEntry.set(this.entry);
      this.base = grownBase;
      this.entry = grownEntry;
    }
    this.base[this.count] = base;
    this.entry[this.count++] = entry;
  }

  moveToOverflow(table: Int32Array): { overflowStart: Uint32Array; overflow: Int32Array } {
    const { base, entry, count } = this;
    const order = Array.from({ length: count }, (_, k) => k).sort((x, y) => base[x] - base[y] || x - y);
    let lists = 0;
    for (let k = 0; k < count; k++) if (k === 0 || base[order[k]] !== base[order[k - 1]]) lists++;
    const overflowStart = new Uint32Array(new SharedArrayBuffer((lists + 1) * 4));
    const overflow = new Int32Array(new SharedArrayBuffer((count + lists) * 4));
    let at = 0;
    let o = -1;
    for (let k = 0; k < count; k++) {
      const b = base[order[k]];
      if (k === 0 || b !== base[order[k - 1]]) {
        o++;
        overflowStart[o] = at;
        overflow[at++] = table[b + SLOTS - 1];
        table[b + SLOTS - 1] = ~o;
      }
      overflow[at++] = entry[order[k]];
    }
    overflowStart[lists] = at;
    return { overflowStart, overflow };
  }
}

export class IdNeighbourhood {
  private readonly hasher = new VariantHasher();
  private readonly buckets: number;
  private readonly tagMask: number;
  private stamp: Int32Array | null = null;
  private epoch = 0;
  // Lookup scratch: each variant's bucket, then the rows of the entries whose tag matches (`hits`).
  private readonly variantBase = new Int32Array(MAX_ID_LENGTH + 1);
  /** What `collect`'s first stage reads, kept so the loads stay (without it: 1.9× the lookup time at 1M). */
  private readonly touched = new Int32Array(MAX_ID_LENGTH + 1);
  private readonly hits = new RowBuffer(1024);

  private constructor(
    /** Bucket b is table[b · SLOTS, (b + 1) · SLOTS): packed entries, then zeros (see the header). */
    private readonly table: Int32Array,
    private readonly overflowStart: Uint32Array,
    private readonly overflow: Int32Array,
    private readonly tagBits: number,
    private readonly digits: Uint8Array,
    private readonly length: Uint8Array,
    private readonly slot: number,
  ) {
    this.buckets = table.length >> SLOT_BITS;
    this.tagMask = 2 ** tagBits - 1;
  }

  /**
   * Indexes every left ID made only of digits, with minLength ≤ length ≤ slot (engine/settle-plan.ts
   * counts on exactly these IDs being indexed), in two passes: one
   * counts the variants (to size the table), one hashes each ID's variants and places them. The
   * former CSR build hashed every ID three times (count, bucket sizes, placement).
   */
  static build(ids: DigitSlots, options: IdNeighbourhoodOptions = {}): IdNeighbourhood {
    const minLength = indexedMinLength(options);
    const { slot } = ids;
    if (!(slot >= 1 && slot <= MAX_ID_LENGTH) || ids.digits.length < ids.length.length * slot) {
      throw new KhopError('INTERNAL', 'ID slots do not fit their digit array');
    }
    const digits = toShared(ids.digits);
    const length = toShared(ids.length);
    const n = length.length;
    // An ID has 1 + (its number of runs of equal digits) variants: counted without hashing.
    let total = 0;
    for (let i = 0; i < n; i++) {
      const len = length[i];
      if (len < minLength || len > slot || !isDigitId(digits, i * slot, len)) continue;
      const at = i * slot;
      let runs = 1;
      for (let k = 1; k < len; k++) if (digits[at + k] !== digits[at + k - 1]) runs++;
      total += 1 + runs;
    }
    const buckets = Math.max(1, Math.ceil(total / BUCKET_LOAD));
    if (buckets * SLOTS > 0x7fffffff) throw new KhopError('INTERNAL', 'too many IDs for one ID-neighbourhood index');
    const tagBits = 31 - bitsFor(n);
    const table = new Int32Array(new SharedArrayBuffer(buckets * SLOTS * 4));
    // Each entry goes to its bucket's next slot, counted in a byte per bucket (small enough to
    // stay in cache; reading the line itself to find a free slot stalled on every miss, where a
    // store into it does not). Entries that find their bucket full are spilled, and moved to
    // the overflow area afterwards.
    const fill = new Uint8Array(buckets);
    const spill = new Spill();
    // By chunks of IDs: hash their variants into a buffer, then place them. Two tight loops, each
    // call compiled on its own, measured faster than one loop that hashes and places in turn.
    const hasher = new VariantHasher();
    const hashes = new Uint32Array(CHUNK_IDS * (slot + 1));
    const rows = new Int32Array(hashes.length);
    for (let from = 0; from < n; from += CHUNK_IDS) {
      const count = hashChunk(hasher, digits, length, slot, minLength, from, Math.min(n, from + CHUNK_IDS), hashes, rows);
      placeChunk(table, fill, spill, buckets, tagBits, hashes, rows, count);
    }
    const { overflowStart, overflow } = spill.moveToOverflow(table);
    return new IdNeighbourhood(table, overflowStart, overflow, tagBits, digits, length, slot);
  }

  /** Number of indexed variants. */
  get entryCount(): number {
    const { table, overflowStart } = this;
    let count = overflowStart[overflowStart.length - 1];
    for (let s = 0; s < table.length; s++) if (table[s] > 0) count++;
    return count;
  }

  /** Bytes of the index's own arrays (the left digit slots are shared with the record store). */
  get byteLength(): number {
    return this.table.byteLength + this.overflowStart.byteLength + this.overflow.byteLength;
  }

  /**
   * Appends to `out` every indexed left row whose ID is at most one edit (equal, substitution,
   * adjacent transposition, one digit dropped or added) from query[start, start + n), each once,
   * in no particular order. Allocates nothing once the scratch has grown.
   *
   * A lookup is memory-bound: each variant's bucket is a likely cache miss. So it runs in two
   * stages: one loop reads the first slot of every bucket (independent loads, which the CPU
   * overlaps), then the scan finds the lines in cache, instead of one loop whose every miss
   * waits on the one before (its branches depend on the loaded slots). The hits whose tag
   * matches are then verified (`verifyHits`).
   */
  collect(query: Uint8Array, start: number, n: number, out: RowBuffer): void {
    if (n === 0 || n > MAX_ID_LENGTH) return;
    const count = this.hasher.variants(query, start, n);
    const hash = this.hasher.hash;
    const bases = this.variantBase;
    const touched = this.touched;
    const { table, buckets } = this;
    for (let v = 0; v < count; v++) {
      const base = bucketBase(hash[v], buckets);
      bases[v] = base;
      touched[v] = table[base];
    }
    const hits = this.hits;
    hits.clear();
    this.gatherHits(hash, bases, 0, count, hits);
    this.verifyHits(hits.rows, 0, hits.length, query, start, n, out);
  }

  /*
   * `collect` in stages, which a caller may run for many queries at once (IdOneEditRule.prepare),
   * each stage one loop over all of them: `hashQuery`, `touch` (the buckets), `gatherHits`,
   * `touchDigits` (the hits' left IDs), then `verifyHits` per query.
   */

  /**
   * The variant hashes of query[start, start + n) (1 ≤ n ≤ 255) into hashes[at, at + count) and
   * their buckets' first slots into bases[at, …); returns count (at most n + 1).
   */
  hashQuery(query: Uint8Array, start: number, n: number, hashes: Uint32Array, bases: Int32Array, at: number): number {
    const count = this.hasher.variants(query, start, n);
    const hash = this.hasher.hash;
    const buckets = this.buckets;
    for (let v = 0; v < count; v++) {
      hashes[at + v] = hash[v];
      bases[at + v] = bucketBase(hash[v], buckets);
    }
    return count;
  }

  /**
   * Reads the first slot of buckets bases[from, to) in one loop: independent loads that the CPU
   * overlaps, so that `gatherHits` finds the lines in cache. Returns a value that depends on
   * every load (for the caller to keep, so that the loads are not dropped).
   */
  touch(bases: Int32Array, from: number, to: number): number {
    const table = this.table;
    let sink = 0;
    for (let k = from; k < to; k++) sink ^= table[bases[k]];
    return sink;
  }

  /** Appends to `hits` the rows of the entries whose tag matches, in the buckets of variants hashes[at, at + count). */
  gatherHits(hashes: Uint32Array, bases: Int32Array, at: number, count: number, hits: RowBuffer): void {
    const { table, tagBits, tagMask } = this;
    for (let v = at, last = at + count; v < last; v++) {
      const tag = hashes[v] & tagMask;
      const base = bases[v];
      for (let s = base, end = base + SLOTS; s < end; s++) {
        const entry = table[s];
        if (entry <= 0) {
          if (entry < 0) this.scanOverflow(~entry, tag, hits);
          break;
        }
        if ((entry & tagMask) === tag) hits.push((entry >> tagBits) - 1);
      }
    }
  }

  /** Reads the first digit of the left IDs of rows[from, to) in one loop (see `touch`). */
  touchDigits(rows: Int32Array, from: number, to: number): number {
    const { digits, slot } = this;
    let sink = 0;
    for (let k = from; k < to; k++) sink ^= digits[rows[k] * slot];
    return sink;
  }

  /**
   * Appends to `out`, each once, the rows among rows[from, to) (`gatherHits` of one query)
   * whose ID is at most one edit from query[start, start + n).
   *
   * Dedup: an equal ID is reached through all its variants, so each hit is first looked up among
   * the rows this call already appended (a handful: a short scan that stays in cache); past
   * DEDUP_SCAN_MAX of them (IDs duplicated in the register) a per-left-row stamp takes over.
   */
  verifyHits(rows: Int32Array, from: number, to: number, query: Uint8Array, start: number, n: number, out: RowBuffer): void {
    const { digits, length, slot } = this;
    const first = out.length;
    let stamped = false;
    let epoch = 0;
    for (let h = from; h < to; h++) {
      const row = rows[h];
      if (stamped) {
        if (this.stamp![row] === epoch) continue;
      } else {
        let seen = false;
        const appended = out.rows;
        const len = out.length;
        for (let p = first; p < len; p++) {
          if (appended[p] === row) {
            seen = true;
            break;
          }
        }
        if (seen) continue;
      }
      if (idEditKindBytes(digits, row * slot, length[row], query, start, n) === EDIT_OTHER) continue;
      out.push(row);
      if (stamped) this.stamp![row] = epoch;
      else if (out.length - first > DEDUP_SCAN_MAX) {
        epoch = this.nextEpoch();
        const stamp = this.stamp!;
        for (let p = first; p < out.length; p++) stamp[out.rows[p]] = epoch;
        stamped = true;
      }
    }
  }

  /** Appends to `hits` the rows of overflow list o whose tag is `tag`. */
  private scanOverflow(o: number, tag: number, hits: RowBuffer): void {
    const { overflow, overflowStart, tagBits, tagMask } = this;
    for (let e = overflowStart[o], end = overflowStart[o + 1]; e < end; e++) {
      const entry = overflow[e];
      if ((entry & tagMask) === tag) hits.push((entry >> tagBits) - 1);
    }
  }

  private nextEpoch(): number {
    if (this.stamp === null) this.stamp = new Int32Array(this.length.length);
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  toTransferable(): IdNeighbourhoodTransferable {
    return {
      table: this.table.buffer as SharedArrayBuffer,
      overflowStart: this.overflowStart.buffer as SharedArrayBuffer,
      overflow: this.overflow.buffer as SharedArrayBuffer,
      tagBits: this.tagBits,
      digits: this.digits.buffer as SharedArrayBuffer,
      length: this.length.buffer as SharedArrayBuffer,
      slot: this.slot,
    };
  }

  /**
   * Refuses the transferable of another layout (the CSR one of earlier versions, which a saved
   * register index may hold): its arrays would otherwise be read as empty and find nothing.
   */
  static fromTransferable(t: IdNeighbourhoodTransferable): IdNeighbourhood {
    const shared = (b: unknown): boolean => b instanceof SharedArrayBuffer;
    if (
      !shared(t.table) ||
      !shared(t.overflowStart) ||
      !shared(t.overflow) ||
      t.table.byteLength % (SLOTS * 4) !== 0 ||
      t.overflowStart.byteLength < 4 ||
      !(Number.isInteger(t.tagBits) && t.tagBits >= 0 && t.tagBits <= 31)
    ) {
      throw new KhopError('BAD_ARGUMENT', 'an ID-neighbourhood index of another layout (made by another khop version): build it again');
    }
    return new IdNeighbourhood(
      new Int32Array(t.table),
      new Uint32Array(t.overflowStart),
      new Int32Array(t.overflow),
      t.tagBits,
      new Uint8Array(t.digits),
      new Uint8Array(t.length),
      t.slot,
    );
  }
}
