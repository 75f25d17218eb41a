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

const BATCH = 1 << 16;

export function estimateU(comparisons: readonly CompiledComparison[], left: RecordStore, options: USampleOptions): UEstimate {
  const right = options.right ?? left;
  const sameSide = right === left;
  const nL = left.size;
  const nR = right.size;
  if (nL < 1 || nR < 1 || (sameSide && nL < 2)) {
    throw new KhopError('BAD_ARGUMENT', 'u estimation needs at least two records');
  }
  const rng = new Prng(options.seed);
  const C = comparisons.length;
  const counts = comparisons.map((c) => new Float64Array(c.levelCount));
  const pairsL = new Int32Array(BATCH);
  const pairsR = new Int32Array(BATCH);
  const gamma = new Uint8Array(BATCH * C);
  let remaining = options.pairs;
  while (remaining > 0) {
    const n = Math.min(BATCH, remaining);
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
    comparePairs(comparisons, left, right, pairsL, pairsR, n, gamma);
    for (let k = 0; k < n; k++) for (let c = 0; c < C; c++) counts[c][gamma[k * C + c]]++;
    remaining -= n;
  }
  const u = comparisons.map((comparison, c) => {
    const row = Float64Array.from(counts[c]);
    let sum = 0;
    for (let l = 0; l < row.length; l++) if (l !== comparison.nullLevel) sum += row[l];
    for (let l = 0; l < row.length; l++) row[l] = sum > 0 ? row[l] / sum : 1 / row.length;
    return normalizeLevels(row, comparison.nullLevel, options.minProbability);
  });
  return { u, sampled: options.pairs, counts };
}
