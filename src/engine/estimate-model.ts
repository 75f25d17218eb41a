/**
 * Estimating a model for a match job that was given none: the blocking rules' candidate pairs,
 * one EM training session per rule (with the comparisons that rule selects on left out, see
 * train-model.ts), then the model with its provenance. Unsupervised: no labels are read.
 */
import type { BlockingPlan } from '../blocking/blocking-plan.js';
import { KhopError } from '../errors.js';
import { CandidateBuffer, type CandidateGenerator } from '../blocking/candidates.js';
import { createModel, trainingProvenance, type KhopModel } from '../model/model-file.js';
import type { Settings } from '../model/settings-schema.js';
import { compileComparisons, type CompiledComparison } from '../model/comparisons.js';
import { trainingU, trainOnPatterns, type CountedTraining, type TrainResult, type TrainingSession } from '../model/train-model.js';
import { drawUPairs, uFromCounts, type UEstimate } from '../model/u-sampling.js';
import type { USampleWork } from './register-work.js';
import type { RecordStore } from './record-store.js';
import { countTrainingPatterns, ruleSessions, type MaskedPairs, type RuleSession } from './train-patterns.js';

export type CollectedPairs = MaskedPairs;

/**
 * EM reads the shares of comparison patterns, which a systematic sample of this many doses
 * estimates as well as all of them; above it, training would cost a full blocking pass of its own.
 * Measured on 1M × 1M `mismatched` (benchmarks/RESULTS.md): 100k doses gave the same auto
 * precision / auto recall / recall with review / best F1 as 250k (0.9998 / 0.9375 / 0.9857 / 0.9906)
 * with 2.5× fewer training pairs, and 50k the same as 100k (0.9998 / 0.9372 / 0.9860 / 0.9907
 * against 0.9908; at 100k × 100k, seeds 11 and 29, equal to the fourth decimal) in half the
 * training time. Inputs of up to 50k doses are trained on every dose.
 */
export const TRAINING_DOSES = 50_000;

/**
 * Every candidate pair of every `stride`-th right row (0, stride, 2·stride, …), in right-row then
 * left-row order. A stride, not the first rows: an input sorted by date or province would bias
 * a prefix. `first` and `end` restrict it to rows first, first + stride, … below end (first a
 * multiple of stride): the pairs of consecutive ranges, concatenated, are those of the whole
 * (a row's candidates do not depend on the range it is generated in), which lets threads share
 * the work (train-in-workers.ts).
 */
export function collectCandidatePairs(
  plan: BlockingPlan,
  stride = 1,
  first = 0,
  end = plan.rightSize,
  generator: CandidateGenerator = plan.generator(),
): CollectedPairs {
  const buf = new CandidateBuffer(1 << 16, 1 << 12);
  // Room for ~8 pairs per dose to start with (it grows), so a small range allocates little.
  const initial = Math.min(1 << 20, Math.max(1 << 12, Math.ceil((end - first) / stride) * 8));
  let pairsL: Int32Array<ArrayBuffer> = new Int32Array(initial);
  let pairsR: Int32Array<ArrayBuffer> = new Int32Array(initial);
  let masks = new Uint32Array(initial);
  let count = 0;
  // Rows by chunks of STEP sampled rows, each generated in one strided call (its rules' lookups
  // batched), not one call per row.
  const STEP = 1 << 14;
  for (let from = first; from < end; from += STEP * stride) {
    const to = Math.min(end, from + STEP * stride);
    generator.generateStrided(from, to, stride, buf);
    if (count + buf.pairCount > pairsL.length) {
      const n = Math.max(count + buf.pairCount, pairsL.length * 2);
      pairsL = grow(pairsL, n);
      pairsR = grow(pairsR, n);
      const m = new Uint32Array(n);
      m.set(masks.subarray(0, count));
      masks = m;
    }
    pairsL.set(buf.lefts.subarray(0, buf.pairCount), count);
    masks.set(buf.masks.subarray(0, buf.pairCount), count);
    for (let j = from; j < to; j += stride) pairsR.fill(j, count + buf.start(j), count + buf.end(j));
    count += buf.pairCount;
  }
  return { pairsL, pairsR, masks, count };
}

