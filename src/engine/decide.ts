/**
 * The decision for one dose (`results.csv`, column `decision`; DESIGN.md, data contract), from its
 * best candidate's match probability, the runner-up's, the corrections and the thresholds of the
 * settings (`thresholds` in src/model/settings-schema.ts):
 *
 *   no candidate, or probability < review            → unmatched
 *   probability ≥ auto_accept and no close runner-up → verified when there is no correction at
 *                                                      all (every field agrees once formatting is
 *                                                      normalized, the ID digit for digit),
 *                                                      corrected otherwise
 *   anything else                                    → review
 *
 * A runner-up is close when it is itself a plausible match (probability ≥ review) and its match
 * weight is less than `margin` bits below the best's: weights are log2(p / (1 − p)) (Fellegi &
 * Sunter 1969; Splink's match weight), so the margin is a likelihood ratio, 2^margin, which stays
 * meaningful near probability 1 where probabilities crowd together (0.999 and 0.99 are 3.3 bits
 * apart). The caller's own match weights are used when it passes them. Two candidates with the
 * same weight are always close, whatever the margin (0 or absent included): nothing tells them
 * apart. Without `margin` only such ties are close.
 */
import { KhopError } from '../errors.js';
import type { ThresholdSettings } from '../model/settings-schema.js';
import type { Correction } from './correction-reasons.js';

export const DECISIONS = ['verified', 'corrected', 'review', 'unmatched'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A count per decision, all zero. */
export function emptyDecisionCounts(): Record<Decision, number> {
  return { verified: 0, corrected: 0, review: 0, unmatched: 0 };
}

export interface DecideInput {
  /** The best candidate's match probability; ignored without a candidate. */
  probability: number;
  /** The second-best candidate's match probability, null when there is none. */
  runnerUpProbability: number | null;
  hasCandidate: boolean;
  /**
   * The two match weights, when the caller has them: used for the margin instead of weights
   * recomputed from the probabilities, which saturate at 1 beyond about 53 bits (two candidates
   * at 60 and 80 bits both have probability 1 in floating point and would look tied).
   */
  matchWeight?: number;
  runnerUpWeight?: number | null;
  /** The best candidate's corrections (`suggestCorrections`). */
  corrections: readonly Correction[];
  thresholds: ThresholdSettings;
}

/** log2(p / (1 − p)), ±Infinity at 1 and 0. */
function weightOf(p: number): number {
  return Math.log2(p / (1 - p));
}

function isProbability(p: number): boolean {
  return p >= 0 && p <= 1; // false for NaN
}

/**
 * Whether the runner-up is too close to the best for an automatic decision; see the header.
 * `weights` are the two match weights when known (see DecideInput.matchWeight).
 */
export function isRunnerUpClose(
  best: number,
  runnerUp: number | null,
  thresholds: ThresholdSettings,
  weights?: { best: number; runnerUp: number },
): boolean {
  if (runnerUp === null || runnerUp < thresholds.review) return false;
  const gap = weights !== undefined ? weights.best - weights.runnerUp : best > runnerUp ? weightOf(best) - weightOf(runnerUp) : 0;
  // A gap of 0 or less is a tie (or a runner-up passed as better than the best): always close.
  return gap <= 0 || gap < (thresholds.margin ?? 0);
}

/** BAD_ARGUMENT unless 0 ≤ review ≤ auto_accept ≤ 1 and the margin, when given, is ≥ 0. */
export function checkThresholds(t: ThresholdSettings): void {
  if (!isProbability(t.auto_accept) || !isProbability(t.review) || t.review > t.auto_accept) {
    throw new KhopError('BAD_ARGUMENT', 'thresholds need 0 ≤ review ≤ auto_accept ≤ 1');
  }
  if (t.margin !== undefined && !(t.margin >= 0)) throw new KhopError('BAD_ARGUMENT', 'thresholds.margin must be a non-negative number of bits');
}

/** The decision for one dose; see the file header. */
export function decide(input: DecideInput): Decision {
  const { thresholds } = input;
  checkThresholds(thresholds);
  if (!input.hasCandidate) return 'unmatched';
  if (!isProbability(input.probability)) throw new KhopError('BAD_ARGUMENT', 'the match probability must be in [0, 1]');
  if (input.runnerUpProbability !== null && !isProbability(input.runnerUpProbability)) {
    throw new KhopError('BAD_ARGUMENT', "the runner-up's match probability must be in [0, 1]");
  }
  if (Number.isNaN(input.matchWeight) || Number.isNaN(input.runnerUpWeight)) throw new KhopError('BAD_ARGUMENT', 'a match weight is not a number');
  if (input.probability < thresholds.review) return 'unmatched';
  const weights =
    input.matchWeight !== undefined && input.runnerUpWeight !== undefined && input.runnerUpWeight !== null
      ? { best: input.matchWeight, runnerUp: input.runnerUpWeight }
      : undefined;
  if (input.probability >= thresholds.auto_accept && !isRunnerUpClose(input.probability, input.runnerUpProbability, thresholds, weights)) {
    return input.corrections.length === 0 ? 'verified' : 'corrected';
  }
  return 'review';
}
