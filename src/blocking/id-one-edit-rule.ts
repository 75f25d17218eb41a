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
 * `maxBlockSize` caps the left rows one right ID may bring (a run of duplicated IDs in the
 * register); above it the rule emits nothing for that row and counts it.
 */
import { KhopError } from '../errors.js';
import type { CandidateRule, IdOneEditRuleTransferable, RuleCounters } from './candidate-rule.js';
import { IdNeighbourhood, type DigitSlots } from './id-neighbourhood.js';
import type { RowBuffer } from './row-buffer.js';

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

  collect(right: number, out: RowBuffer, counters: RuleCounters): void {
    const n = this.rightLength[right];
    // Longer than the slot: the store kept only a prefix, which is no ID.
    if (n === 0 || n > this.rightSlot) return;
    const at = right * this.rightSlot;
    const before = out.length;
    this.neighbourhood.collect(this.rightDigits, at, n, out);
    if (this.matchUnpadded && n === PADDED_LENGTH && this.rightDigits[at] === ZERO && this.rightDigits[at + 1] === ZERO) {
      this.neighbourhood.collect(this.rightDigits, at + 1, n - 1, out);
    }
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
