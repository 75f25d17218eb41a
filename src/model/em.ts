/**
 * Expectation-maximisation for the Fellegi-Sunter mixture, on aggregated comparison patterns
 * (gamma-patterns.ts). The model: a candidate pair is a match with probability λ; given its class,
 * the comparisons' levels are independent with probabilities m (match) or u (non-match).
 *
 *   E step: for each pattern γ, P(match | γ) = λ Π m_c(γ_c) / (λ Π m + (1 − λ) Π u), computed
 *           from log odds (Π over non-null levels only: a null level has m = u = 1).
 *   M step: m_c(l) = Σ_γ n_γ P(match | γ) [γ_c = l] / Σ_γ n_γ P(match | γ) [γ_c not null],
 *           likewise u with 1 − P (unless u is fixed), λ = Σ n_γ P / Σ n_γ (unless fixed).
 *   Floors: no m or u goes below `minProbability`, then each comparison's levels are rescaled to
 *           sum to 1, so a level never seen in training gets a large but finite weight.
 *   Stop:   when no m (nor u, when estimated) changed by more than `tolerance` in the last
 *           iteration and λ (when estimated) by less than `tolerance` of itself ("converged"), or
 *           after `maxIterations`.
 *
 * Options: `fixU` keeps u (from random register pairs, u-sampling.ts) and updates m and λ, as
 * Splink does; `active` leaves out the comparisons a training blocking rule selected on (Splink's
 * EM sessions); `totalPairs` makes λ the chance that two random records match, the candidate
 * pairs being the only ones that can; `fixM` estimates λ alone. How train-model.ts combines them
 * is described there. The log likelihood is reported per iteration; EM never decreases it (up to
 * the floors).
 *
 * References: Dempster, Laird & Rubin (1977), JRSS B 39(1):1–38; Winkler (1988), "Using the EM
 * algorithm for weight computation in the Fellegi-Sunter model of record linkage", Proc. Section on
 * Survey Research Methods, ASA; Splink, "Expectation Maximisation":
 * https://moj-analytical-services.github.io/splink/topic_guides/training/training_rationale.html
 */
import type { GammaPatterns } from './gamma-patterns.js';

export interface EmParameters {
  lambda: number;
  /** m[c][level]; entries of null levels are ignored (reported as 1). */
  m: Float64Array[];
  u: Float64Array[];
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  minProbability: number;
  fixU: boolean;
  fixLambda: boolean;
  /** Keep m fixed too (estimate λ alone). */
  fixM?: boolean;
  /**
   * Comparisons that take part (default all). An inactive comparison is left out of the E step
   * and keeps its m and u: the comparisons a training blocking rule selected on, whose agreement
   * among these pairs says nothing about matching (Splink's rule for EM sessions).
   */
  active?: readonly boolean[];
  /**
   * How many pairs λ is a share of (default: the pairs in the patterns). Larger when λ is the
   * chance that two random records match and the patterns are only the candidate pairs: the
   * pairs blocking left out count as certain non-matches.
   */
  totalPairs?: number;
}

export interface EmResult extends EmParameters {
  iterations: number;
  converged: boolean;
  /** Log likelihood (natural log) of the patterns under the parameters each iteration started from. */
  logLikelihood: number[];
}

/** Floors every non-null level at `floor` and rescales the non-null levels to sum to 1; null → 1. */
export function normalizeLevels(p: Float64Array, nullLevel: number, floor: number): Float64Array {
  let sum = 0;
  for (let l = 0; l < p.length; l++) {
    if (l === nullLevel) continue;
    if (!(p[l] >= floor)) p[l] = floor; // also replaces NaN (a comparison with no evidence at all)
    sum += p[l];
  }
  for (let l = 0; l < p.length; l++) p[l] = l === nullLevel ? 1 : p[l] / sum;
  return p;
}

/**
 * Log odds contributions: table[c · S + l] = ln m_c(l) − ln u_c(l), 0 for null levels; and the
 * same for ln u alone (for the likelihood).
 */
function logTables(
  params: EmParameters,
  nullLevels: readonly number[],
  active: readonly boolean[],
  S: number,
): { ratio: Float64Array; logU: Float64Array } {
  const C = params.m.length;
  const ratio = new Float64Array(C * S);
  const logU = new Float64Array(C * S);
  for (let c = 0; c < C; c++) {
    if (!active[c]) continue;
    for (let l = 0; l < params.m[c].length; l++) {
      if (l === nullLevels[c]) continue;
      ratio[c * S + l] = Math.log(params.m[c][l]) - Math.log(params.u[c][l]);
      logU[c * S + l] = Math.log(params.u[c][l]);
    }
  }
  return { ratio, logU };
}

