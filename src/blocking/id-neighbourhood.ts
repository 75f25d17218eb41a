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
 * over the bytes, finished with MurmurHash3's fmix32); its top bits pick one of B buckets (B a
 * power of two, 4-8 variants per bucket on average), its low 16 bits are kept per entry as a
 * tag. Buckets are CSR: entries [bucketStart[b], bucketStart[b + 1]) hold a tag and a left row
 * id, interleaved as two Int32 (so a tag hit's row is in the cache line just read: a separate
 * row array cost one more miss per hit, ~10 per lookup). A lookup reads one bucket (one or two
 * cache lines) per variant and verifies
 * only the hits plus the few unrelated entries whose tag also matches (1/65536 of those scanned
 * up to 2^16 buckets, 1/2048 at 2^21, i.e. 1M IDs). The
 * variant hash of a deletion costs O(1) from prefix and suffix hashes, so a 12-digit ID's 13
 * variants cost one pass over its digits.
 *
 * Memory for 1M 12-digit IDs (12M variants after run dedup): 8 B per entry + 4 B per bucket
 * ≈ 92 MB + 8 MB; the left digit slots are the record store's own (not copied).
 */
import { KhopError } from '../errors.js';
import { fmix32 } from '../util/fmix32.js';
import { EDIT_OTHER, idEditKindBytes } from './id-edit-bytes.js';
import type { RowBuffer } from './row-buffer.js';

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

export interface IdNeighbourhoodTransferable {
  bucketStart: SharedArrayBuffer;
  entries: SharedArrayBuffer;
  digits: SharedArrayBuffer;
  length: SharedArrayBuffer;
  slot: number;
}

const BASE = 0x01000193;
const MAX_LENGTH = 255;
/** Above this many hits in one lookup, dedup switches from a scan of the hits to a stamp array. */
const DEDUP_SCAN_MAX = 16;
/** Entries per bucket on average: 8 Uint16 tags are one 16-byte run, and the directory stays small. */
const BUCKET_LOAD = 8;

function toShared<T extends Uint8Array>(a: T): Uint8Array {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a;
  const out = new Uint8Array(new SharedArrayBuffer(a.length));
  out.set(a);
  return out;
}

/**
 * Variant hashes of one string, computed into a reusable scratch array: `hash` of the string
 * itself, then of each distinct one-deletion. One 32-bit lane: its top bits pick the bucket, its
 * low 16 bits are the tag (they overlap the bucket bits only past 2^16 buckets, where a tag still
 * keeps ≥ 11 free bits: a false tag hit costs one verification, never a wrong answer).
 */
class VariantHasher {
  readonly hash = new Uint32Array(MAX_LENGTH + 1);
  private readonly pre = new Int32Array(MAX_LENGTH + 1);
  private readonly suf = new Int32Array(MAX_LENGTH + 2);
  private readonly pow = new Int32Array(MAX_LENGTH + 1);

