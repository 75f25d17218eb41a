/**
 * An `id_one_edit` blocking rule compiled: a deletion-neighbourhood index (id-neighbourhood.ts)
 * over the left IDs, and the right IDs' digit slots; right row j is paired with every left row
 * whose ID is equal to or one typing error from its ID.
 *
 * Unpadded lookup (on by default): parse-id turns an 11-digit ID into a 12-digit one by
 * restoring the leading zero a spreadsheet drops. When the 11 digits were really a 12-digit ID
 * typed with one digit missing, the padded value is two edits from the true ID (a 0 in front, a
 * digit gone inside), while the 11 digits as typed are one. So a 12-digit right ID is also looked
 * up without its first 0 when it starts with "00": every personal ID starts with 0 (provinces
 * 001-096), so dropping any digit but the first leaves an 11-digit string starting with 0, padded
 * to "00…"; dropping the first 0 pads back to the ID itself. Only IDs of provinces 001-009 start
 * with "00" otherwise, so the extra lookup costs ~10 % more, not 100 %. An unrelated hit this way
 * needs a left ID one insertion from those 11 digits: about 10⁻⁴ per lookup at 1M register IDs.
 *
 * `prepare` looks a chunk of right rows up ahead, stage by stage over all of them (see
 * id-neighbourhood.ts); `collect` then only verifies the hits of its row.
 *
 * `maxBlockSize` caps the left rows one right ID may bring (a run of duplicated IDs in the
 * register); above it the rule emits nothing for that row and counts it.
 */
import { KhopError } from '../errors.js';
import { preparedEntry, type CandidateRule, type IdOneEditRuleTransferable, type RuleCounters } from './candidate-rule.js';
import { IdNeighbourhood, MAX_ID_LENGTH, type DigitSlots } from './id-neighbourhood.js';
import { RowBuffer } from './row-buffer.js';

/** The length of a personal ID (CCCD), the one parse-id pads. */
const PADDED_LENGTH = 12;
const ZERO = 0x30;

export interface IdOneEditRuleInput {
  name: string;
  leftIds: DigitSlots;
  rightIds: DigitSlots;
  maxBlockSize?: number;
  matchUnpadded?: boolean;
  /** Left IDs shorter than this are not indexed (default 8). */
  minIdLength?: number;
  /** The index of `leftIds` with `minIdLength`, when already built (blocking-plan.ts). */
  neighbourhood?: IdNeighbourhood;
}

function sharedBytes(a: Uint8Array): Uint8Array {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a;
  const out = new Uint8Array(new SharedArrayBuffer(a.length));
  out.set(a);
  return out;
}

export class IdOneEditRule implements CandidateRule {
  // Right rows batchFrom, batchFrom + batchStride, … below batchTo looked up ahead by `prepare`:
  // row batchFrom + r · batchStride's candidate rows (tag hits, not yet verified) are
  // batchHits.rows[hitFrom[r], hitMid[r]), then those of its unpadded lookup up to hitTo[r].
  // The variants' hashes and buckets are scratch.
  private batchFrom = 0;
  private batchTo = 0;
  private batchStride = 1;
  private hitFrom = new Int32Array(0);
  private hitMid = new Int32Array(0);
  private hitTo = new Int32Array(0);
  private readonly batchHits = new RowBuffer(1024);
  private batchAt = new Int32Array(0);
  private batchCount = new Int32Array(0);
  private batchUnpadded = new Int32Array(0);
  private batchHash = new Uint32Array(0);
  private batchBase = new Int32Array(0);
  /** What `prepare`'s read-ahead loads read, kept so that they are not optimised away. */
  private touched = 0;

  private constructor(
    readonly name: string,
    readonly neighbourhood: IdNeighbourhood,
    private readonly rightDigits: Uint8Array,
    private readonly rightLength: Uint8Array,
    private readonly rightSlot: number,
    readonly maxBlockSize: number,
    readonly matchUnpadded: boolean,
  ) {}

  static build(input: IdOneEditRuleInput): IdOneEditRule {
    const cap = input.maxBlockSize ?? Infinity;
    if (!(cap >= 1)) throw new KhopError('INTERNAL', 'max_block_size must be at least 1', { path: input.name });
    const r = input.rightIds;
    if (r.digits.length < r.length.length * r.slot) throw new KhopError('INTERNAL', 'ID slots do not fit their digit array', { path: input.name });
    return new IdOneEditRule(
      input.name,
      input.neighbourhood ?? IdNeighbourhood.build(input.leftIds, { minLength: input.minIdLength }),
      sharedBytes(r.digits),
      sharedBytes(r.length),
      r.slot,
      cap,
      input.matchUnpadded ?? true,
    );
  }

  get rightSize(): number {
    return this.rightLength.length;
  }

  /** Whether right row `right` (of ID length n, stored at `at`) is also looked up without its first 0. */
  private unpadded(at: number, n: number): boolean {
    return this.matchUnpadded && n === PADDED_LENGTH && this.rightDigits[at] === ZERO && this.rightDigits[at + 1] === ZERO;
  }

