/**
 * Training, end to end, as the settings' `em` block says. Deterministic for a seed and the pairs.
 *
 * With `em.fix_u` (Splink's method,
 * https://moj-analytical-services.github.io/splink/topic_guides/training/training_rationale.html):
 *   1. u from random register pairs (u-sampling.ts), kept fixed.
 *   2. m by EM per training session: a set of candidate pairs found by one blocking rule, with the
 *      comparisons that rule selected on left out (`fixed`): pairs blocked on "same year, family
 *      and given name" all agree on the name, so their name agreement says nothing about matching,
 *      and with u from random pairs EM would otherwise take every namesake for a match. Each
 *      comparison's m is the mean over the sessions that estimated it.
 *   3. λ, the chance that two random records match (the u above is for random pairs), by EM on
 *      all candidate pairs with m and u fixed, over left.size × right.size pairs: the pairs blocking
 *      left out count as non-matches. Or `prior`, when the settings fix it.
 *   The model then scores any pair the same way, whatever blocking found it.
 * Without `fix_u`: one EM on all candidate pairs estimates m, u and λ together; u and λ are then
 * those of candidate pairs (conditional on this blocking), which fits the data more closely but
 * makes the weights depend on the blocking rules. Sessions are not used.
 *
 * Pair sets larger than em.max_training_pairs are sampled systematically (countPatterns).
 *
 * Starting values: λ = settings.prior when set, otherwise em.initial_lambda. m = each level's
 * `m_initial` where given; the other non-null levels get a geometric sequence 4^−k in level order
 * (level order is priority, so earlier levels are the stronger agreements), rescaled to sum to 1.
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import { comparePairs, compileComparisons, type CompiledComparison } from './comparisons.js';
import { normalizeLevels, runEm, type EmParameters } from './em.js';
import type { ModelParameters } from './fellegi-sunter.js';
import { PatternCounter, type GammaPatterns } from './gamma-patterns.js';
import type { BlockingRuleSettings, ComparisonSettings, Settings } from './settings-schema.js';
import { estimateU, type UEstimate } from './u-sampling.js';

export interface CandidatePairs {
  /** Left record pairsL[n] with right record pairsR[n], n < count. */
  pairsL: Int32Array;
  pairsR: Int32Array;
  count: number;
}

export interface TrainingSession extends CandidatePairs {
  /** For reports, e.g. the blocking rule's name. */
  name?: string;
  /** Comparisons (by name) whose fields the session's blocking rule selected on. */
  fixed: readonly string[];
}

export interface TrainInput {
  settings: Settings;
  left: RecordStore;
  right: RecordStore;
  /** Every candidate pair, as the match job will score them (the union of the blocking rules). */
  pairs: CandidatePairs;
  /** With fix_u: the EM sessions; by default one session of `pairs` with nothing fixed. */
  sessions?: readonly TrainingSession[];
  comparisons?: readonly CompiledComparison[];
  /**
   * The pairs λ is a share of: left.size × right.size by default; a deduplication passes
   * n(n − 1)/2, the distinct pairs of one file (dedupe-job.ts).
   */
  totalPairs?: number;
  /** u already estimated (`trainingU`), e.g. while the doses were being read. */
  u?: UEstimate;
}

export interface SessionReport {
  name: string;
  pairs: number;
  patterns: number;
  iterations: number;
  converged: boolean;
}

export interface TrainResult {
  parameters: ModelParameters;
  sessions: SessionReport[];
  /** Iterations of the λ estimate (0 when λ came with m, or from `prior`). */
  lambdaIterations: number;
  iterations: number;
  converged: boolean;
  candidatePairs: number;
  uSamplePairs: number;
}

const BATCH = 1 << 16;
/** λ alone costs one pass over the patterns per iteration, so it may take many. */
const LAMBDA_MAX_ITERATIONS = 1000;

/**
 * The comparisons a blocking rule selects on, to leave out of its training session: those whose
 * field (or, for id_equals_other, whose other field) one of the rule's keys reads.
 */
export function fixedComparisonsForRule(settings: Settings, rule: BlockingRuleSettings): string[] {
  const keyFields = new Set([...(rule.keys ?? []), ...(rule.left_keys ?? []), ...(rule.right_keys ?? [])].map((k) => k.split('.')[0]));
  return settings.comparisons
    .filter((c) => keyFields.has(c.field) || c.levels.some((l) => l.kind === 'id_equals_other' && keyFields.has(l.other_field)))
    .map((c) => c.name);
}

