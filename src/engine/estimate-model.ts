/**
 * Estimating a model for a match job that was given none: the blocking rules' candidate pairs,
 * one EM training session per rule (with the comparisons that rule selects on left out, see
 * train-model.ts), then the model with its provenance. Unsupervised: no labels are read.
 */
import type { BlockingPlan } from '../blocking/blocking-plan.js';
import { KhopError } from '../errors.js';
import { CandidateBuffer } from '../blocking/candidates.js';
import { createModel, trainingProvenance, type KhopModel } from '../model/model-file.js';
import type { Settings } from '../model/settings-schema.js';
import { fixedComparisonsForRule, trainingU, trainModel, type TrainResult, type TrainingSession } from '../model/train-model.js';
import type { UEstimate } from '../model/u-sampling.js';
import type { RecordStore } from './record-store.js';

export interface CollectedPairs {
  pairsL: Int32Array;
  pairsR: Int32Array;
  /** Bit k set when blocking rule k found the pair. */
  masks: Uint32Array;
  count: number;
}

/**
 * EM reads the shares of comparison patterns, which a systematic sample of this many doses
 * estimates as well as all of them; above it, training would cost a full blocking pass of its own.
 * Measured on 1M × 1M `mismatched` (benchmarks/RESULTS.md): 100k doses gave the same auto
 * precision / auto recall / recall with review / best F1 as 250k (0.9998 / 0.9375 / 0.9857 / 0.9906)
 * with 2.5× fewer training pairs. Inputs of up to 100k doses are trained on every dose.
 */
export const TRAINING_DOSES = 100_000;

/**
 * Every candidate pair of every `stride`-th right row (0, stride, 2·stride, …), in right-row then
 * left-row order. A stride, not the first rows: an input sorted by date or province would bias
 * a prefix.
 */
export function collectCandidatePairs(plan: BlockingPlan, stride = 1): CollectedPairs {
  const generator = plan.generator();
  const buf = new CandidateBuffer(1 << 16, 1 << 12);
  let pairsL: Int32Array<ArrayBuffer> = new Int32Array(1 << 20);
  let pairsR: Int32Array<ArrayBuffer> = new Int32Array(1 << 20);
  let masks = new Uint32Array(1 << 20);
  let count = 0;
  const end = plan.rightSize;
  const STEP = stride === 1 ? 1 << 14 : 1;
  for (let from = 0; from < end; from += STEP * stride) {
    const to = Math.min(end, from + STEP);
    generator.generate(from, to, buf);
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
    for (let j = from; j < to; j++) pairsR.fill(j, count + buf.start(j), count + buf.end(j));
    count += buf.pairCount;
  }
  return { pairsL, pairsR, masks, count };
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

/** The pairs rule k found, as a training session that leaves out the comparisons the rule selects on. */
export function sessionsByRule(settings: Settings, pairs: CollectedPairs): TrainingSession[] {
  return settings.blocking_rules.map((rule, k) => {
    const bit = 1 << k;
    let n = 0;
    for (let p = 0; p < pairs.count; p++) if ((pairs.masks[p] & bit) !== 0) n++;
    const pairsL = new Int32Array(n);
    const pairsR = new Int32Array(n);
    for (let p = 0, q = 0; p < pairs.count; p++) {
      if ((pairs.masks[p] & bit) === 0) continue;
      pairsL[q] = pairs.pairsL[p];
      pairsR[q++] = pairs.pairsR[p];
    }
    return { name: rule.name, pairsL, pairsR, count: n, fixed: fixedComparisonsForRule(settings, rule) };
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

export function estimateModel(
  settings: Settings,
  left: RecordStore,
  right: RecordStore,
  plan: BlockingPlan,
  options: { u?: UEstimate } = {},
): { model: KhopModel; result: TrainResult } {
  const stride = Math.max(1, Math.ceil(right.size / TRAINING_DOSES));
  const pairs = collectCandidatePairs(plan, stride);
  const sampledDoses = Math.ceil(right.size / stride);
  // A session whose rule leaves nothing to estimate, or found no pairs, teaches EM nothing.
  const all = sessionsByRule(settings, pairs).filter((s) => s.count > 0 && s.fixed.length < settings.comparisons.length);
  if (settings.em.fix_u) {
    const unestimated = settings.comparisons.filter((c) => all.every((s) => s.fixed.includes(c.name))).map((c) => c.name);
    if (unestimated.length > 0) {
      throw new KhopError(
        'BAD_ARGUMENT',
        `too little data to estimate a model by EM: no blocking rule with candidate pairs leaves ${unestimated.join(', ')} free to estimate; ` +
          'estimate a model on more data (khop train) and pass it with --model',
      );
    }
  }
  const result = trainModel({
    settings,
    left,
    right,
    pairs,
    sessions: settings.em.fix_u ? all : undefined,
    totalPairs: left.size * sampledDoses,
    u: options.u,
  });
  const model = createModel(settings, result.parameters, trainingProvenance(settings, result, { left: left.size, right: right.size }));
  return { model, result };
}