  constructor() {
    this.pow[0] = 1;
    for (let k = 1; k <= MAX_LENGTH; k++) this.pow[k] = Math.imul(this.pow[k - 1], BASE);
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

function isDigitId(s: Uint8Array, start: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    const c = s[start + k];
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export class IdNeighbourhood {
  private readonly hasher = new VariantHasher();
  private readonly shift: number;
  private stamp: Int32Array | null = null;
  private epoch = 0;
  // Lookup scratch: each variant's bucket bounds, then the rows of the entries whose tag matches.
  private readonly variantLo = new Uint32Array(MAX_LENGTH + 1);
  private readonly variantHi = new Uint32Array(MAX_LENGTH + 1);
  private hitRow = new Int32Array(1024);

  private constructor(
    private readonly bucketStart: Uint32Array,
    /** Entry e is entries[2e] (its 16-bit tag) and entries[2e + 1] (its left row). */
    private readonly entries: Int32Array,
    private readonly digits: Uint8Array,
    private readonly length: Uint8Array,
    private readonly slot: number,
  ) {
    this.shift = 32 - Math.log2(bucketStart.length - 1);
  }

  /** Indexes every left ID made only of digits, with minLength ≤ length ≤ slot. */
  static build(ids: DigitSlots, options: IdNeighbourhoodOptions = {}): IdNeighbourhood {
    const minLength = Math.max(1, options.minLength ?? 8);
    const { slot } = ids;
    if (!(slot >= 1 && slot <= MAX_LENGTH) || ids.digits.length < ids.length.length * slot) {
      throw new KhopError('INTERNAL', 'ID slots do not fit their digit array');
    }
    const digits = toShared(ids.digits);
    const length = toShared(ids.length);
    const n = length.length;
    const indexed = (i: number): boolean => {
      const len = length[i];
      return len >= minLength && len <= slot && isDigitId(digits, i * slot, len);
    };
    const hasher = new VariantHasher();
    let total = 0;
    for (let i = 0; i < n; i++) if (indexed(i)) total += hasher.variants(digits, i * slot, length[i]);
    let buckets = 16;
    while (buckets * BUCKET_LOAD < total) buckets *= 2;
    const shift = 32 - Math.log2(buckets);
    // Count per bucket into start[b + 1], prefix-sum to bucket ends, then place each entry at
    // --start[b + 1]: afterwards start[b + 1] is bucket b's beginning, and one shift fixes the layout.
    const start = new Uint32Array(new SharedArrayBuffer((buckets + 1) * 4));
    for (let i = 0; i < n; i++) {
      if (!indexed(i)) continue;
      const count = hasher.variants(digits, i * slot, length[i]);
      for (let v = 0; v < count; v++) start[(hasher.hash[v] >>> shift) + 1]++;
    }
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const entries = new Int32Array(new SharedArrayBuffer(total * 8));
    for (let i = 0; i < n; i++) {
      if (!indexed(i)) continue;
      const count = hasher.variants(digits, i * slot, length[i]);
      for (let v = 0; v < count; v++) {
        const at = --start[(hasher.hash[v] >>> shift) + 1];
        entries[2 * at] = hasher.hash[v] & 0xffff;
        entries[2 * at + 1] = i;
      }
    }
    start.copyWithin(0, 1);
    start[buckets] = total;
    return new IdNeighbourhood(start, entries, digits, length, slot);
  }

  /** Number of indexed variants. */
  get entryCount(): number {
    return this.entries.length >> 1;
  }

  /** Bytes of the index's own arrays (the left digit slots are shared with the record store). */
  get byteLength(): number {
    return this.bucketStart.byteLength + this.entries.byteLength;
  }

  /**
   * Appends to `out` every indexed left row whose ID is at most one edit (equal, substitution,
   * adjacent transposition, one digit dropped or added) from query[start, start + n), each once,
   * in no particular order. Allocates nothing once the scratch has grown.
   *
   * A lookup is memory-bound: per variant a bucket bound and the bucket's entries are each a
   * likely cache miss. So it runs in stages, each one loop of independent loads (all the bucket
   * bounds, then all the buckets) which the CPU overlaps, instead of one loop whose every miss
   * waits on the one before.
   *
   * Dedup: an equal ID is reached through all its variants, so each hit is first looked up among
   * the rows this call already appended (a handful: a short scan that stays in cache); past
   * DEDUP_SCAN_MAX of them (IDs duplicated in the register) a per-left-row stamp takes over.
   */
  collect(query: Uint8Array, start: number, n: number, out: RowBuffer): void {
    if (n === 0 || n > MAX_LENGTH) return;
    const { bucketStart, entries, digits, length, slot, shift, hasher } = this;
    const count = hasher.variants(query, start, n);
    const hash = hasher.hash;
    const lo = this.variantLo;
    const hi = this.variantHi;
    for (let v = 0; v < count; v++) {
      const bucket = hash[v] >>> shift;
      lo[v] = bucketStart[bucket];
      hi[v] = bucketStart[bucket + 1];
    }
    let hits = 0;
    let hitRow = this.hitRow;
    for (let v = 0; v < count; v++) {
      const tag = hash[v] & 0xffff;
      const end = 2 * hi[v];
      for (let e = 2 * lo[v]; e < end; e += 2) {
        if (entries[e] !== tag) continue;
        if (hits === hitRow.length) hitRow = this.growHits();
        hitRow[hits++] = entries[e + 1];
      }
    }
    const first = out.length;
    let stamped = false;
    let epoch = 0;
    for (let h = 0; h < hits; h++) {
      const row = hitRow[h];
      if (stamped) {
        if (this.stamp![row] === epoch) continue;
      } else {
        let seen = false;
        const rows = out.rows;
        const len = out.length;
        for (let p = first; p < len; p++) {
          if (rows[p] === row) {
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

  private growHits(): Int32Array<ArrayBuffer> {
    const rows = new Int32Array(this.hitRow.length * 2);
    rows.set(this.hitRow);
    this.hitRow = rows;
    return rows;
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
      bucketStart: this.bucketStart.buffer as SharedArrayBuffer,
      entries: this.entries.buffer as SharedArrayBuffer,
      digits: this.digits.buffer as SharedArrayBuffer,
      length: this.length.buffer as SharedArrayBuffer,
      slot: this.slot,
    };
  }

  static fromTransferable(t: IdNeighbourhoodTransferable): IdNeighbourhood {
    return new IdNeighbourhood(
      new Uint32Array(t.bucketStart),
      new Int32Array(t.entries),
      new Uint8Array(t.digits),
      new Uint8Array(t.length),
      t.slot,
    );
  }
}
