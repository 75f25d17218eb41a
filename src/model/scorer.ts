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
 *
 * Pruned scoring, for callers that only need each right row's best pair and the pairs that could
 * come close to it (the match job): `boundPairs` computes the cheap comparisons of every pair
 * (dates, IDs, gender: integer compares) and an upper bound of its weight, assuming the costly
 * ones (name and string fields: token sets and Jaro-Winkler) reach their best level for that right
 * row; `completePairs` then computes the costly levels of the pairs the caller keeps, and their
 * exact weights, summed in the same order as `scorePairs`, so a kept pair's weight is bit for bit
 * the one `scorePairs` gives. This is the bound of the blocking-free "upper bound" pruning of
 * candidate scoring (Enamorado, Fifield & Imai 2019 prune by agreement patterns; the prototype in
 * issue 5 measured 36M Jaro-Winkler calls → 1.2M with it, same F1).
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import { compileComparisons, type CompiledComparison } from './comparisons.js';
import { localityOrder } from './pair-order.js';
import { weightTable, type ModelParameters, type WeightTable } from './fellegi-sunter.js';
import type { Settings } from './settings-schema.js';
import { buildTfAdjustments, type TfLevelAdjustment } from './tf-adjustment.js';

export class Scorer {
  readonly comparisons: readonly CompiledComparison[];
  private readonly table: WeightTable;
  /** The term-frequency adjustments applied (their tables are in shared memory). */
  readonly tf: readonly TfLevelAdjustment[];
  /** Scratch for scoring a batch in locality order, grown to the largest batch seen. */
  private order = new Int32Array(0);
  private sortedL = new Int32Array(0);
  private sortedR = new Int32Array(0);
  private sortedLevels = new Uint8Array(0);
  /** Comparison indices: all, and by cost (`costly`: the name and string fields, Jaro-Winkler and token sets). */
  private readonly all: readonly number[];
  readonly cheap: readonly number[];
  readonly costly: readonly number[];
  /** Per TF adjustment of a costly comparison: the right store's codes under its key, and its table's maximum. */
  private readonly costlyTf: { adj: TfLevelAdjustment; rightCodes: Int32Array | null; max: number }[];
  /**
   * `costlyMaxWeight` precomputed per costly comparison: the best weight among its levels without
   * a TF adjustment (a constant), and the levels with one, whose weight depends on the right row.
   */
  private readonly costlyBounds: { fixed: number; adjusted: { weight: number; tf: Scorer['costlyTf'] }[] }[];
  private gatherL = new Int32Array(0);
  private gatherR = new Int32Array(0);
  private gatherLevels = new Uint8Array(0);

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
    const isCostly = (c: number): boolean => {
      const type = settings.fields.find((f) => f.name === this.comparisons[c].field)?.type;
      return type === 'name' || type === 'string';
    };
    this.all = this.comparisons.map((_, c) => c);
    this.cheap = this.all.filter((c) => !isCostly(c));
    this.costly = this.all.filter(isCostly);
    this.costlyTf = this.tf
      .filter((adj) => isCostly(adj.comparison))
      .map((adj) => ({ adj, rightCodes: this.comparisons[adj.comparison].tfCodes(right, adj.level), max: adj.max }));
    this.costlyBounds = this.costly.map((c) => {
      let fixed = -Infinity;
      const adjusted: { weight: number; tf: Scorer['costlyTf'] }[] = [];
      for (let level = 0; level < this.comparisons[c].levelCount; level++) {
        const weight = this.table.weights[c * this.table.stride + level];
        const tf = this.costlyTf.filter((t) => t.adj.comparison === c && t.adj.level === level);
        if (tf.length === 0) {
          if (weight > fixed) fixed = weight;
        } else adjusted.push({ weight, tf });
      }
      return { fixed, adjusted };
    });
  }

  get comparisonCount(): number {
    return this.comparisons.length;
  }

  /** The model's prior weight: a pair's weight before any comparison adds to it. */
  get prior(): number {
    return this.table.prior;
  }

  /** The most a pair at level `level` of comparison `c` can add: the level's weight and the largest term-frequency adjustment it can take. */
  levelBound(c: number, level: number): number {
    let w = this.table.weights[c * this.table.stride + level];
    for (const adj of this.tf) if (adj.comparison === c && adj.level === level) w += adj.max;
    return w;
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

  /**
   * First stage of pruned scoring (see the header): the cheap comparisons' levels of every pair
   * into outLevels (the costly ones' bytes are left as they were), and outBound[n] ≥ the weight
   * `scorePairs` would give pair n, whatever its costly levels turn out to be. `outCostlyMax`, when
   * given: outCostlyMax[n] = `costlyMaxWeight` of pair n's right row, which the bound includes.
   */
  boundPairs(pairsL: Int32Array, pairsR: Int32Array, count: number, outBound: Float64Array, outLevels: Uint8Array, outCostlyMax?: Float64Array): void {
    const C = this.comparisons.length;
    if (outBound.length < count || outLevels.length < count * C) throw new KhopError('INTERNAL', 'output buffers too small for the pairs');
    this.levelsInLocalityOrder(pairsL, pairsR, count, outLevels, this.cheap);
    const { prior, stride, weights } = this.table;
    const cheap = this.cheap;
    let lastRight = -1;
    let costlyMax = 0;
    for (let n = 0; n < count; n++) {
      let w = prior;
      const base = n * C;
      for (let k = 0; k < cheap.length; k++) w += weights[cheap[k] * stride + outLevels[base + cheap[k]]];
      if (pairsR[n] !== lastRight) {
        lastRight = pairsR[n];
        costlyMax = this.costlyMaxWeight(lastRight);
      }
      outBound[n] = w + costlyMax;
      if (outCostlyMax !== undefined) outCostlyMax[n] = costlyMax;
    }
    for (const adj of this.tf) {
      if (this.costly.includes(adj.comparison)) continue;
      const { codes, table, level } = adj;
      const at = adj.comparison;
      for (let n = 0; n < count; n++) {
        if (outLevels[n * C + at] === level) outBound[n] += table[codes[pairsL[n]]];
      }
    }
  }

  /**
   * The most the costly comparisons can add to a pair's weight when its right row is `j`: the
   * same sums and maximum as `costlyMaxWeightReference`, with the levels that have no TF
   * adjustment folded into one constant per comparison.
   */
  costlyMaxWeight(j: number): number {
    let sum = 0;
    for (const { fixed, adjusted } of this.costlyBounds) {
      let best = fixed;
      for (const { weight, tf } of adjusted) {
        let w = weight;
        for (const t of tf) {
          const code = t.rightCodes === null ? -1 : t.rightCodes[j];
          w += code >= 0 && code < t.adj.table.length ? t.adj.table[code] : t.max;
        }
        if (w > best) best = w;
      }
      sum += best;
    }
    return sum;
  }

  /** The reference for `costlyMaxWeight` (a test oracle): every level of every costly comparison. */
  costlyMaxWeightReference(j: number): number {
    const { stride, weights } = this.table;
    let sum = 0;
    for (const c of this.costly) {
      let best = -Infinity;
      for (let level = 0; level < this.comparisons[c].levelCount; level++) {
        let w = weights[c * stride + level];
        for (const t of this.costlyTf) {
          if (t.adj.comparison !== c || t.adj.level !== level) continue;
          // At an adjusted level the pair shares the value under its key, so the right row's own
          // code names the adjustment; without one (or past the table) take the table's maximum.
          const code = t.rightCodes === null ? -1 : t.rightCodes[j];
          w += code >= 0 && code < t.adj.table.length ? t.adj.table[code] : t.max;
        }
        if (w > best) best = w;
      }
      sum += best;
    }
    return sum;
  }

  /**
   * Second stage: for the pairs n = which[k], k < count, the costly levels into outLevels and the
   * exact weight into outWeight[n] (summed as `scorePairs` sums it). The cheap levels must be in
   * outLevels already (`boundPairs`).
   */
  completePairs(pairsL: Int32Array, pairsR: Int32Array, which: Int32Array, count: number, outWeight: Float64Array, outLevels: Uint8Array): void {
    const C = this.comparisons.length;
    if (this.gatherL.length < count) {
      const n = Math.max(count, this.gatherL.length * 2);
      this.gatherL = new Int32Array(n);
      this.gatherR = new Int32Array(n);
      this.gatherLevels = new Uint8Array(n * C);
    }
    const { gatherL, gatherR, gatherLevels } = this;
    for (let k = 0; k < count; k++) {
      gatherL[k] = pairsL[which[k]];
      gatherR[k] = pairsR[which[k]];
    }
    this.levelsInLocalityOrder(gatherL, gatherR, count, gatherLevels, this.costly);
    const costly = this.costly;
    const { prior, stride, weights } = this.table;
    for (let k = 0; k < count; k++) {
      const n = which[k];
      const base = n * C;
      for (let q = 0; q < costly.length; q++) outLevels[base + costly[q]] = gatherLevels[k * C + costly[q]];
      let w = prior;
      for (let c = 0; c < C; c++) w += weights[c * stride + outLevels[base + c]];
      for (const adj of this.tf) if (outLevels[base + adj.comparison] === adj.level) w += adj.table[adj.codes[pairsL[n]]];
      outWeight[n] = w;
    }
  }

  /**
   * Levels of the given comparisons (all when omitted) for the batch, computed by left row
   * (pair-order.ts), written in batch order; other comparisons' bytes are left alone.
   */
  private levelsInLocalityOrder(pairsL: Int32Array, pairsR: Int32Array, count: number, outLevels: Uint8Array, which?: readonly number[]): void {
    const C = this.comparisons.length;
    if (this.order.length < count) {
      const n = Math.max(count, this.order.length * 2);
      this.order = new Int32Array(n);
      this.sortedL = new Int32Array(n);
      this.sortedR = new Int32Array(n);
      this.sortedLevels = new Uint8Array(n * C);
    }
    const { order, sortedL, sortedR, sortedLevels } = this;
    localityOrder(pairsL, count, this.left.size, order);
    for (let k = 0; k < count; k++) {
      sortedL[k] = pairsL[order[k]];
      sortedR[k] = pairsR[order[k]];
    }
    const list = which ?? this.all;
    for (const c of list) this.comparisons[c].levelsOf(this.left, this.right, sortedL, sortedR, count, sortedLevels, C, c);
    for (let k = 0; k < count; k++) {
      const to = order[k] * C;
      for (const c of list) outLevels[to + c] = sortedLevels[k * C + c];
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
