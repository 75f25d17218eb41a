/**
 * The inner loop of the match job, for one range of doses (right rows): blocking candidates
 * (the settings' rules OR-ed), every candidate scored, and per dose the best candidate, its match
 * weight, its comparison levels, and the runner-up's weight. Identical on the main thread and in
 * a worker: the output depends only on the range, never on which thread ran it, which is what
 * makes 1-thread and N-thread runs byte-identical.
 *
 * Ties between candidates of equal weight go to the lower register row, so the choice is stable.
 *
 * Pruning (LinkContext.prune, set by the match job): a decision reads the best candidate (its
 * weight and levels) and the runner-up only to ask whether it is close, i.e. a plausible match
 * (weight ≥ the review threshold's) less than `margin` bits below the best. So, per dose, the
 * candidate with the highest upper bound (Scorer.boundPairs) is scored first; every other candidate
 * whose bound is below min(best, max(best − margin, review weight)) can be neither the best nor a
 * close runner-up and is never scored in full. The best, its weight and levels, and every decision
 * stay exactly what scoring every pair gives (test/engine/link-range.test.ts compares the two);
 * only `second`/`secondWeight` may then name a lesser runner-up, one that is not close either.
 *
 * Settling (LinkContext.settle, with pruning): the rules marked `only_unsettled` are asked only for
 * the doses that the other rules' candidates do not settle (settle-plan.ts, link-settled.ts): the
 * same decisions again, with fewer candidates; the blocking report then counts the pairs of the
 * rules actually asked, and the doses settled.
 */
import { CandidateBuffer, type CandidateGenerator } from '../blocking/candidates.js';
import { BlockingTally, type BlockingReport } from '../blocking/report.js';
import { counterDelta, snapshotCounters } from './blocking-summary.js';
import { formatResultRange, type FormattedResults, type ResultBuilder } from './result-rows.js';
import type { Scorer } from '../model/scorer.js';
import { linkInRounds, type SettleScratch } from './link-settled.js';
import { fillRightRows, scorePruned, type PruneRule } from './pruned-scoring.js';
import type { SettlePlan } from './settle-plan.js';

export type { PruneRule } from './pruned-scoring.js';

/** Per-dose output of `linkRange`, indexed by dose row − `start` of the range. */
export interface LinkOutput {
  start: number;
  count: number;
  /** Register row of the best candidate, −1 when there is none. */
  best: Int32Array;
  bestWeight: Float64Array;
  /** Register row of the runner-up, −1 when there is none. */
  second: Int32Array;
  secondWeight: Float64Array;
  /** The dose's candidates (when it was settled, the first rules' only: link-settled.ts). */
  candidates: Int32Array;
  /** Whether any candidate's level in the ID comparison was exact (the dose's ID is someone's). */
  idOwnedByCandidate: Uint8Array;
  /** Comparison levels of the best pair: dose r at [r·C, r·C + C). */
  levels: Uint8Array;
  /** The blocking report of this range (merged by the job). */
  blocking?: BlockingReport;
  /** The range's results.csv rows, when the context formats results (see LinkContext.results). */
  results?: FormattedResults;
}

export function allocateLinkOutput(start: number, count: number, comparisons: number): LinkOutput {
  return {
    start,
    count,
    best: new Int32Array(count),
    bestWeight: new Float64Array(count),
    second: new Int32Array(count),
    secondWeight: new Float64Array(count),
    candidates: new Int32Array(count),
    idOwnedByCandidate: new Uint8Array(count),
    levels: new Uint8Array(count * comparisons),
  };
}

/** Reusable per-thread buffers, grown to the largest range seen. */
export class LinkScratch {
  readonly candidates = new CandidateBuffer(1 << 16, 1 << 12);
  pairsR = new Int32Array(1 << 16);
  weights = new Float64Array(1 << 16);
  levels = new Uint8Array(1 << 18);
  /** Pruned scoring: each pair's upper bound, and the pairs to score in full. */
  bounds = new Float64Array(1 << 16);
  tops = new Int32Array(1 << 16);
  which = new Int32Array(1 << 16);
  /** The two rounds' own buffers, when the context settles doses (link-settled.ts). */
  settle?: SettleScratch;

