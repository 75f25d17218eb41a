/**
 * Precision, recall and F1 as a function of a match-probability threshold, and the threshold with
 * the best F1 (the usual way to tune a Fellegi-Sunter acceptance threshold against labelled data;
 * Christen, "Data Matching", 2012, §7.3, precision-recall curves).
 *
 * At threshold t a dose counts as linked when it names a person and its probability is ≥ t,
 * whatever its decision. Only such candidates move with t: each is either *correct* (names its true
 * person: a TP once linked) or *wrong* (names someone else, or the person is absent: an FP). The
 * misses are always `present − TP`, where `present` counts the doses whose person is in the
 * register, including doses with no results row.
 *
 * The fast version keeps the probabilities of correct and wrong candidates in two typed arrays,
 * sorts each once (numeric Float64Array sort, no comparator) and merges them from the top: O(n log n)
 * for the best F1 over every distinct threshold, O(log n) per listed threshold. The reference
 * version recounts everything per threshold, O(n²), and is the test oracle.
 */
import { scoresFromCounts, type Scores } from './metrics.js';

export interface ThresholdPoint extends Scores {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface BestF1 {
  /** null when no dose names a person (F1 is then undefined or 0 at every threshold). */
  f1: number | null;
  threshold: number | null;
}

/** One candidate link: a dose that names a person, with its probability. */
export interface Candidate {
  probability: number;
  correct: boolean;
}

/** Collects candidate probabilities without a per-row object; `sorted()` ends collection. */
export class CandidateScores {
  private correct: Float64Array<ArrayBuffer> = new Float64Array(1024);
  private wrong: Float64Array<ArrayBuffer> = new Float64Array(1024);
  private nCorrect = 0;
  private nWrong = 0;

  add(probability: number, correct: boolean): void {
    if (Number.isNaN(probability)) return;
    if (correct) {
      if (this.nCorrect === this.correct.length) this.correct = grow(this.correct);
      this.correct[this.nCorrect++] = probability;
    } else {
      if (this.nWrong === this.wrong.length) this.wrong = grow(this.wrong);
      this.wrong[this.nWrong++] = probability;
    }
  }

  sorted(): SortedCandidates {
    return new SortedCandidates(this.correct.slice(0, this.nCorrect).sort(), this.wrong.slice(0, this.nWrong).sort());
  }
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Candidate probabilities, each array ascending. */
export class SortedCandidates {
  constructor(
    readonly correct: Float64Array,
    readonly wrong: Float64Array,
  ) {}

  static from(candidates: Iterable<Candidate>): SortedCandidates {
    const c = new CandidateScores();
    for (const { probability, correct } of candidates) c.add(probability, correct);
    return c.sorted();
  }

  /** P/R/F1 with links at probability ≥ t, for each t. */
  at(thresholds: readonly number[], present: number): ThresholdPoint[] {
    return thresholds.map((threshold) => {
      const tp = this.correct.length - lowerBound(this.correct, threshold);
      const fp = this.wrong.length - lowerBound(this.wrong, threshold);
      return point(threshold, tp, fp, present);
    });
  }

  /**
   * The best F1 over every distinct candidate probability used as threshold. On a tie the higher
   * threshold wins: it makes fewer links for the same F1.
   */
  bestF1(present: number): BestF1 {
    const c = this.correct;
    const w = this.wrong;
    let i = c.length - 1;
    let j = w.length - 1;
    let tp = 0;
    let fp = 0;
    let best: BestF1 = { f1: null, threshold: null };
    while (i >= 0 || j >= 0) {
      const t = i < 0 ? w[j] : j < 0 ? c[i] : Math.max(c[i], w[j]);
      while (i >= 0 && c[i] === t) {
        tp++;
        i--;
      }
      while (j >= 0 && w[j] === t) {
        fp++;
        j--;
      }
      const f1 = (2 * tp) / (2 * tp + fp + (present - tp));
      if (best.f1 === null || f1 > best.f1) best = { f1, threshold: t };
    }
    return best;
  }
}

/** First index whose value is ≥ x in an ascending array. */
/** The first index of sorted `a` whose value is ≥ x (a.length when none): binary search. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function point(threshold: number, tp: number, fp: number, present: number): ThresholdPoint {
  const fn = present - tp;
  return { threshold, tp, fp, fn, ...scoresFromCounts(tp, fp, fn) };
}

/** Test oracle: recounts every candidate at every distinct threshold. */
export function bestF1Reference(candidates: readonly Candidate[], present: number): BestF1 {
  const thresholds = [...new Set(candidates.filter((c) => !Number.isNaN(c.probability)).map((c) => c.probability))];
  let best: BestF1 = { f1: null, threshold: null };
  for (const t of thresholds) {
    const { f1 } = pointReference(candidates, t, present);
    if (f1 === null) continue;
    if (best.f1 === null || f1 > best.f1 || (f1 === best.f1 && t > (best.threshold as number))) best = { f1, threshold: t };
  }
  return best;
}

/** Test oracle for `SortedCandidates.at`. */
export function pointReference(candidates: readonly Candidate[], threshold: number, present: number): ThresholdPoint {
  let tp = 0;
  let fp = 0;
  for (const c of candidates) {
    if (!(c.probability >= threshold)) continue;
    if (c.correct) tp++;
    else fp++;
  }
  return point(threshold, tp, fp, present);
}
