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
import type { CandidateRule, EqualRuleTransferable, RuleCounters } from './candidate-rule.js';
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
  // Blocks of the right rows [batchFrom, batchTo) resolved ahead by `prepare`: rows
  // batchStart[r]…batchEnd[r] of index.rows for right row batchFrom + r (empty when no block).
  private batchFrom = 0;
  private batchTo = 0;
  private batchStart = new Int32Array(0);
  private batchEnd = new Int32Array(0);

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
      // Which left rows sit in an oversized block: only they enter the refine indexes.
      const n = leftKeys.length;
      const oversized = new Uint8Array(index.blockCount);
      let any = false;
      for (let b = 0; b < index.blockCount; b++) {
        if (index.blockSize(b) > cap) {
          oversized[b] = 1;
          any = true;
        }
      }
      for (const keys of refineLeftKeys) {
        if (keys.length !== n) throw new KhopError('INTERNAL', 'refine keys do not cover the left side', { path: name });
        const combined = new Float64Array(n).fill(NaN);
        if (any) {
          for (let b = 0; b < index.blockCount; b++) {
            if (oversized[b] === 0) continue;
            const key = index.keys[b];
            for (let k = index.offsets[b]; k < index.offsets[b + 1]; k++) {
              const row = index.rows[k];
              const rk = keys[row];
              if (rk >= 0) combined[row] = hashKeyPair(key, rk);
            }
          }
        }
        refine.push(KeyIndex.build(combined));
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
   * Finds the blocks of right rows [from, to) ahead, in tight loops (KeyIndex.findBatch, then
   * the block bounds): the probes of different rows are independent loads the CPU overlaps,
   * where one `collect` after another would pay each probe's cache misses in turn.
   */
  prepare(from: number, to: number): void {
    const n = to - from;
    if (!(n >= 0) || from < 0 || to > this.rightKeys.length) throw new KhopError('INTERNAL', 'bad right range', { path: this.name });
    if (this.batchStart.length < n) {
      this.batchStart = new Int32Array(n);
      this.batchEnd = new Int32Array(n);
    }
    const { index, rightKeys, batchStart, batchEnd } = this;
    index.findBatch(rightKeys, from, to, batchStart, batchEnd);
    const offsets = index.offsets;
    for (let r = 0; r < n; r++) {
      const b = batchStart[r];
      if (b < 0) {
        batchStart[r] = 0;
        batchEnd[r] = 0;
      } else {
        batchStart[r] = offsets[b];
        batchEnd[r] = offsets[b + 1];
      }
    }
    this.batchFrom = from;
    this.batchTo = to;
  }

  collect(right: number, out: RowBuffer, counters: RuleCounters): void {
    const index = this.index;
    let start: number;
    let end: number;
    if (right >= this.batchFrom && right < this.batchTo) {
      start = this.batchStart[right - this.batchFrom];
      end = this.batchEnd[right - this.batchFrom];
    } else {
      const block = index.find(this.rightKeys[right]);
      if (block < 0) return;
      start = index.offsets[block];
      end = index.offsets[block + 1];
    }
    const cap = this.maxBlockSize;
    if (end - start <= cap) {
      out.append(index.rows, start, end);
      return;
    }
    const key = this.rightKeys[right];
    counters.oversizedRows++;
    const before = out.length;
    const refine = this.refine;
    for (let r = 0; r < refine.length; r++) {
      const rk = refine[r].rightKeys[right];
      if (!(rk >= 0)) continue;
      const sub = refine[r].index;
      const b = sub.find(hashKeyPair(key, rk));
      if (b < 0) continue;
      const s = sub.offsets[b];
      const e = sub.offsets[b + 1];
      if (e - s > cap) {
        counters.oversizedSubBlocks++;
        continue;
      }
      out.append(sub.rows, s, e);
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
