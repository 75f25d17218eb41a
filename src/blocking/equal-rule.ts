/**
 * An `equal` blocking rule compiled: a key index over the left side's keys and the right side's
 * key array; right row j is paired with every left row in the block of rightKeys[j].
 *
 * Giant blocks (rule-schema.ts explains the settings): when that block holds more than
 * `maxBlockSize` left rows, the rule emits instead, for each refine key r, the rows of the block
 * that also agree on r — looked up in one more key index per refine key, built over the left rows
 * of oversized blocks only, keyed by hash(block key, refine key). So the cost per right row stays
 * proportional to what it emits, never to the block's size. A refined sub-block still over the
 * cap is skipped; each case is counted (RuleCounters) for the blocking report.
 *
 * Why refinement rather than "skip the block" (Splink's advice, and what a cap alone does): the
 * people in the biggest blocks (Nguyễn Văn Hùng, born 1985) are as likely as anyone to have a
 * typo in their ID, and for them the name rule is the only way back. Why not "rank the block by a
 * cheap similarity and keep the best K": that costs O(block) per right row, i.e. exactly the pair
 * count the cap is there to avoid, and a K cut among ties is arbitrary. The refined lookup keeps a
 * true pair unless it disagrees on every refine key.
 */
import { KhopError } from '../errors.js';
import { preparedEntry, type CandidateRule, type EqualRuleTransferable, type RuleCounters } from './candidate-rule.js';
import { hashKeyPair, keyArrayOf, keyArrayType, sharedKeys, type KeyArray } from './key-combine.js';
import { KeyIndex } from './key-index.js';
import type { RowBuffer } from './row-buffer.js';

export interface EqualRuleInput {
  name: string;
  /** leftKeys[i]: left row i's key (NaN / negative: missing). */
  leftKeys: KeyArray;
  rightKeys: KeyArray;
  /** Blocks with more left rows than this are refined (or skipped). Default: no cap. */
  maxBlockSize?: number;
  /** Finer keys for oversized blocks, each one array per side; OR-ed. */
  refine?: readonly { leftKeys: KeyArray; rightKeys: KeyArray }[];
}

interface Refinement {
  index: KeyIndex;
  rightKeys: KeyArray;
}

/**
 * The part of an equal rule that reads only the left side: its key index and the refine indexes.
 * The match job builds it while the right side is still being read (`EqualRule.buildLeft`), then
 * completes the rule with the right side's keys (`EqualRule.complete`).
 */
export interface EqualRuleLeft {
  name: string;
  index: KeyIndex;
  maxBlockSize: number;
  /** One index per refine key, in the settings' order. */
  refine: readonly KeyIndex[];
}

export class EqualRule implements CandidateRule {
  // Blocks of the right rows batchFrom, batchFrom + batchStride, … below batchTo resolved ahead
  // by `prepare`: batchBlock[r] is right row batchFrom + r · batchStride's block (−1: none);
  // batchSlot is findBatch's scratch, batchKey the rows' keys gathered when strided.
  private batchFrom = 0;
  private batchTo = 0;
  private batchStride = 1;
  private batchBlock = new Int32Array(0);
  private batchSlot = new Int32Array(0);
  private batchKey = new Float64Array(0);
  // After `prepareRows`: the list prepared, and the next entry `collect` should meet.
  private batchRows: Int32Array | null = null;
  private batchCursor = 0;
  /** What `prepare`'s read-ahead of the blocks' rows read, kept so that the loads are not dropped. */
  private touched = 0;

  private constructor(
    readonly name: string,
    readonly index: KeyIndex,
    private readonly rightKeys: KeyArray,
    readonly maxBlockSize: number,
    private readonly refine: readonly Refinement[],
  ) {}

  static build(input: EqualRuleInput): EqualRule {
    const left = EqualRule.buildLeft(input.name, input.leftKeys, input.maxBlockSize, (input.refine ?? []).map((r) => r.leftKeys));
    return EqualRule.complete(left, input.rightKeys, (input.refine ?? []).map((r) => r.rightKeys));
  }

