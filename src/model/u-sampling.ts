/**
 * u probabilities from random pairs: u_c(l) = share of random pairs at level l of comparison c,
 * among the pairs where c is not null. Random pairs are almost all non-matches, so their level
 * frequencies estimate P(level | non-match) directly (Splink's estimate_u_using_random_sampling;
 * see https://moj-analytical-services.github.io/splink/topic_guides/training/training_rationale.html).
 *
 * Which pairs, decided here: two distinct records of the LEFT side (the register), drawn uniformly
 * with a seeded generator (prng.ts), compared with the same compiled comparisons as real pairs.
 * The register holds one row per person, so such a pair is a non-match for certain, and the
 * estimate depends only on the register and the seed, not on the doses being matched. Note what
 * that means for each comparison: the "right" record is a register record too, so the ID
 * comparison compares person_id with person_id (and id_equals_other a person_id with the first
 * record's old_id); IDs of two register people are never equal and rarely one edit apart, so those
 * levels get u at the floor (`minProbability`), the intended "very strong evidence". Passing a
 * `right` store instead samples left × right pairs.
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import { comparePairs, type CompiledComparison } from './comparisons.js';
import { normalizeLevels } from './em.js';
import { Prng } from './prng.js';

export interface USampleOptions {
  pairs: number;
  seed: number;
  minProbability: number;
  /** Sample left × right instead of left × left. */
  right?: RecordStore;
}

export interface UEstimate {
  /** u[c][level]; 1 at null levels. */
  u: Float64Array[];
  /** Pairs compared. */
  sampled: number;
  /** Raw level counts per comparison, for reports. */
  counts: Float64Array[];
}

/** Pairs compared per batch: the unit a second thread may take a share of (register-work.ts). */
export const U_BATCH = 1 << 16;

/** The random pairs of a u sample, in draw order: pair k is (pairsL[k], pairsR[k]). */
export interface USamplePairs {
  pairsL: Int32Array;
  pairsR: Int32Array;
}

/** The seeded sequence of a sample's pairs (see the header), drawn a run at a time. */
class UPairDraw {
  private readonly rng: Prng;

  constructor(
    private readonly nL: number,
    private readonly nR: number,
    private readonly sameSide: boolean,
    seed: number,
  ) {
    if (nL < 1 || nR < 1 || (sameSide && nL < 2)) {
      throw new KhopError('BAD_ARGUMENT', 'u estimation needs at least two records');
    }
    this.rng = new Prng(seed);
  }

  /** The next n pairs into pairsL[0, n) and pairsR[0, n). */
  next(pairsL: Int32Array, pairsR: Int32Array, n: number): void {
    const { rng, nL, nR, sameSide } = this;
    for (let k = 0; k < n; k++) {
      const i = rng.below(nL);
      let j: number;
      if (sameSide) {
        j = rng.below(nL - 1);
        if (j >= i) j++;
      } else {
        j = rng.below(nR);
      }
      pairsL[k] = i;
      pairsR[k] = j;
    }
  }
}

/**
 * Draws the whole sample at once, in shared memory, so that another thread can compare a share of
 * it (8 bytes a pair). Which pairs depends only on the sizes, `pairs` and `seed`.
 */
export function drawUPairs(nL: number, nR: number, sameSide: boolean, pairs: number, seed: number): USamplePairs {
  const draw = new UPairDraw(nL, nR, sameSide, seed);
  const sample = { pairsL: new Int32Array(new SharedArrayBuffer(pairs * 4)), pairsR: new Int32Array(new SharedArrayBuffer(pairs * 4)) };
  draw.next(sample.pairsL, sample.pairsR, pairs);
  return sample;
}

/** Empty level counts, one array per comparison. */
export function emptyUCounts(comparisons: readonly CompiledComparison[]): Float64Array[] {
  return comparisons.map((c) => new Float64Array(c.levelCount));
}

/**
 * Adds to `counts` the levels of the pairs of batch `batch` (pairs [batch · U_BATCH, …), at most
 * U_BATCH of them). Counts are sums, so batches may be counted in any order, by any thread.
 */
export function countUBatch(
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  sample: USamplePairs,
  batch: number,
  counts: Float64Array[],
): void {
  const from = batch * U_BATCH;
  const n = Math.min(U_BATCH, sample.pairsL.length - from);
  if (n <= 0) return;
  const C = comparisons.length;
  const gamma = new Uint8Array(n * C);
  comparePairs(comparisons, left, right, sample.pairsL.subarray(from, from + n), sample.pairsR.subarray(from, from + n), n, gamma);
  for (let k = 0; k < n; k++) for (let c = 0; c < C; c++) counts[c][gamma[k * C + c]]++;
}

/** Batches of a sample of `pairs` pairs. */
export function uBatchCount(pairs: number): number {
  return Math.ceil(pairs / U_BATCH);
}

/** The u estimate from the level counts of all `sampled` pairs. */
export function uFromCounts(comparisons: readonly CompiledComparison[], counts: Float64Array[], sampled: number, minProbability: number): UEstimate {
  const u = comparisons.map((comparison, c) => {
    const row = Float64Array.from(counts[c]);
    let sum = 0;
    for (let l = 0; l < row.length; l++) if (l !== comparison.nullLevel) sum += row[l];
    for (let l = 0; l < row.length; l++) row[l] = sum > 0 ? row[l] / sum : 1 / row.length;
    return normalizeLevels(row, comparison.nullLevel, minProbability);
  });
  return { u, sampled, counts };
}

export function estimateU(comparisons: readonly CompiledComparison[], left: RecordStore, options: USampleOptions): UEstimate {
  const right = options.right ?? left;
  // A batch at a time into the same arrays: memory does not grow with the sample.
  const draw = new UPairDraw(left.size, right.size, right === left, options.seed);
  const batch = { pairsL: new Int32Array(U_BATCH), pairsR: new Int32Array(U_BATCH) };
  const counts = emptyUCounts(comparisons);
  for (let done = 0; done < options.pairs; done += U_BATCH) {
    const n = Math.min(U_BATCH, options.pairs - done);
    draw.next(batch.pairsL, batch.pairsR, n);
    countUBatch(comparisons, left, right, { pairsL: batch.pairsL.subarray(0, n), pairsR: batch.pairsR.subarray(0, n) }, 0, counts);
  }
  return uFromCounts(comparisons, counts, options.pairs, options.minProbability);
}