/** log(1 + e^x) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function runEm(
  data: GammaPatterns,
  nullLevels: readonly number[],
  start: EmParameters,
  options: EmOptions,
): EmResult {
  const C = data.comparisonCount;
  const S = Math.max(...data.levelCounts);
  const P = data.counts.length;
  const { patterns, counts } = data;
  let params: EmParameters = {
    lambda: start.lambda,
    m: start.m.map((m, c) => normalizeLevels(Float64Array.from(m), nullLevels[c], options.minProbability)),
    u: start.u.map((u, c) => normalizeLevels(Float64Array.from(u), nullLevels[c], options.minProbability)),
  };
  const active = options.active ?? data.levelCounts.map(() => true);
  const totalPairs = options.totalPairs ?? data.total;
  const logLikelihood: number[] = [];
  const mNum = new Float64Array(C * S);
  const uNum = new Float64Array(C * S);
  let converged = false;
  let iterations = 0;

  while (iterations < options.maxIterations && !converged) {
    iterations++;
    const { ratio, logU } = logTables(params, nullLevels, active, S);
    const priorLogOdds = Math.log(params.lambda) - Math.log(1 - params.lambda);
    mNum.fill(0);
    uNum.fill(0);
    let matched = 0;
    let ll = 0;
    for (let p = 0; p < P; p++) {
      let logOdds = priorLogOdds;
      let sumLogU = 0;
      for (let c = 0; c < C; c++) {
        const k = c * S + patterns[p * C + c];
        logOdds += ratio[k];
        sumLogU += logU[k];
      }
      const posterior = logOdds >= 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
      const n = counts[p];
      // ln(λ Π m + (1 − λ) Π u) = ln(1 − λ) + Σ ln u + ln(1 + odds)
      ll += n * (Math.log(1 - params.lambda) + sumLogU + log1pExp(logOdds));
      matched += n * posterior;
      for (let c = 0; c < C; c++) {
        const level = patterns[p * C + c];
        if (level === nullLevels[c]) continue;
        mNum[c * S + level] += n * posterior;
        uNum[c * S + level] += n * (1 - posterior);
      }
    }
    // Pairs outside the patterns are non-matches: each contributes ln(1 − λ) (their Π u is a constant).
    ll += (totalPairs - data.total) * Math.log(1 - params.lambda);
    logLikelihood.push(ll);

    const estimate = (num: Float64Array, c: number, old: Float64Array): Float64Array =>
      active[c] ? normalizeLevels(rowOf(num, c, S, data.levelCounts[c]), nullLevels[c], options.minProbability) : old;
    const lambdaFloor = Math.min(options.minProbability, 1 / totalPairs);
    const next: EmParameters = {
      lambda: options.fixLambda ? params.lambda : Math.min(Math.max(matched / totalPairs, lambdaFloor), 1 - options.minProbability),
      m: options.fixM === true ? params.m : params.m.map((old, c) => estimate(mNum, c, old)),
      u: options.fixU ? params.u : params.u.map((old, c) => estimate(uNum, c, old)),
    };
    // λ by its relative change: as the chance that two random records match it is about 1e-6.
    let change = options.fixLambda ? 0 : Math.abs(next.lambda - params.lambda) / params.lambda;
    for (let c = 0; c < C; c++) {
      change = Math.max(change, maxAbsDiff(next.m[c], params.m[c]));
      if (!options.fixU) change = Math.max(change, maxAbsDiff(next.u[c], params.u[c]));
    }
    params = next;
    converged = change < options.tolerance;
  }
  return { ...params, iterations, converged, logLikelihood };
}

function rowOf(flat: Float64Array, c: number, S: number, levels: number): Float64Array {
  let sum = 0;
  for (let l = 0; l < levels; l++) sum += flat[c * S + l];
  const row = new Float64Array(levels);
  // A comparison whose levels were all null in every pair has no evidence: keep it uniform.
  for (let l = 0; l < levels; l++) row[l] = sum > 0 ? flat[c * S + l] / sum : 1 / levels;
  return row;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k] - b[k]));
  return d;
}

/**
 * m, u and λ counted directly from labelled comparison vectors (1 = match, 0 = non-match), with
 * the same floors as EM: for tests against a known truth and for a model fitted on clerical review.
 */
export function estimateFromLabels(
  gamma: Uint8Array,
  count: number,
  levelCounts: readonly number[],
  nullLevels: readonly number[],
  labels: Uint8Array,
  minProbability: number,
): EmParameters {
  const C = levelCounts.length;
  const m = levelCounts.map((n) => new Float64Array(n));
  const u = levelCounts.map((n) => new Float64Array(n));
  let matches = 0;
  for (let n = 0; n < count; n++) {
    const isMatch = labels[n] === 1;
    if (isMatch) matches++;
    for (let c = 0; c < C; c++) {
      const level = gamma[n * C + c];
      if (level === nullLevels[c]) continue;
      (isMatch ? m : u)[c][level]++;
    }
  }
  const normalize = (rows: Float64Array[]): Float64Array[] =>
    rows.map((row, c) => {
      let sum = 0;
      for (let l = 0; l < row.length; l++) if (l !== nullLevels[c]) sum += row[l];
      for (let l = 0; l < row.length; l++) row[l] = sum > 0 ? row[l] / sum : 1 / row.length;
      return normalizeLevels(row, nullLevels[c], minProbability);
    });
  return { lambda: count === 0 ? 0.5 : matches / count, m: normalize(m), u: normalize(u) };
}
