/**
 * Scores candidate pairs: the comparison vector of each pair (comparisons.ts), then its match
 * weight, prior + Σ level weights + term-frequency adjustments (fellegi-sunter.ts,
 * tf-adjustment.ts). Everything goes into buffers the caller owns and reuses from batch to batch,
 * so a worker scoring millions of pairs allocates nothing per pair.
 *
 * The levels are filled comparison by comparison (each loop monomorphic), visiting the pairs by
 * left row for the cache's sake (pair-order.ts), then the weights pair by pair from a flat weight
 * table, then each adjusted level adds its table lookup for the pairs at that level. Outputs are in
 * the caller's pair order. Match probability, when wanted, is `matchProbability(weight)`.
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import { comparePairs, compileComparisons, type CompiledComparison } from './comparisons.js';
import { localityOrder } from './pair-order.js';
import { weightTable, type ModelParameters, type WeightTable } from './fellegi-sunter.js';
import type { Settings } from './settings-schema.js';
import { buildTfAdjustments, type TfLevelAdjustment } from './tf-adjustment.js';

export class Scorer {
  readonly comparisons: readonly CompiledComparison[];
  private readonly table: WeightTable;
  private readonly tf: readonly TfLevelAdjustment[];
  /** Scratch for scoring a batch in locality order, grown to the largest batch seen. */
  private order = new Int32Array(0);
  private sortedL = new Int32Array(0);
  private sortedR = new Int32Array(0);
  private sortedLevels = new Uint8Array(0);

  /**
   * `tf`: the adjustments to apply; by default built from `left` as the settings ask. Pass [] to
   * score without them, or tables built once and shared (a worker can rebuild them from its
   * register store in milliseconds, or receive them: their tables are in shared memory).
   */
  constructor(
    settings: Settings,
    parameters: ModelParameters,
    readonly left: RecordStore,
    readonly right: RecordStore,
    options: { comparisons?: readonly CompiledComparison[]; tf?: readonly TfLevelAdjustment[] } = {},
  ) {
    this.comparisons = options.comparisons ?? compileComparisons(settings);
    if (parameters.comparisons.length !== this.comparisons.length) {
      throw new KhopError('MODEL_INVALID', 'the model and the settings have different comparisons');
    }
    parameters.comparisons.forEach((c, k) => {
      if (c.levels.length !== this.comparisons[k].levelCount) {
        throw new KhopError('MODEL_INVALID', 'the model and the settings have different levels', { path: `parameters.comparisons[${k}]` });
      }
    });
    this.table = weightTable(parameters);
    this.tf = options.tf ?? buildTfAdjustments(this.comparisons, settings.comparisons, left);
  }

  get comparisonCount(): number {
    return this.comparisons.length;
  }

  /**
   * For n < count: outLevels[n · C + c] = level of comparison c (C = comparisonCount) and
   * outWeight[n] = match weight of pair (pairsL[n], pairsR[n]).
   */
  scorePairs(pairsL: Int32Array, pairsR: Int32Array, count: number, outWeight: Float64Array, outLevels: Uint8Array): void {
    const C = this.comparisons.length;
    if (outWeight.length < count || outLevels.length < count * C) {
      throw new KhopError('INTERNAL', 'output buffers too small for the pairs');
    }
    this.levelsInLocalityOrder(pairsL, pairsR, count, outLevels);
    const { prior, stride, weights } = this.table;
    for (let n = 0; n < count; n++) {
      let w = prior;
      const base = n * C;
      for (let c = 0; c < C; c++) w += weights[c * stride + outLevels[base + c]];
      outWeight[n] = w;
    }
    for (const adj of this.tf) {
      const { codes, table, level } = adj;
      const at = adj.comparison;
      for (let n = 0; n < count; n++) {
        if (outLevels[n * C + at] === level) outWeight[n] += table[codes[pairsL[n]]];
      }
    }
  }

  /** Comparison levels of the batch, computed by left row (pair-order.ts), written in batch order. */
  private levelsInLocalityOrder(pairsL: Int32Array, pairsR: Int32Array, count: number, outLevels: Uint8Array): void {
    const C = this.comparisons.length;
    if (this.order.length < count) {
      this.order = new Int32Array(count);
      this.sortedL = new Int32Array(count);
      this.sortedR = new Int32Array(count);
      this.sortedLevels = new Uint8Array(count * C);
    }
    const { order, sortedL, sortedR, sortedLevels } = this;
    localityOrder(pairsL, count, this.left.size, order);
    for (let k = 0; k < count; k++) {
      sortedL[k] = pairsL[order[k]];
      sortedR[k] = pairsR[order[k]];
    }
    comparePairs(this.comparisons, this.left, this.right, sortedL, sortedR, count, sortedLevels);
    for (let k = 0; k < count; k++) {
      const to = order[k] * C;
      for (let c = 0; c < C; c++) outLevels[to + c] = sortedLevels[k * C + c];
    }
  }

  /** The match weight of one pair, with its levels written into `outLevels` (length ≥ C). */
  scoreOne(i: number, j: number, outLevels: Uint8Array): number {
    const C = this.comparisons.length;
    const { prior, stride, weights } = this.table;
    let w = prior;
    for (let c = 0; c < C; c++) {
      const level = this.comparisons[c].levelOf(this.left, i, this.right, j);
      outLevels[c] = level;
      w += weights[c * stride + level];
    }
    for (const adj of this.tf) if (outLevels[adj.comparison] === adj.level) w += adj.table[adj.codes[i]];
    return w;
  }
}
