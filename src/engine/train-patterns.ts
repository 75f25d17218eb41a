/**
 * Training's pattern counts with each candidate pair compared once.
 *
 * With fix_u, training counts the comparison patterns of all candidate pairs (for λ) and of each
 * blocking rule's pairs (one EM session per rule, train-model.ts), each set sampled systematically
 * to em.max_training_pairs (`countPatterns`: every k-th pair, counts scaled by k). A pair found by
 * several rules sits in several of those sets: counted set by set, the 1M × 1M job compared about
 * 2.1M pairs for 1.45M distinct ones. Here every pair some sample reads is selected once, in
 * collection order, with one bit per set whose sample reads it (the very pairs `countPatterns`
 * would pick: the j-th pair of a set is read when j mod k = 0); its comparison vector is computed
 * once and counted into each of those sets. Pattern counts are integer sums, so they, and the
 * model, are exactly those of counting set by set (the tests check it against `countPatterns`).
 *
 * The steps are separate so that the match job can run the comparisons in worker threads
 * (train-tasks.ts): select (cheap, one pass over the masks), compare (the cost), count (cheap).
 */
import type { Settings } from '../model/settings-schema.js';
import { comparePairs, type CompiledComparison } from '../model/comparisons.js';
import { PatternCounter } from '../model/gamma-patterns.js';
import { fixedComparisonsForRule, sampleStep, scaledPatterns, type CountedTraining } from '../model/train-model.js';
import type { RecordStore } from './record-store.js';

/** Candidate pairs with the blocking rules that found each (estimate-model.ts collects them). */
export interface MaskedPairs {
  pairsL: Int32Array;
  pairsR: Int32Array;
  /** Bit k set when blocking rule k found the pair. */
  masks: Uint32Array;
  count: number;
}

/** One rule's training session, as the pairs whose mask has `bit`. */
export interface RuleSession {
  name: string;
  /** Comparisons the rule selects on, left out of its session (fixedComparisonsForRule). */
  fixed: readonly string[];
  bit: number;
  /** Pairs the rule found. */
  count: number;
}

export function ruleSessions(settings: Settings, pairs: MaskedPairs): RuleSession[] {
  const counts = new Float64Array(settings.blocking_rules.length);
  for (let p = 0; p < pairs.count; p++) {
    for (let m = pairs.masks[p], k = 0; m !== 0; m >>>= 1, k++) if ((m & 1) !== 0) counts[k]++;
  }
  return settings.blocking_rules.map((rule, k) => ({ name: rule.name, fixed: fixedComparisonsForRule(settings, rule), bit: (1 << k) >>> 0, count: counts[k] }));
}

/** The pairs some sample reads, in collection order, and which samples read each. */
export interface TrainingSelection {
  pairsL: Int32Array;
  pairsR: Int32Array;
  count: number;
  /** 1 when the sample of all pairs reads pair n. */
  inAll: Uint8Array;
  /** Bit s set when session s's sample reads pair n. */
  inSession: Uint32Array;
  /** Sampling steps: of all pairs, and of each session. */
  allStep: number;
  sessionSteps: number[];
}

/** At most 32 sessions: blocking rules are bits of a Uint32 mask (candidates.ts). */
export function selectTrainingPairs(pairs: MaskedPairs, sessions: readonly RuleSession[], maxPairs: number): TrainingSelection {
  const S = sessions.length;
  const allStep = sampleStep(pairs.count, maxPairs);
  const sessionSteps = sessions.map((s) => sampleStep(s.count, maxPairs));
  const bits = Uint32Array.from(sessions, (s) => s.bit);
  const steps = Int32Array.from(sessionSteps);
  // Pairs a session's sample still skips before it reads the next one (j mod k = 0 reads pair j).
  const skip = new Int32Array(S);
  const member = new Uint32Array(pairs.count);
  let count = 0;
  for (let p = 0; p < pairs.count; p++) {
    const mask = pairs.masks[p];
    let inSession = 0;
    for (let s = 0; s < S; s++) {
      if ((mask & bits[s]) === 0) continue;
      if (skip[s] === 0) {
        inSession |= 1 << s;
        skip[s] = steps[s];
      }
      skip[s]--;
    }
    member[p] = inSession;
    if (inSession !== 0 || p % allStep === 0) count++;
  }
  const selection: TrainingSelection = {
    pairsL: new Int32Array(count),
    pairsR: new Int32Array(count),
    count,
    inAll: new Uint8Array(count),
    inSession: new Uint32Array(count),
    allStep,
    sessionSteps,
  };
  for (let p = 0, n = 0; p < pairs.count; p++) {
    const inAll = p % allStep === 0;
    if (member[p] === 0 && !inAll) continue;
    selection.pairsL[n] = pairs.pairsL[p];
    selection.pairsR[n] = pairs.pairsR[p];
    selection.inAll[n] = inAll ? 1 : 0;
    selection.inSession[n++] = member[p];
  }
  return selection;
}

const BATCH = 1 << 16;

/** γ of pairs [from, from + count) of a selection: gamma[n · C + c], C comparisons. */
export function compareRange(
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  pairsL: Int32Array,
  pairsR: Int32Array,
  from: number,
  count: number,
): Uint8Array {
  const C = comparisons.length;
  const gamma = new Uint8Array(count * C);
  for (let at = 0; at < count; at += BATCH) {
    const n = Math.min(BATCH, count - at);
    const a = from + at;
    comparePairs(comparisons, left, right, pairsL.subarray(a, a + n), pairsR.subarray(a, a + n), n, gamma.subarray(at * C, (at + n) * C));
  }
  return gamma;
}

/**
 * The counts of every sample from the selection's γ (gamma[n · C + c] for selected pair n).
 * `sessions` undefined (no fix_u): the sample of all pairs only.
 */
export function countSelected(
  levelCounts: readonly number[],
  selection: TrainingSelection,
  gamma: Uint8Array,
  sessions: readonly RuleSession[] | undefined,
): CountedTraining {
  const all = new PatternCounter(levelCounts);
  const perSession = (sessions ?? []).map(() => new PatternCounter(levelCounts));
  const S = perSession.length;
  for (let n = 0; n < selection.count; n++) {
    if (selection.inAll[n] !== 0) all.addRow(gamma, n);
    const inSession = selection.inSession[n];
    if (inSession === 0) continue;
    for (let s = 0; s < S; s++) if ((inSession & (1 << s)) !== 0) perSession[s].addRow(gamma, n);
  }
  return {
    all: scaledPatterns(all.result(), selection.allStep),
    sessions: sessions?.map((session, s) => ({
      name: session.name,
      fixed: session.fixed,
      pairs: session.count,
      patterns: scaledPatterns(perSession[s].result(), selection.sessionSteps[s]),
    })),
  };
}

/** Select, compare and count on the calling thread. */
export function countTrainingPatterns(
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  pairs: MaskedPairs,
  sessions: readonly RuleSession[] | undefined,
  maxPairs: number,
): CountedTraining {
  const selection = selectTrainingPairs(pairs, sessions ?? [], maxPairs);
  const gamma = compareRange(comparisons, left, right, selection.pairsL, selection.pairsR, 0, selection.count);
  return countSelected(comparisons.map((c) => c.levelCount), selection, gamma, sessions);
}