  /** The left side's indexes (see EqualRuleLeft). */
  static buildLeft(name: string, leftKeys: KeyArray, maxBlockSize: number | undefined, refineLeftKeys: readonly KeyArray[]): EqualRuleLeft {
    const cap = maxBlockSize ?? Infinity;
    if (!(cap >= 1)) throw new KhopError('INTERNAL', 'max_block_size must be at least 1', { path: name });
    const index = KeyIndex.build(leftKeys);
    const refine: KeyIndex[] = [];
    if (refineLeftKeys.length > 0 && cap !== Infinity) {
      // Which left rows sit in an oversized block: only they enter the refine indexes, keyed by
      // hash(their block's key, their refine key), listed in ascending row order.
      const n = leftKeys.length;
      const inOversized = new Uint8Array(n);
      for (let b = 0; b < index.blockCount; b++) {
        const size = index.blockSize(b);
        if (size > cap) for (let k = 0; k < size; k++) inOversized[index.row(b, k)] = 1;
      }
      for (const keys of refineLeftKeys) {
        if (keys.length !== n) throw new KhopError('INTERNAL', 'refine keys do not cover the left side', { path: name });
        let count = 0;
        for (let i = 0; i < n; i++) if (inOversized[i] === 1 && keys[i] >= 0) count++;
        const rows = new Int32Array(count);
        const combined = new Float64Array(count);
        for (let i = 0, e = 0; i < n; i++) {
          if (inOversized[i] === 1 && keys[i] >= 0) {
            rows[e] = i;
            combined[e++] = hashKeyPair(leftKeys[i], keys[i]);
          }
        }
        refine.push(KeyIndex.buildSparse(rows, combined, count));
      }
    }
    return { name, index, maxBlockSize: cap, refine };
  }

  /** The rule from its left side's indexes and the right side's keys (one array per refine key). */
  static complete(left: EqualRuleLeft, rightKeys: KeyArray, refineRightKeys: readonly KeyArray[]): EqualRule {
    // Without a cap the refine keys are never read (buildLeft made no refine index).
    const refine: Refinement[] = left.refine.map((index, r) => {
      const keys = refineRightKeys[r];
      if (keys === undefined || keys.length !== rightKeys.length) throw new KhopError('INTERNAL', 'refine keys do not cover the right side', { path: left.name });
      return { index, rightKeys: sharedKeys(keys) };
    });
    return new EqualRule(left.name, left.index, sharedKeys(rightKeys), left.maxBlockSize, refine);
  }

  get rightSize(): number {
    return this.rightKeys.length;
  }

  /**
   * Finds the blocks of right rows [from, to) ahead, in tight loops (KeyIndex.findBatch): the
   * probes of different rows are independent loads the CPU overlaps, where one `collect` after
   * another would pay each probe's cache misses in turn; then the first row of each block that
   * `collect` will copy is read ahead the same way (KeyIndex.touchRows: 8-10 % of the generation
   * at 1M, measured). Finding the sub-blocks of oversized blocks ahead too measured slower.
   * A strided range gathers its rows' keys first.
   */
  prepare(from: number, to: number, stride = 1): void {
    if (!(to >= from) || from < 0 || to > this.rightKeys.length || !(Number.isInteger(stride) && stride >= 1)) {
      throw new KhopError('INTERNAL', 'bad right range', { path: this.name });
    }
    const n = Math.ceil((to - from) / stride);
    if (stride === 1) this.findAhead(this.rightKeys, from, n);
    else {
      const keys = this.gatheredKeys(n);
      for (let r = 0; r < n; r++) keys[r] = this.rightKeys[from + r * stride];
      this.findAhead(keys, 0, n);
    }
    this.batchFrom = from;
    this.batchTo = to;
    this.batchStride = stride;
    this.batchRows = null;
  }

