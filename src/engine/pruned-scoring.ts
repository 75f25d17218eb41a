/**
 * Pruned scoring of a candidate buffer's pairs (link-range.ts explains why it keeps every
 * decision): each pair's upper bound (Scorer.boundPairs), then per right row the candidate with
 * the highest bound scored in full, then every other candidate whose bound reaches the row's floor
 * (`pruneFloor` of the best weight). Afterwards weights[p] is the exact weight of every pair that
 * could matter and −Infinity for the others, which the selection in `linkRange` never picks.
 */
import type { CandidateBuffer } from '../blocking/candidates.js';
import type { Scorer } from '../model/scorer.js';

export interface PruneRule {
  /** thresholds.margin (0 when absent). */
  margin: number;
  /** The match weight of the review threshold's probability. */
  reviewWeight: number;
}

/** Slack for the bound's own rounding (it sums the same terms in another order). */
export const BOUND_SLACK = 1e-9;

/**
 * Below this weight a candidate can be neither the best (weight `best`) nor a close runner-up
 * (at least the review weight, and less than `margin` bits below the best).
 */
export function pruneFloor(prune: PruneRule, best: number): number {
  return Math.min(best, Math.max(best - prune.margin, prune.reviewWeight));
}

/** Per-pair arrays beside a candidate buffer, each at least its pair count long (levels: × C). */
export interface PairArrays {
  /** Right row of each pair. */
  pairsR: Int32Array;
  weights: Float64Array;
  levels: Uint8Array;
  bounds: Float64Array;
  /** Scratch for the pairs to score in full. */
  tops: Int32Array;
  which: Int32Array;
  /** When present: each pair's `Scorer.costlyMaxWeight` of its right row, as boundPairs used it. */
  costlyMax?: Float64Array;
}

/** pairsR[p] = the right row of pair p, for every pair of `buf` (a range of rows, not a list). */
export function fillRightRows(buf: CandidateBuffer, pairsR: Int32Array): void {
  const offsets = buf.offsets;
  for (let r = 0; r < buf.rightCount; r++) {
    const row = buf.rightStart + r * buf.rightStride;
    for (let p = offsets[r]; p < offsets[r + 1]; p++) pairsR[p] = row;
  }
}

/** The buffer's pairs scored with pruning into `a` (pairsR filled by the caller, e.g. `fillRightRows`). */
export function scorePruned(scorer: Scorer, prune: PruneRule, buf: CandidateBuffer, a: PairArrays): void {
  const { pairsR, weights, levels, bounds, tops, which } = a;
  const lefts = buf.lefts;
  const offsets = buf.offsets;
  const pairCount = buf.pairCount;
  scorer.boundPairs(lefts, pairsR, pairCount, bounds, levels, a.costlyMax);
  weights.fill(-Infinity, 0, pairCount);
  // First, per row, the candidate with the highest bound: most often the person, whose weight
  // then rules out the rest.
  let n = 0;
  for (let r = 0; r < buf.rightCount; r++) {
    const p0 = offsets[r];
    const p1 = offsets[r + 1];
    if (p0 === p1) continue;
    let top = p0;
    for (let p = p0 + 1; p < p1; p++) if (bounds[p] > bounds[top]) top = p;
    tops[n++] = top;
  }
  scorer.completePairs(lefts, pairsR, tops, n, weights, levels);
  let m = 0;
  let k = 0;
  for (let r = 0; r < buf.rightCount; r++) {
    const p0 = offsets[r];
    const p1 = offsets[r + 1];
    if (p0 === p1) continue;
    const top = tops[k++];
    const floor = pruneFloor(prune, weights[top]) - BOUND_SLACK;
    for (let p = p0; p < p1; p++) if (p !== top && bounds[p] >= floor) which[m++] = p;
  }
  scorer.completePairs(lefts, pairsR, which, m, weights, levels);
}
