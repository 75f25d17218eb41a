/**
 * A comparison compiled from its settings: a function from a pair of records to the index of the
 * first level that holds (level order is priority). Each level family (levels-name/-date/-id/
 * -simple.ts) implements it over its own columns; `comparisons.ts` picks the family by field type.
 *
 * Two entry points. `levelOf(left, i, right, j)` for one pair (tests, corrections, u sampling
 * by the pair). `levelsOf(…)` for a batch of pairs, the hot loop: it binds the columns once and
 * calls the family's level function in a loop that stays monomorphic, writing one byte per pair
 * into a caller-owned buffer, so nothing is allocated per pair. Both bind to the stores they are
 * given (an identity check per call), so the same compiled comparison serves register × doses
 * for matching and register × register for u estimation.
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import type { LevelKind } from './settings-schema.js';

export interface CompiledComparison {
  readonly name: string;
  readonly field: string;
  readonly levelCount: number;
  readonly labels: readonly string[];
  readonly kinds: readonly LevelKind[];
  /** Level index of the `null` level (no evidence), always 0 in valid settings. */
  readonly nullLevel: number;
  /** Whether each level is term-frequency adjusted. */
  readonly tfLevels: readonly boolean[];

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number;

  /** out[n * stride + offset] = level of pair (pairsL[n], pairsR[n]) for n < count. */
  levelsOf(
    left: RecordStore,
    right: RecordStore,
    pairsL: Int32Array,
    pairsR: Int32Array,
    count: number,
    out: Uint8Array,
    stride: number,
    offset: number,
  ): void;

  /**
   * The left store's codes that a term-frequency adjusted level looks up (the shared value of the
   * pair under that level's key), or null when the level is not adjusted.
   */
  tfCodes(left: RecordStore, level: number): Int32Array | null;
}

/** Both sides' dictionaries must be the same strings, or codes would mean different things. */
export function assertSameDictionary(a: { bytes: Uint8Array }, b: { bytes: Uint8Array }, field: string): void {
  if (a !== b && a.bytes.buffer !== b.bytes.buffer) {
    throw new KhopError('INTERNAL', 'the two stores were built with different dictionaries', { field });
  }
}

/** What every family's comparison holds besides its plan and bound columns. */
export abstract class ComparisonBase {
  readonly levelCount: number;
  readonly kinds: readonly LevelKind[];
  readonly nullLevel: number;
  protected boundL: RecordStore | null = null;
  protected boundR: RecordStore | null = null;

  constructor(
    readonly name: string,
    readonly field: string,
    levels: readonly { kind: LevelKind }[],
    readonly labels: readonly string[],
    readonly tfLevels: readonly boolean[],
  ) {
    this.levelCount = levels.length;
    this.kinds = levels.map((l) => l.kind);
    this.nullLevel = this.kinds.indexOf('null');
  }
}