  ensure(pairs: number, comparisons: number): void {
    if (this.pairsR.length < pairs) {
      const n = Math.max(pairs, this.pairsR.length * 2);
      this.pairsR = new Int32Array(n);
      this.weights = new Float64Array(n);
    }
    if (this.levels.length < pairs * comparisons) this.levels = new Uint8Array(Math.max(pairs * comparisons, this.levels.length * 2));
    if (this.bounds.length < pairs) {
      const n = Math.max(pairs, this.bounds.length * 2);
      this.bounds = new Float64Array(n);
      this.tops = new Int32Array(n);
      this.which = new Int32Array(n);
    }
  }
}

export interface LinkContext {
  generator: CandidateGenerator;
  scorer: Scorer;
  /** Index of the ID comparison and its exact level, or −1: tells whether a dose's ID is someone's. */
  idComparison: number;
  idExactLevel: number;
  scratch: LinkScratch;
  /** Right row → true left row (−1 none), for blocking recall in benchmarks; usually absent. */
  truth?: Int32Array;
  /**
   * When present, each range's decisions and corrections are made and formatted right after it is
   * linked, on the same thread: that work then runs in the workers too.
   */
  results?: ResultBuilder;
  /** Skip candidates that cannot change a decision (see the header); absent: score every pair. */
  prune?: PruneRule;
  /** With `prune`: ask the `only_unsettled` rules only for unsettled doses (see the header). */
  settle?: SettlePlan;
}

/** Links doses [out.start, out.start + out.count) into `out`. */
export function linkRange(ctx: LinkContext, out: LinkOutput): void {
  const { generator, scorer, scratch, idComparison, idExactLevel } = ctx;
  const C = scorer.comparisonCount;
  const buf = scratch.candidates;
  const start = out.start;
  const end = start + out.count;
  const before = snapshotCounters(generator.counters);
  let settled = 0;
  if (ctx.prune !== undefined && ctx.settle !== undefined) settled = linkInRounds(ctx, ctx.prune, ctx.settle, start, end);
  else {
    generator.generate(start, end, buf);
    scratch.ensure(buf.pairCount, C);
    fillRightRows(buf, scratch.pairsR);
    if (ctx.prune === undefined) scorer.scorePairs(buf.lefts, scratch.pairsR, buf.pairCount, scratch.weights, scratch.levels);
    else scorePruned(scorer, ctx.prune, buf, scratch);
  }
  const tally = new BlockingTally(generator.ruleNames, generator.leftSize, ctx.truth);
  tally.add(buf);
  tally.addCounters(counterDelta(generator.counters, before));
  tally.addSettled(settled);
  out.blocking = tally.report();

  const weights = scratch.weights;
  const levels = scratch.levels;
  const lefts = buf.lefts;
  for (let j = start; j < end; j++) {
    const r = j - start;
    let best = -1;
    let bestW = -Infinity;
    let second = -1;
    let secondW = -Infinity;
    let owned = 0;
    const p0 = buf.start(j);
    const p1 = buf.end(j);
    for (let p = p0; p < p1; p++) {
      const w = weights[p];
      // Candidates arrive in ascending register row, so `>` keeps the lower row on a tie.
      if (w > bestW) {
        second = best;
        secondW = bestW;
        best = p;
        bestW = w;
      } else if (w > secondW) {
        second = p;
        secondW = w;
      }
      if (idComparison >= 0 && levels[p * C + idComparison] === idExactLevel) owned = 1;
    }
    out.candidates[r] = p1 - p0;
    out.idOwnedByCandidate[r] = owned;
    out.best[r] = best < 0 ? -1 : lefts[best];
    out.bestWeight[r] = best < 0 ? Number.NaN : bestW;
    out.second[r] = second < 0 ? -1 : lefts[second];
    out.secondWeight[r] = second < 0 ? Number.NaN : secondW;
    if (best >= 0) out.levels.set(levels.subarray(best * C, best * C + C), r * C);
  }
  if (ctx.results !== undefined) out.results = formatResultRange(ctx.results, out);
}
