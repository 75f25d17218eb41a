/**
 * Fellegi-Sunter arithmetic. For each comparison level, m = P(level | match) and
 * u = P(level | non-match); the level's weight is log2(m / u) bits. A pair's match weight is the
 * prior weight log2(λ / (1 − λ)) plus the weights of its levels (plus term-frequency adjustments,
 * tf-adjustment.ts), and its match probability is 2^w / (1 + 2^w).
 *
 * Null levels (either side missing) carry no evidence: m = u = 1 by convention, weight 0, and EM
 * leaves them out. Log base 2 so that a weight reads as bits of evidence, as in Splink.
 *
 * References: Fellegi, I. P. & Sunter, A. B. (1969), "A theory for record linkage", JASA
 * 64(328):1183–1210. Splink, "The Fellegi-Sunter model":
 * https://moj-analytical-services.github.io/splink/topic_guides/theory/fellegi_sunter.html
 */
import type { LevelKind } from './settings-schema.js';

export interface LevelParameters {
  label: string;
  kind: LevelKind;
  /** P(level | match); 1 for the null level. */
  m: number;
  /** P(level | non-match); 1 for the null level. */
  u: number;
}

export interface ComparisonParameters {
  name: string;
  levels: LevelParameters[];
}

export interface ModelParameters {
  /** λ: the probability that a candidate pair is a match, before its fields are seen. */
  lambda: number;
  comparisons: ComparisonParameters[];
}

export function priorWeight(lambda: number): number {
  return Math.log2(lambda / (1 - lambda));
}

export function levelWeight(level: Pick<LevelParameters, 'kind' | 'm' | 'u'>): number {
  if (level.kind === 'null') return 0;
  return Math.log2(level.m / level.u);
}

/** 2^w / (1 + 2^w), written so that neither a large nor a very negative w overflows. */
export function matchProbability(weight: number): number {
  return weight >= 0 ? 1 / (1 + 2 ** -weight) : 2 ** weight / (1 + 2 ** weight);
}

/** The weight at which the match probability equals p: log2(p / (1 − p)). */
export function weightForProbability(p: number): number {
  return Math.log2(p / (1 - p));
}

/**
 * The smallest weight w whose `matchProbability(w)` is at least p (−Infinity for p ≤ 0): the
 * weight a threshold on probabilities really sets. `weightForProbability` is that value in exact
 * arithmetic, but not in floating point near 1, where probabilities round to 1 above ~53 bits
 * (p = 1 gives +Infinity there, while every weight past ~54 bits has probability 1). Found by
 * bisection on the doubles, `matchProbability` being non-decreasing.
 */
export function weightReachingProbability(p: number): number {
  if (!(p > 0)) return -Infinity;
  // Beyond ±1100 bits the probability is 0 or 1 in doubles.
  let lo = -1100;
  let hi = 1100;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) return hi;
    if (matchProbability(mid) >= p) hi = mid;
    else lo = mid;
  }
}

/**
 * Level weights flattened for the scoring loop: weights[c · stride + level], where stride is the
 * largest level count.
 */
export interface WeightTable {
  prior: number;
  stride: number;
  weights: Float64Array;
}

export function weightTable(parameters: ModelParameters): WeightTable {
  const stride = Math.max(...parameters.comparisons.map((c) => c.levels.length));
  const weights = new Float64Array(parameters.comparisons.length * stride);
  parameters.comparisons.forEach((c, ci) => {
    c.levels.forEach((l, li) => {
      weights[ci * stride + li] = levelWeight(l);
    });
  });
  return { prior: priorWeight(parameters.lambda), stride, weights };
}

/**
 * The match weight of one comparison vector, without term-frequency adjustment: the plain
 * reference the scoring loop is tested against.
 */
export function matchWeight(parameters: ModelParameters, levels: ArrayLike<number>): number {
  let w = priorWeight(parameters.lambda);
  parameters.comparisons.forEach((c, ci) => {
    w += levelWeight(c.levels[levels[ci]]);
  });
  return w;
}