  /**
   * Looks up right rows [from, to) ahead, each stage one loop over all of them: the variants'
   * hashes, a read of each bucket, the tag hits, a read of each hit's left ID; `collect` then
   * verifies the hits. Each bucket and each left ID is a likely cache (and TLB) miss, and the
   * loads of different rows are independent, so the CPU overlaps many more of them than the ~13
   * of one row that `collect` alone can.
   */
  prepare(from: number, to: number, stride = 1): void {
    if (!(to >= from) || from < 0 || to > this.rightLength.length || !(Number.isInteger(stride) && stride >= 1)) {
      throw new KhopError('INTERNAL', 'bad right range', { path: this.name });
    }
    const rows = Math.ceil((to - from) / stride);
    const { rightDigits, rightLength, rightSlot, neighbourhood } = this;
    if (this.batchAt.length < rows) {
      this.batchAt = new Int32Array(rows);
      this.batchCount = new Int32Array(rows);
      this.batchUnpadded = new Int32Array(rows);
      this.hitFrom = new Int32Array(rows);
      this.hitMid = new Int32Array(rows);
      this.hitTo = new Int32Array(rows);
    }
    // Two lookups of at most rightSlot + 1 variants per row.
    const room = rows * 2 * (rightSlot + 1);
    if (this.batchHash.length < room) {
      this.batchHash = new Uint32Array(room);
      this.batchBase = new Int32Array(room);
    }
    const { batchAt, batchCount, batchUnpadded, batchHash, batchBase, hitFrom, hitMid, hitTo, batchHits } = this;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const n = rightLength[from + r * stride];
      const at = (from + r * stride) * rightSlot;
      batchAt[r] = total;
      batchCount[r] = 0;
      batchUnpadded[r] = 0;
      // As in `collect` (and IdNeighbourhood.collect, which finds nothing for a longer query).
      if (n === 0 || n > rightSlot || n > MAX_ID_LENGTH) continue;
      const count = neighbourhood.hashQuery(rightDigits, at, n, batchHash, batchBase, total);
      batchCount[r] = count;
      total += count;
      if (this.unpadded(at, n)) {
        const more = neighbourhood.hashQuery(rightDigits, at + 1, n - 1, batchHash, batchBase, total);
        batchUnpadded[r] = more;
        total += more;
      }
    }
    let touched = neighbourhood.touch(batchBase, 0, total);
    batchHits.clear();
    for (let r = 0; r < rows; r++) {
      hitFrom[r] = batchHits.length;
      neighbourhood.gatherHits(batchHash, batchBase, batchAt[r], batchCount[r], batchHits);
      hitMid[r] = batchHits.length;
      neighbourhood.gatherHits(batchHash, batchBase, batchAt[r] + batchCount[r], batchUnpadded[r], batchHits);
      hitTo[r] = batchHits.length;
    }
    touched ^= neighbourhood.touchDigits(batchHits.rows, 0, batchHits.length);
    this.touched = touched;
    this.batchFrom = from;
    this.batchTo = to;
    this.batchStride = stride;
  }

  /** Where `prepare` put right row `right`, or −1 when it did not. */
  private batchEntry(right: number): number {
    return preparedEntry(right, this.batchFrom, this.batchTo, this.batchStride);
  }

  collect(right: number, out: RowBuffer, counters: RuleCounters): void {
    const n = this.rightLength[right];
    // Longer than the slot: the store kept only a prefix, which is no ID.
    if (n === 0 || n > this.rightSlot) return;
    const at = right * this.rightSlot;
    const before = out.length;
    const r = this.batchEntry(right);
    if (r >= 0) {
      const hits = this.batchHits.rows;
      this.neighbourhood.verifyHits(hits, this.hitFrom[r], this.hitMid[r], this.rightDigits, at, n, out);
      if (this.hitTo[r] > this.hitMid[r]) this.neighbourhood.verifyHits(hits, this.hitMid[r], this.hitTo[r], this.rightDigits, at + 1, n - 1, out);
    } else {
      this.neighbourhood.collect(this.rightDigits, at, n, out);
      if (this.unpadded(at, n)) this.neighbourhood.collect(this.rightDigits, at + 1, n - 1, out);
    }
    // Counted as oversized: engine/settle-plan.ts then knows the rule did not see the whole block.
    if (out.length - before > this.maxBlockSize) {
      out.truncate(before);
      counters.oversizedRows++;
      counters.droppedRows++;
    }
  }

  /** Bytes of the rule's own index (the digit slots are the record stores'). */
  get byteLength(): number {
    return this.neighbourhood.byteLength;
  }

  toTransferable(): IdOneEditRuleTransferable {
    return {
      kind: 'id_one_edit',
      name: this.name,
      neighbourhood: this.neighbourhood.toTransferable(),
      rightDigits: this.rightDigits.buffer as SharedArrayBuffer,
      rightLength: this.rightLength.buffer as SharedArrayBuffer,
      rightSlot: this.rightSlot,
      maxBlockSize: this.maxBlockSize,
      matchUnpadded: this.matchUnpadded,
    };
  }

  static fromTransferable(t: IdOneEditRuleTransferable): IdOneEditRule {
    return new IdOneEditRule(
      t.name,
      IdNeighbourhood.fromTransferable(t.neighbourhood),
      new Uint8Array(t.rightDigits),
      new Uint8Array(t.rightLength),
      t.rightSlot,
      t.maxBlockSize,
      t.matchUnpadded,
    );
  }
}
