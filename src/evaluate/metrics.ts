/**
 * Precision, recall and F1 from confusion counts (van Rijsbergen, "Information Retrieval", 1979,
 * ch. 7; F1 is the harmonic mean of precision and recall):
 *   precision = TP / (TP + FP)    share of links made that are right
 *   recall    = TP / (TP + FN)    share of present persons found
 *   F1        = 2TP / (2TP + FP + FN)
 * A ratio whose denominator is 0 is undefined and reported as null, not as 0 or 1: "nothing was
 * linked" must not read as perfect precision.
 */
import type { Confusion } from './confusion.js';

export interface Scores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** A ratio as the reports print it: four decimals, `n/a` for 0/0 (null) or nothing. */
export function formatRatio(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : x.toFixed(4);
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function scoresFromCounts(tp: number, fp: number, fn: number): Scores {
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn) };
}

export function scores(c: Confusion): Scores {
  return scoresFromCounts(c.tp, c.fp, c.fn);
}
