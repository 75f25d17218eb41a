/**
 * Precision and recall at a match-probability threshold estimated from the model alone, before any
 * labels exist: each dose's best candidate is a match with its posterior probability p, so the
 * links made at threshold t are expected to hold Σ_{p ≥ t} p true matches (Enamorado, Fifield &
 * Imai, 2019, "Using a probabilistic model to assist merging of large-scale administrative
 * records", APSR 113(2), §"Post-merge analysis": expected FDR and FNR from posterior match
 * probabilities; fastLink's `summary.fastLink`, R/summary.R, sums the same: false positives
 * Σ_{ζ ≥ t} (1 − ζ), false negatives Σ_{ζ < t} ζ. Splink's accuracy tools need labels).
 *
 *   links(t)           = #{doses with p ≥ t}
 *   expected TP(t)     = Σ_{p ≥ t} p                      expected FP(t) = links(t) − TP(t)
 *   expected matches   = Σ_all p                          (doses whose best candidate is their person)
 *   precision(t)       = TP(t) / links(t)                 (the mean p of the links)
 *   recall(t)          = TP(t) / expected matches
 *   F1(t)              = 2·TP(t) / (links(t) + expected matches)
 *
 * Assumptions, each a way the estimate can be wrong:
 *   - the probabilities are calibrated: among doses scored p, a share p are matches. EM's
 *     conditional-independence assumption makes Fellegi-Sunter posteriors over-confident when
 *     fields err together (a relative's ID with the same family name), so the estimate leans
 *     optimistic on precision;
 *   - a dose has at most one true candidate, and only its best candidate is scored;
 *   - a dose with no candidate counts as p = 0, so persons that blocking never paired are
 *     invisible: recall is relative to the persons the candidates could find, not to the register.
 *
 * The fast version sorts the probabilities once and keeps suffix sums (O(n log n), then O(log n)
 * per threshold); `estimateAtReference` recounts per threshold and is its test oracle.
 */
import { ratio, type Scores } from './metrics.js';
import { lowerBound, type ThresholdPoint } from './threshold-sweep.js';

export interface EstimatePoint extends Scores {
  threshold: number;
  /** Doses whose best candidate has p ≥ threshold. */
  links: number;
  expected_tp: number;
  expected_fp: number;
  /** Expected matches left below the threshold. */
  expected_fn: number;
}

/** Probabilities of each dose's best candidate, ascending, with suffix sums for O(log n) queries. */
export class ProbabilityEstimate {
  private readonly sorted: Float64Array;
  /** suffix[i] = Σ sorted[i..]; suffix[n] = 0. Summed from the smallest up for accuracy. */
  private readonly suffix: Float64Array;

  /** p per dose; NaN (no candidate) counts as 0. Values outside [0, 1] are clamped. */
  constructor(probabilities: ArrayLike<number>) {
    const n = probabilities.length;
    this.sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = probabilities[i];
      this.sorted[i] = p > 0 ? Math.min(p, 1) : 0;
    }
    this.sorted.sort();
    this.suffix = new Float64Array(n + 1);
    for (let i = n - 1; i >= 0; i--) this.suffix[i] = this.suffix[i + 1] + this.sorted[i];
  }

  get doses(): number {
    return this.sorted.length;
  }

  /** Σ p over every dose: the expected number of doses whose best candidate is their person. */
  get expectedMatches(): number {
    return this.suffix[0];
  }

  at(thresholds: readonly number[]): EstimatePoint[] {
    return thresholds.map((t) => {
      const i = lowerBound(this.sorted, t);
      return estimatePoint(t, this.sorted.length - i, this.suffix[i], this.suffix[0]);
    });
  }
}

function estimatePoint(threshold: number, links: number, tp: number, matches: number): EstimatePoint {
  return {
    threshold,
    links,
    expected_tp: tp,
    expected_fp: links - tp,
    expected_fn: matches - tp,
    precision: ratio(tp, links),
    recall: ratio(tp, matches),
    f1: ratio(2 * tp, links + matches),
  };
}


/** Test oracle: the definitions above, recounted at each threshold. */
export function estimateAtReference(probabilities: readonly number[], threshold: number): EstimatePoint {
  let links = 0;
  let tp = 0;
  let matches = 0;
  for (const raw of probabilities) {
    const p = raw > 0 ? Math.min(raw, 1) : 0;
    matches += p;
    if (p >= threshold) {
      links++;
      tp += p;
    }
  }
  return estimatePoint(threshold, links, tp, matches);
}

/** How far the estimate is from the truth, over the thresholds both were computed at. */
export interface EstimateGap {
  /** Largest |estimated − true| precision, and the threshold where it occurs. */
  precision: { gap: number; threshold: number } | null;
  recall: { gap: number; threshold: number } | null;
}

/**
 * The largest absolute gaps in precision and recall between the estimate and the truth, over
 * thresholds ≥ `from` at which both are defined. The two lists must be computed at the same
 * thresholds, in the same order.
 */
export function estimateGap(estimate: readonly EstimatePoint[], truth: readonly ThresholdPoint[], from = 0): EstimateGap {
  let precision: EstimateGap['precision'] = null;
  let recall: EstimateGap['recall'] = null;
  estimate.forEach((e, i) => {
    const t = truth[i];
    if (t === undefined || t.threshold !== e.threshold || e.threshold < from) return;
    if (e.precision !== null && t.precision !== null) {
      const gap = Math.abs(e.precision - t.precision);
      if (precision === null || gap > precision.gap) precision = { gap, threshold: e.threshold };
    }
    if (e.recall !== null && t.recall !== null) {
      const gap = Math.abs(e.recall - t.recall);
      if (recall === null || gap > recall.gap) recall = { gap, threshold: e.threshold };
    }
  });
  return { precision, recall };
}
