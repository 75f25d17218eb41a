/**
 * Candidates of a range of doses in two rounds (settle-plan.ts says when a dose is settled): the
 * first rules for every dose, their pairs scored with pruning; then the `only_unsettled` rules for
 * the doses those pairs do not settle, merged in, and their new pairs scored with pruning against
 * the best weight so far. The result is what one round over every rule gives the selection in
 * `linkRange`: the same candidates for unsettled doses, fewer for settled ones, and in both an
 * exact weight for every pair that can be the best or a close runner-up (a pair below its row's
 * floor in the first round stays below it, since the floor only rises with the best).
 */
import { CandidateBuffer } from '../blocking/candidates.js';
import type { LinkContext } from './link-range.js';
import { BOUND_SLACK, fillRightRows, pruneFloor, scorePruned, type PairArrays, type PruneRule } from './pruned-scoring.js';
import { unfoundBound, type SettlePlan } from './settle-plan.js';

/** The per-thread buffers of the two rounds, grown to the largest range seen. */
export class SettleScratch {
  readonly first = new CandidateBuffer(1 << 14, 1 << 13);
  readonly later = new CandidateBuffer(1 << 14, 1 << 13);
  /** Per row of the range: the first rules that cut its block, its best first-round weight. */
  cut = new Uint32Array(1 << 13);
  firstBest = new Float64Array(1 << 13);
  /** The unsettled rows, and where each one's new pairs start in `fresh`. */
  unsettled = new Int32Array(1 << 13);
  freshFrom = new Int32Array(1 << 13);
  fresh = new Int32Array(1 << 14);
  /** The first round's pair arrays; the new pairs' gathered sides, bounds and levels. */
  firstPairs: PairArrays = pairArrays(1 << 14, 1);
  gatherL = new Int32Array(1 << 14);
  gatherR = new Int32Array(1 << 14);
  gatherBounds = new Float64Array(1 << 14);
  gatherLevels = new Uint8Array(1 << 16);

  ensureRows(rows: number): void {
    if (this.cut.length >= rows + 1) return;
    const n = Math.max(rows + 1, this.cut.length * 2);
    this.cut = new Uint32Array(n);
    this.firstBest = new Float64Array(n);
    this.unsettled = new Int32Array(n);
    this.freshFrom = new Int32Array(n);
  }

  ensureFirst(pairs: number, comparisons: number): PairArrays {
    if (this.firstPairs.pairsR.length < pairs || this.firstPairs.levels.length < pairs * comparisons) {
      this.firstPairs = pairArrays(Math.max(pairs, this.firstPairs.pairsR.length * 2), comparisons);
    }
    return this.firstPairs;
  }

  ensureFresh(pairs: number, comparisons: number): void {
    if (this.fresh.length < pairs) {
      const n = Math.max(pairs, this.fresh.length * 2);
      this.fresh = new Int32Array(n);
      this.gatherL = new Int32Array(n);
      this.gatherR = new Int32Array(n);
      this.gatherBounds = new Float64Array(n);
    }
    if (this.gatherLevels.length < pairs * comparisons) this.gatherLevels = new Uint8Array(Math.max(pairs * comparisons, this.gatherLevels.length * 2));
  }
}

function pairArrays(pairs: number, comparisons: number): PairArrays {
  return {
    pairsR: new Int32Array(pairs),
    weights: new Float64Array(pairs),
    levels: new Uint8Array(pairs * comparisons),
    bounds: new Float64Array(pairs),
    tops: new Int32Array(pairs),
    which: new Int32Array(pairs),
    costlyMax: new Float64Array(pairs),
  };
}

/**
 * Doses [start, end) in two rounds into ctx.scratch.candidates, with their weights and levels in
 * the scratch's arrays as `linkRange` reads them. Returns how many doses were settled.
 */
