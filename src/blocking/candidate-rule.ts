/**
 * What the candidate generator asks of a compiled blocking rule: the left rows it pairs with one
 * right row. Rules are built once on the main thread (indexes over the left side, key arrays of
 * the right side, all in shared memory) and rebuilt in each worker from their transferable form.
 */
import type { IdNeighbourhoodTransferable } from './id-neighbourhood.js';
import type { KeyIndexTransferable } from './key-index.js';
import type { RowBuffer } from './row-buffer.js';

/** Per-rule counts of how often a block was too big, accumulated by one generator. */
export class RuleCounters {
  /** Right rows whose block held more left rows than max_block_size. */
  oversizedRows = 0;
  /** Of those, right rows for which the rule emitted nothing (no refine key, or every sub-block missing or too big). */
  droppedRows = 0;
  /** Refined sub-blocks skipped because they were still over the cap. */
  oversizedSubBlocks = 0;

  add(other: RuleCounters): void {
    this.oversizedRows += other.oversizedRows;
    this.droppedRows += other.droppedRows;
    this.oversizedSubBlocks += other.oversizedSubBlocks;
  }
}

export interface CandidateRule {
  readonly name: string;
  /** Number of right rows the rule has keys for. */
  readonly rightSize: number;
  /**
   * Appends to `out` the left rows this rule pairs with right row `right`. A row may appear more
   * than once (the generator deduplicates); order does not matter (the generator sorts).
   */
  collect(right: number, out: RowBuffer, counters: RuleCounters): void;
  /**
   * Optional: right rows from, from + stride, … below `to` (stride 1 by default: [from, to))
   * are about to be collected, in order. A rule may do work for all of them at once here
   * (lookups in one loop, whose cache misses overlap); what `collect` emits must not change,
   * whether or not `prepare` was called and for whichever rows.
   */
  prepare?(from: number, to: number, stride?: number): void;
  /** Optional: as `prepare`, for the right rows rows[from, to) (ascending), about to be collected in that order. */
  prepareRows?(rows: Int32Array, from: number, to: number): void;
  toTransferable(): CandidateRuleTransferable;
}

/**
 * Where `prepare(from, to, stride)` put right row `right` among its rows (from, from + stride, …
 * below to), or −1 when it is not one of them: the rules then look the row up on their own.
 */
export function preparedEntry(right: number, from: number, to: number, stride: number): number {

  const d = right - from;
  if (d < 0 || right >= to) return -1;
  if (stride === 1) return d;
  return d % stride === 0 ? d / stride : -1;
}

export interface EqualRuleTransferable {
  kind: 'equal';
  name: string;
  index: KeyIndexTransferable;
  rightKeys: SharedArrayBuffer;
  rightKeysType: 'float64' | 'int32';
  maxBlockSize: number;
  refine: { index: KeyIndexTransferable; rightKeys: SharedArrayBuffer; rightKeysType: 'float64' | 'int32' }[];
}

export interface IdOneEditRuleTransferable {
  kind: 'id_one_edit';
  name: string;
  neighbourhood: IdNeighbourhoodTransferable;
  rightDigits: SharedArrayBuffer;
  rightLength: SharedArrayBuffer;
  rightSlot: number;
  maxBlockSize: number;
  matchUnpadded: boolean;
}

export type CandidateRuleTransferable = EqualRuleTransferable | IdOneEditRuleTransferable;