/** Pairs collected range by range (collectCandidatePairs' `first`/`end`), in range order, in one set. */
export function concatPairs(parts: readonly CollectedPairs[]): CollectedPairs {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const all = { pairsL: new Int32Array(count), pairsR: new Int32Array(count), masks: new Uint32Array(count), count };
  let at = 0;
  for (const p of parts) {
    all.pairsL.set(p.pairsL.subarray(0, p.count), at);
    all.pairsR.set(p.pairsR.subarray(0, p.count), at);
    all.masks.set(p.masks.subarray(0, p.count), at);
    at += p.count;
  }
  return all;
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

/** The pairs rule k found, as a training session that leaves out the comparisons the rule selects on. */
export function sessionsByRule(settings: Settings, pairs: CollectedPairs): TrainingSession[] {
  return ruleSessions(settings, pairs).map(({ name, fixed, bit, count }) => {
    const pairsL = new Int32Array(count);
    const pairsR = new Int32Array(count);
    for (let p = 0, q = 0; p < pairs.count; p++) {
      if ((pairs.masks[p] & bit) === 0) continue;
      pairsL[q] = pairs.pairsL[p];
      pairsR[q++] = pairs.pairsR[p];
    }
    return { name, pairsL, pairsR, count, fixed };
  });
}

/**
 * Training's u estimate from the register alone, which the match job computes while the doses are
 * still being read: over a frozen snapshot of the register's dictionaries (the live ones still
 * take the doses' strings), whose codes and bytes are the ones training would read later, so the
 * estimate is the same.
 */
export function registerU(settings: Settings, left: RecordStore): UEstimate {
  return trainingU(settings, left.withDictionaries(left.dictionaries.snapshot()));
}

/**
 * `registerU` as work another thread can share (register-work.ts): the register over frozen
 * copies of its dictionaries, the compiled comparisons and the drawn pairs, which `uOfWork` turns
 * into the same estimate once every batch is counted.
 */
export function registerUWork(settings: Settings, left: RecordStore): USampleWork {
  const em = settings.em;
  return {
    register: left.withDictionaries(left.dictionaries.snapshot()),
    comparisons: compileComparisons(settings),
    sample: drawUPairs(left.size, left.size, true, em.u_sample_pairs, em.seed),
  };
}

/** The u estimate of `registerUWork`'s sample from its level counts. */
export function uOfWork(settings: Settings, work: USampleWork, counts: Float64Array[]): UEstimate {
  return uFromCounts(work.comparisons, counts, settings.em.u_sample_pairs, settings.em.min_probability);
}

/**
 * The model of a match job given none, on the calling thread (train-in-workers.ts splits the same
 * steps over worker threads): the training doses' candidate pairs, each compared once, their
 * patterns counted per session (train-patterns.ts), then EM (trainOnPatterns).
 */
export function estimateModel(
  settings: Settings,
  left: RecordStore,
  right: RecordStore,
  plan: BlockingPlan,
  options: { u?: UEstimate } = {},
): { model: KhopModel; result: TrainResult } {
  const stride = trainingStride(right.size);
  const pairs = collectCandidatePairs(plan, stride);
  const sessions = trainingSessions(settings, pairs);
  const comparisons = compileComparisons(settings);
  const counted = countTrainingPatterns(comparisons, left, right, pairs, sessions, settings.em.max_training_pairs);
  return modelFromPatterns(settings, comparisons, left, right, counted, pairs.count, options.u ?? trainingU(settings, left, comparisons));
}

/** Training reads the candidate pairs of every `stride`-th dose (TRAINING_DOSES). */
export function trainingStride(doses: number): number {
  return Math.max(1, Math.ceil(doses / TRAINING_DOSES));
}

/**
 * The EM sessions of the collected pairs (one per rule, with fix_u; undefined without), with the
 * rules that teach EM nothing left out: those leaving no comparison to estimate or finding no pair.
 */
export function trainingSessions(settings: Settings, pairs: MaskedPairs): RuleSession[] | undefined {
  if (!settings.em.fix_u) return undefined;
  const all = ruleSessions(settings, pairs).filter((s) => s.count > 0 && s.fixed.length < settings.comparisons.length);
  const unestimated = settings.comparisons.filter((c) => all.every((s) => s.fixed.includes(c.name))).map((c) => c.name);
  if (unestimated.length > 0) {
    throw new KhopError(
      'BAD_ARGUMENT',
      `too little data to estimate a model by EM: no blocking rule with candidate pairs leaves ${unestimated.join(', ')} free to estimate; ` +
        EM_ADVICE,
    );
  }
  return all;
}

/**
 * The fewest register records EM estimates a model from: u comes from random pairs of them, and
 * below this there are too few distinct pairs (190 at 20) for u to mean anything: a register of
 * two gave "different name" +17.7 bits and linked doses to the wrong person at probability 1.
 */
export const MIN_REGISTER_FOR_EM = 20;

/** Said wherever EM refuses (khop train too, which has no --model): where a model comes from instead. */
const EM_ADVICE = 'estimate the model on more data (khop train on larger files) and give that model.json to khop match, dedupe or explain with --model';

/** Too little data for EM, said before u is drawn: fewer records than MIN_REGISTER_FOR_EM (`what`: whose, in the message). */
export function checkEnoughRecordsForEm(left: RecordStore, what = 'the register', file?: string): void {
  if (left.size < MIN_REGISTER_FOR_EM) {
    const message = `too little data to estimate a model by EM: ${what} holds ${left.size} records, EM needs at least ${MIN_REGISTER_FOR_EM}; ${EM_ADVICE}`;
    throw new KhopError('BAD_ARGUMENT', message, file === undefined ? {} : { file });
  }
}

/**
 * Too little data for EM, said before it runs: random pairs of the records that all agree on every
 * compared field (every record the same), which no weight can tell apart.
 */
export function checkUVaries(comparisons: readonly CompiledComparison[], u: UEstimate, what = 'the register', file?: string): void {
  const oneLevel = (c: number): boolean => {
    const counts = u.counts[c];
    let levels = 0;
    for (let l = 0; l < counts.length; l++) if (l !== comparisons[c].nullLevel && counts[l] > 0) levels++;
    return levels <= 1;
  };
  if (comparisons.length > 0 && comparisons.every((_, c) => oneLevel(c))) {
    const message = `too little data to estimate a model by EM: every random pair of records of ${what} agrees on every compared field, so no weight can tell them apart; ${EM_ADVICE}`;
    throw new KhopError('BAD_ARGUMENT', message, file === undefined ? {} : { file });
  }
}

/** Below this expected share of doses with their person in the register, a log line says so. */
export const FEW_MATCHES_SHARE = 0.01;

/**
 * A line for the log when an estimated model expects almost no dose to have its person in the
 * register: λ is the share of (dose, person) pairs that match, so λ · register size is the share
 * of doses whose person is there. EM on doses whose persons are all absent estimates exactly that
 * (right for them, linking nothing on any other data), and so do files that do not belong together.
 */
export function fewMatchesNote(lambda: number, registerSize: number): string | null {
  const share = lambda * registerSize;
  if (!(share < FEW_MATCHES_SHARE)) return null;
  return (
    `the estimated model expects ${(share * 100).toFixed(2)} % of doses to have their person in the register (λ = ${lambda.toExponential(2)}), ` +
    'so it links almost nothing: if they do, check that the files belong together and the settings fit them, or pass a model estimated on other data with --model'
  );
}

/** EM on the counted patterns, and the model with its provenance. */
export function modelFromPatterns(
  settings: Settings,
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  counted: CountedTraining,
  candidatePairs: number,
  u: UEstimate,
): { model: KhopModel; result: TrainResult } {
  checkEnoughRecordsForEm(left);
  checkUVaries(comparisons, u);
  const sampledDoses = Math.ceil(right.size / trainingStride(right.size));
  const result = trainOnPatterns({ settings, comparisons, u, counted, candidatePairs, totalPairs: left.size * sampledDoses });
  const model = createModel(settings, result.parameters, trainingProvenance(settings, result, { left: left.size, right: right.size }));
  return { model, result };
}
