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
 * Layout, all typed arrays in shared memory: each variant is hashed (two 32-bit polynomial
 * lanes over the bytes, finished with MurmurHash3's fmix32); the first lane picks one of B
 * buckets (B a power of two, 4-8 variants per bucket on average), 16 bits of the second are kept
 * per entry as a tag. Buckets are CSR: entries [bucketStart[b], bucketStart[b + 1]) hold left row
 * ids (Int32) and tags (Uint16). A lookup reads one bucket's tags (one cache line) per variant
 * and verifies only the hits plus the ~1/65536 unrelated entries whose tag also matches. The
 * variant hash of a deletion costs O(1) from prefix and suffix hashes, so a 12-digit ID's 13
 * variants cost one pass over its digits.
 *
 * Memory for 1M 12-digit IDs (12M variants after run dedup): 6 B per entry + 4 B per bucket
 * ≈ 69 MB + 8 MB; the left digit slots are the record store's own (not copied).
 */
import { KhopError } from '../errors.js';
import { fmix32 } from './key-combine.js';
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
  entryRow: SharedArrayBuffer;
  entryTag: SharedArrayBuffer;
  digits: SharedArrayBuffer;
  length: SharedArrayBuffer;
  slot: number;
}

const BASE_A = 0x01000193;
const BASE_B = 0x2545f491;
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
 * Variant hashes of one string, computed into reusable scratch arrays: hashA (bucket lane) and
 * hashB (tag lane) of the string itself, then of each distinct one-deletion.
 */
class VariantHasher {
  readonly hashA = new Uint32Array(MAX_LENGTH + 1);
  readonly hashB = new Uint32Array(MAX_LENGTH + 1);
  private readonly preA = new Int32Array(MAX_LENGTH + 1);
  private readonly preB = new Int32Array(MAX_LENGTH + 1);
  private readonly sufA = new Int32Array(MAX_LENGTH + 2);
  private readonly sufB = new Int32Array(MAX_LENGTH + 2);
  private readonly powA = new Int32Array(MAX_LENGTH + 1);
  private readonly powB = new Int32Array(MAX_LENGTH + 1);

  constructor() {
    this.powA[0] = 1;
    this.powB[0] = 1;
    for (let k = 1; k <= MAX_LENGTH; k++) {
      this.powA[k] = Math.imul(this.powA[k - 1], BASE_A);
      this.powB[k] = Math.imul(this.powB[k - 1], BASE_B);
    }
  }

  /** Fills hashA/hashB[0, count) for s[start, start + n); returns count (1 + distinct deletions). */
  variants(s: Uint8Array, start: number, n: number): number {
    const { preA, preB, sufA, sufB, powA, powB, hashA, hashB } = this;
    preA[0] = 0;
    preB[0] = 0;
    for (let k = 0; k < n; k++) {
      preA[k + 1] = (Math.imul(preA[k], BASE_A) + s[start + k]) | 0;
      preB[k + 1] = (Math.imul(preB[k], BASE_B) + s[start + k]) | 0;
    }
    sufA[n] = 0;
    sufB[n] = 0;
    for (let k = n - 1; k >= 0; k--) {
      sufA[k] = (Math.imul(s[start + k], powA[n - 1 - k]) + sufA[k + 1]) | 0;
      sufB[k] = (Math.imul(s[start + k], powB[n - 1 - k]) + sufB[k + 1]) | 0;
    }
    hashA[0] = finishA(preA[n], n);
    hashB[0] = finishB(preB[n], n);
    let count = 1;
    for (let i = 0; i < n; i++) {
      if (i > 0 && s[start + i] === s[start + i - 1]) continue;
      const hA = (Math.imul(preA[i], powA[n - 1 - i]) + sufA[i + 1]) | 0;
      const hB = (Math.imul(preB[i], powB[n - 1 - i]) + sufB[i + 1]) | 0;
      hashA[count] = finishA(hA, n - 1);
      hashB[count] = finishB(hB, n - 1);
      count++;
    }
    return count;
  }
}

function finishA(h: number, length: number): number {
  return fmix32(h ^ Math.imul(length + 1, 0x9e3779b1));
}

function finishB(h: number, length: number): number {
  return fmix32((h + Math.imul(length + 1, 0x85ebca77)) | 0);
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

  private constructor(
    private readonly bucketStart: Uint32Array,
    private readonly entryRow: Int32Array,
    private readonly entryTag: Uint16Array,
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
      for (let v = 0; v < count; v++) start[(hasher.hashA[v] >>> shift) + 1]++;
    }
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const entryRow = new Int32Array(new SharedArrayBuffer(total * 4));
    const entryTag = new Uint16Array(new SharedArrayBuffer(total * 2));
    for (let i = 0; i < n; i++) {
      if (!indexed(i)) continue;
      const count = hasher.variants(digits, i * slot, length[i]);
      for (let v = 0; v < count; v++) {
        const at = --start[(hasher.hashA[v] >>> shift) + 1];
        entryRow[at] = i;
        entryTag[at] = hasher.hashB[v] & 0xffff;
      }
    }
    start.copyWithin(0, 1);
    start[buckets] = total;
    return new IdNeighbourhood(start, entryRow, entryTag, digits, length, slot);
  }

  /** Number of indexed variants. */
  get entryCount(): number {
    return this.entryRow.length;
  }

  /** Bytes of the index's own arrays (the left digit slots are shared with the record store). */
  get byteLength(): number {
    return this.bucketStart.byteLength + this.entryRow.byteLength + this.entryTag.byteLength;
  }

  /**
   * Appends to `out` every indexed left row whose ID is at most one edit (equal, substitution,
   * adjacent transposition, one digit dropped or added) from query[start, start + n), each once,
   * in no particular order. Allocates nothing after the first call.
   *
   * Dedup: an equal ID is reached through all its variants, so each hit is first looked up among
   * the rows this call already appended (a handful: a short scan that stays in cache); past
   * DEDUP_SCAN_MAX of them (IDs duplicated in the register) a per-left-row stamp takes over.
   */
  collect(query: Uint8Array, start: number, n: number, out: RowBuffer): void {
    if (n === 0 || n > MAX_LENGTH) return;
    const { bucketStart, entryRow, entryTag, digits, length, slot, shift, hasher } = this;
    const first = out.length;
    let stamped = false;
    let epoch = 0;
    const count = hasher.variants(query, start, n);
    for (let v = 0; v < count; v++) {
      const bucket = hasher.hashA[v] >>> shift;
      const tag = hasher.hashB[v] & 0xffff;
      const end = bucketStart[bucket + 1];
      for (let e = bucketStart[bucket]; e < end; e++) {
        if (entryTag[e] !== tag) continue;
        const row = entryRow[e];
        if (stamped) {
          if (this.stamp![row] === epoch) continue;
        } else {
          let seen = false;
          const rows = out.rows;
          for (let p = first; p < out.length; p++) {
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
      entryRow: this.entryRow.buffer as SharedArrayBuffer,
      entryTag: this.entryTag.buffer as SharedArrayBuffer,
      digits: this.digits.buffer as SharedArrayBuffer,
      length: this.length.buffer as SharedArrayBuffer,
      slot: this.slot,
    };
  }

  static fromTransferable(t: IdNeighbourhoodTransferable): IdNeighbourhood {
    return new IdNeighbourhood(
      new Uint32Array(t.bucketStart),
      new Int32Array(t.entryRow),
      new Uint16Array(t.entryTag),
      new Uint8Array(t.digits),
      new Uint8Array(t.length),
      t.slot,
    );
  }
}