/** Starting m for one comparison (see the file header). */
export function initialM(comparison: ComparisonSettings, minProbability: number): Float64Array {
  const levels = comparison.levels;
  const nullLevel = levels.findIndex((l) => l.kind === 'null');
  const m = new Float64Array(levels.length);
  let rank = 0;
  levels.forEach((level, k) => {
    if (k === nullLevel) return;
    const given = 'm_initial' in level ? level.m_initial : undefined;
    m[k] = given ?? 4 ** -rank;
    rank++;
  });
  return normalizeLevels(m, nullLevel, minProbability);
}

/** EM (or labelled) estimates as model parameters, labelled like the comparisons. */
export function toModelParameters(comparisons: readonly CompiledComparison[], p: EmParameters): ModelParameters {
  return {
    lambda: p.lambda,
    comparisons: comparisons.map((c, ci) => ({
      name: c.name,
      levels: c.labels.map((label, l) => ({
        label,
        kind: c.kinds[l],
        m: l === c.nullLevel ? 1 : p.m[ci][l],
        u: l === c.nullLevel ? 1 : p.u[ci][l],
      })),
    })),
  };
}

/**
 * The comparison vectors of candidate pairs, counted into patterns batch by batch. More than
 * `maxPairs` pairs: every k-th pair is compared (k = ⌈count / maxPairs⌉, a systematic sample, the
 * same for every run) and the counts are scaled by k, so they still stand for all the pairs.
 */
export function countPatterns(
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  pairs: CandidatePairs,
  maxPairs = Infinity,
): GammaPatterns {
  const step = sampleStep(pairs.count, maxPairs);
  let source = pairs;
  if (step > 1) {
    const n = Math.ceil(pairs.count / step);
    const pairsL = new Int32Array(n);
    const pairsR = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      pairsL[k] = pairs.pairsL[k * step];
      pairsR[k] = pairs.pairsR[k * step];
    }
    source = { pairsL, pairsR, count: n };
  }
  const counter = new PatternCounter(comparisons.map((c) => c.levelCount));
  const gamma = new Uint8Array(BATCH * comparisons.length);
  for (let from = 0; from < source.count; from += BATCH) {
    const n = Math.min(BATCH, source.count - from);
    comparePairs(comparisons, left, right, source.pairsL.subarray(from, from + n), source.pairsR.subarray(from, from + n), n, gamma);
    counter.add(gamma, n);
  }
  return scaledPatterns(counter.result(), step);
}

/** Every k-th pair of `count` when there are more than `maxPairs` (countPatterns' sample), else 1. */
export function sampleStep(count: number, maxPairs: number): number {
  return count > maxPairs ? Math.ceil(count / maxPairs) : 1;
}

/** Patterns of a 1-in-`step` sample scaled to stand for all the pairs. */
export function scaledPatterns(sampled: GammaPatterns, step: number): GammaPatterns {
  if (step === 1) return sampled;
  return { ...sampled, counts: sampled.counts.map((c) => c * step), total: sampled.total * step };
}

/** The u estimate training starts from: random register pairs, as the settings' `em` says (u-sampling.ts). */
export function trainingU(settings: Settings, left: RecordStore, comparisons: readonly CompiledComparison[] = compileComparisons(settings)): UEstimate {
  const em = settings.em;
  return estimateU(comparisons, left, { pairs: em.u_sample_pairs, seed: em.seed, minProbability: em.min_probability });
}

/**
 * Training's pattern counts: those of all candidate pairs and, with fix_u, those of each session
 * (each sampled as `countPatterns` samples it). The match job counts them with each pair compared
 * once (engine/train-patterns.ts) and trains with `trainOnPatterns`.
 */
export interface CountedTraining {
  all: GammaPatterns;
  /** With fix_u; by default one session of all the pairs with nothing fixed. */
  sessions?: readonly CountedSession[];
}

export interface CountedSession {
  name?: string;
  fixed: readonly string[];
  /** Pairs the session holds (before sampling). */
  pairs: number;
  patterns: GammaPatterns;
}

export function trainModel(input: TrainInput): TrainResult {
  const { settings, left, right, pairs } = input;
  const em = settings.em;
  const comparisons = input.comparisons ?? compileComparisons(settings);
  const uEstimate = input.u ?? trainingU(settings, left, comparisons);
  const all = countPatterns(comparisons, left, right, pairs, em.max_training_pairs);
  const sessions = !em.fix_u || input.sessions === undefined
    ? undefined
    : input.sessions.map((s) => ({ name: s.name, fixed: s.fixed, pairs: s.count, patterns: countPatterns(comparisons, left, right, s, em.max_training_pairs) }));
  const totalPairs = input.totalPairs ?? left.size * right.size;
  return trainOnPatterns({ settings, comparisons, u: uEstimate, counted: { all, sessions }, candidatePairs: pairs.count, totalPairs });
}