export function linkInRounds(ctx: LinkContext, prune: PruneRule, plan: SettlePlan, start: number, end: number): number {
  const { generator, scorer, scratch } = ctx;
  const s = (scratch.settle ??= new SettleScratch());
  const C = scorer.comparisonCount;
  const count = end - start;
  s.ensureRows(count);

  // Round one: the first rules, scored.
  const first = s.first;
  generator.generateStrided(start, end, 1, first, plan.firstRules, s.cut);
  const fa = s.ensureFirst(first.pairCount, C);
  fillRightRows(first, fa.pairsR);
  scorePruned(scorer, prune, first, fa);
  let unsettled = 0;
  for (let r = 0; r < count; r++) {
    let best = -Infinity;
    for (let p = first.offsets[r]; p < first.offsets[r + 1]; p++) if (fa.weights[p] > best) best = fa.weights[p];
    s.firstBest[r] = best;
    // A row with a first-round pair has its right row's costly maximum beside that pair.
    const settled = best > -Infinity && unfoundBound(plan, start + r, s.cut[r], fa.costlyMax![first.offsets[r]]) < pruneFloor(prune, best) - BOUND_SLACK;
    if (!settled) s.unsettled[unsettled++] = start + r;
  }

  // Round two: the later rules for the unsettled doses, merged with the first round's pairs.
  const later = s.later;
  generator.generateList(s.unsettled, unsettled, later, plan.laterRules);
  const merged = scratch.candidates;
  merged.reset(start);
  scratch.ensure(first.pairCount + later.pairCount, C);
  s.ensureFresh(later.pairCount, C);
  const { pairsR, weights, levels, bounds } = scratch;
  let freshCount = 0;
  for (let r = 0, e = 0; r < count; r++) {
    const j = start + r;
    let a = first.offsets[r];
    const a1 = first.offsets[r + 1];
    let b = 0;
    let b1 = 0;
    if (e < unsettled && s.unsettled[e] === j) {
      s.freshFrom[e] = freshCount;
      b = later.offsets[e];
      b1 = later.offsets[e + 1];
      e++;
    }
    // Both lists ascend by left row: merge, a pair of both rounds once with both rule bits.
    while (a < a1 || b < b1) {
      const la = a < a1 ? first.lefts[a] : 0x7fffffff;
      const lb = b < b1 ? later.lefts[b] : 0x7fffffff;
      const p = merged.pairCount;
      if (la <= lb) {
        merged.pushPair(la, first.masks[a] | (la === lb ? later.masks[b++] : 0));
        weights[p] = fa.weights[a];
        bounds[p] = fa.bounds[a];
        for (let c = 0; c < C; c++) levels[p * C + c] = fa.levels[a * C + c];
        a++;
      } else {
        merged.pushPair(lb, later.masks[b++]);
        weights[p] = -Infinity;
        s.fresh[freshCount++] = p;
      }
      pairsR[p] = j;
    }
    merged.endRow();
  }
  s.freshFrom[unsettled] = freshCount;
  scoreFresh(ctx, prune, s, unsettled, freshCount);
  return count - unsettled;
}

/**
 * The merged buffer's new pairs (s.fresh[0, count)), scored with pruning: their bounds, then per
 * unsettled row the new pair with the highest bound in full, then the others that reach the floor
 * of the row's best so far (first round or that top).
 */
function scoreFresh(ctx: LinkContext, prune: PruneRule, s: SettleScratch, unsettledRows: number, count: number): void {
  const { scorer, scratch } = ctx;
  const C = scorer.comparisonCount;
  const lefts = scratch.candidates.lefts;
  const { pairsR, weights, levels, bounds, tops, which } = scratch;
  const { fresh, gatherL, gatherR, gatherBounds, gatherLevels, freshFrom } = s;
  for (let k = 0; k < count; k++) {
    gatherL[k] = lefts[fresh[k]];
    gatherR[k] = pairsR[fresh[k]];
  }
  scorer.boundPairs(gatherL, gatherR, count, gatherBounds, gatherLevels);
  for (let k = 0; k < count; k++) {
    const p = fresh[k];
    bounds[p] = gatherBounds[k];
    for (let c = 0; c < C; c++) levels[p * C + c] = gatherLevels[k * C + c];
  }
  let n = 0;
  for (let e = 0; e < unsettledRows; e++) {
    const k0 = freshFrom[e];
    const k1 = freshFrom[e + 1];
    if (k0 === k1) continue;
    let top = fresh[k0];
    for (let k = k0 + 1; k < k1; k++) if (bounds[fresh[k]] > bounds[top]) top = fresh[k];
    tops[n++] = top;
  }
  scorer.completePairs(lefts, pairsR, tops, n, weights, levels);
  let m = 0;
  for (let e = 0, t = 0; e < unsettledRows; e++) {
    const k0 = freshFrom[e];
    const k1 = freshFrom[e + 1];
    if (k0 === k1) continue;
    const top = tops[t++];
    const row = pairsR[top] - scratch.candidates.rightStart;
    const floor = pruneFloor(prune, Math.max(s.firstBest[row], weights[top])) - BOUND_SLACK;
    for (let k = k0; k < k1; k++) if (fresh[k] !== top && bounds[fresh[k]] >= floor) which[m++] = fresh[k];
  }
  scorer.completePairs(lefts, pairsR, which, m, weights, levels);
}