  /** `prepare` for the right rows rows[from, to) of a list (the rows the generator still asks this rule about). */
  prepareRows(rows: Int32Array, from: number, to: number): void {
    const n = to - from;
    if (!(n >= 0) || from < 0 || to > rows.length) throw new KhopError('INTERNAL', 'bad right rows', { path: this.name });
    const keys = this.gatheredKeys(n);
    for (let r = 0; r < n; r++) keys[r] = this.rightKeys[rows[from + r]];
    this.findAhead(keys, 0, n);
    // A view of the caller's list, read only by the collects that follow (the generator's next ones).
    this.batchRows = rows.subarray(from, to);
    this.batchCursor = 0;
  }

  /** Scratch for the keys of n rows gathered from the right keys (a stride or a list). */
  private gatheredKeys(n: number): Float64Array {
    if (this.batchKey.length < n) this.batchKey = new Float64Array(n);
    return this.batchKey;
  }

  /** The blocks of keys[at, at + n) into batchBlock, then their first rows read ahead. */
  private findAhead(keys: KeyArray, at: number, n: number): void {
    if (this.batchBlock.length < n) {
      this.batchBlock = new Int32Array(n);
      this.batchSlot = new Int32Array(n);
    }
    this.index.findBatch(keys, at, at + n, this.batchBlock, this.batchSlot);
    this.touched = this.index.touchRows(this.batchBlock, n, this.maxBlockSize);
  }

  /** Where `prepare` or `prepareRows` put right row `right`, or −1 when it did not. */
  private batchEntry(right: number): number {
    const list = this.batchRows;
    if (list === null) return preparedEntry(right, this.batchFrom, this.batchTo, this.batchStride);
    // Rows are collected in the list's order; any other row is looked up on its own.
    const e = this.batchCursor;
    if (e < list.length && list[e] === right) {
      this.batchCursor = e + 1;
      return e;
    }
    return -1;
  }

  collect(right: number, out: RowBuffer, counters: RuleCounters): void {
    const index = this.index;
    const entry = this.batchEntry(right);
    const block = entry >= 0 ? this.batchBlock[entry] : index.find(this.rightKeys[right]);
    if (block < 0) return;
    const cap = this.maxBlockSize;
    if (index.blockSize(block) <= cap) {
      index.appendBlock(block, out);
      return;
    }
    const key = this.rightKeys[right];
    // Every block not taken whole counts here: engine/settle-plan.ts reads it as "not seen in full".
    counters.oversizedRows++;
    const before = out.length;
    const refine = this.refine;
    for (let r = 0; r < refine.length; r++) {
      const rk = refine[r].rightKeys[right];
      if (!(rk >= 0)) continue;
      const sub = refine[r].index;
      const b = sub.find(hashKeyPair(key, rk));
      if (b < 0) continue;
      if (sub.blockSize(b) > cap) {
        counters.oversizedSubBlocks++;
        continue;
      }
      sub.appendBlock(b, out);
    }
    if (out.length === before) counters.droppedRows++;
  }

  /** Bytes of the rule's own arrays (indexes and right keys). */
  get byteLength(): number {
    let bytes = this.index.byteLength + this.rightKeys.byteLength;
    for (const r of this.refine) bytes += r.index.byteLength + r.rightKeys.byteLength;
    return bytes;
  }

  toTransferable(): EqualRuleTransferable {
    return {
      kind: 'equal',
      name: this.name,
      index: this.index.toTransferable(),
      rightKeys: this.rightKeys.buffer as SharedArrayBuffer,
      rightKeysType: keyArrayType(this.rightKeys),
      maxBlockSize: this.maxBlockSize,
      refine: this.refine.map((r) => ({
        index: r.index.toTransferable(),
        rightKeys: r.rightKeys.buffer as SharedArrayBuffer,
        rightKeysType: keyArrayType(r.rightKeys),
      })),
    };
  }

  static fromTransferable(t: EqualRuleTransferable): EqualRule {
    return new EqualRule(
      t.name,
      KeyIndex.fromTransferable(t.index),
      keyArrayOf(t.rightKeys, t.rightKeysType),
      t.maxBlockSize,
      t.refine.map((r) => ({ index: KeyIndex.fromTransferable(r.index), rightKeys: keyArrayOf(r.rightKeys, r.rightKeysType) })),
    );
  }
}