export interface PatternTrainInput {
  settings: Settings;
  comparisons: readonly CompiledComparison[];
  u: UEstimate;
  counted: CountedTraining;
  /** Candidate pairs in all (λ starts from their share of `totalPairs`). */
  candidatePairs: number;
  /** The pairs λ is a share of (TrainInput.totalPairs). */
  totalPairs: number;
}

/** EM on counted patterns: trainModel's steps 2 and 3 (see the file header). */
export function trainOnPatterns(input: PatternTrainInput): TrainResult {
  const { settings, comparisons, counted, u: uEstimate } = input;
  const em = settings.em;
  const allPatterns = counted.all;
  const candidatePairs = input.candidatePairs;
  const nullLevels = comparisons.map((c) => c.nullLevel);
  const base = {
    maxIterations: em.max_iterations,
    tolerance: em.tolerance,
    minProbability: em.min_probability,
  };
  const start: EmParameters = {
    lambda: settings.prior ?? em.initial_lambda,
    m: settings.comparisons.map((c) => initialM(c, em.min_probability)),
    u: uEstimate.u,
  };

  if (!em.fix_u) {
    const r = runEm(allPatterns, nullLevels, start, { ...base, fixU: false, fixLambda: settings.prior !== undefined });
    const report = { name: 'all candidate pairs', pairs: candidatePairs, patterns: allPatterns.counts.length, iterations: r.iterations, converged: r.converged };
    return {
      parameters: toModelParameters(comparisons, r),
      sessions: [report],
      lambdaIterations: 0,
      iterations: r.iterations,
      converged: r.converged,
      candidatePairs,
      uSamplePairs: uEstimate.sampled,
    };
  }

  const sessions = counted.sessions ?? [{ name: 'all candidate pairs', fixed: [], pairs: candidatePairs, patterns: allPatterns }];
  const names = comparisons.map((c) => c.name);
  const mSums = comparisons.map((c) => new Float64Array(c.levelCount));
  const mCounts = comparisons.map(() => 0);
  const reports: SessionReport[] = [];
  sessions.forEach((session, k) => {
    for (const f of session.fixed) {
      if (!names.includes(f)) throw new KhopError('BAD_ARGUMENT', `training session ${k} fixes an unknown comparison "${f}"`);
    }
    const active = names.map((n) => !session.fixed.includes(n));
    const patterns = session.patterns;
    const r = runEm(patterns, nullLevels, { ...start, lambda: em.initial_lambda }, { ...base, fixU: true, fixLambda: false, active });
    active.forEach((on, c) => {
      if (!on) return;
      for (let l = 0; l < mSums[c].length; l++) mSums[c][l] += r.m[c][l];
      mCounts[c]++;
    });
    reports.push({ name: session.name ?? `session ${k}`, pairs: session.pairs, patterns: patterns.counts.length, iterations: r.iterations, converged: r.converged });
  });
  const m = mSums.map((sum, c) => {
    if (mCounts[c] === 0) throw new KhopError('BAD_ARGUMENT', `no training session estimates m for comparison "${names[c]}"`);
    return normalizeLevels(sum.map((x) => x / mCounts[c]), nullLevels[c], em.min_probability);
  });

  let lambda = settings.prior;
  let lambdaIterations = 0;
  let lambdaConverged = true;
  if (lambda === undefined) {
    const totalPairs = input.totalPairs;
    const r = runEm(allPatterns, nullLevels, { lambda: Math.max(candidatePairs, 1) / totalPairs * em.initial_lambda, m, u: uEstimate.u }, {
      ...base,
      maxIterations: LAMBDA_MAX_ITERATIONS,
      fixU: true,
      fixM: true,
      fixLambda: false,
      totalPairs,
    });
    lambda = r.lambda;
    lambdaIterations = r.iterations;
    lambdaConverged = r.converged;
  }
  return {
    parameters: toModelParameters(comparisons, { lambda, m, u: uEstimate.u }),
    sessions: reports,
    lambdaIterations,
    iterations: reports.reduce((n, r) => n + r.iterations, 0) + lambdaIterations,
    converged: lambdaConverged && reports.every((r) => r.converged),
    candidatePairs,
    uSamplePairs: uEstimate.sampled,
  };
}
