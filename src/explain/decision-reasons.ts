/**
 * Why a dose's decision came out as it did, step by step, in the order `decide` (decide.ts)
 * applies its rules: a candidate at all, the review threshold, the auto-accept threshold, the
 * runner-up's margin in bits (a likelihood ratio of 2^margin; Fellegi & Sunter 1969, Splink's
 * match weight), then corrections or none. Each step is a code (for `--json`) and a sentence.
 *
 * The steps are derived from the same inputs and the same `isRunnerUpClose` as the decision (never
 * from the decision itself), so they cannot tell another story than the decision; a property test
 * reads the decision back from the codes against `decide`, and another runs every dose of the
 * sample through both.
 */
import { isRunnerUpClose } from '../engine/decide.js';
import type { Correction } from '../engine/correction-reasons.js';
import type { ThresholdSettings } from '../model/settings-schema.js';

export type DecisionReasonCode =
  | 'no_candidate'
  | 'below_review'
  | 'below_auto_accept'
  | 'at_or_above_auto_accept'
  | 'no_runner_up'
  | 'runner_up_implausible'
  | 'runner_up_close'
  | 'runner_up_clear'
  | 'id_of_other_person'
  | 'no_corrections'
  | 'corrections';

export interface DecisionReason {
  code: DecisionReasonCode;
  text: string;
}

/** The candidate a decision is weighed against. */
export interface RunnerUp {
  personId: string;
  weight: number;
  probability: number;
}

export interface DecisionReasonsInput {
  /** The pair's probability and weight; null when there is no candidate. */
  probability: number | null;
  weight: number | null;
  runnerUp: RunnerUp | null;
  corrections: readonly Correction[];
  thresholds: ThresholdSettings;
}

/**
 * A probability as results.csv writes it (6 decimals, trailing zeros dropped), except that one
 * too small to show there is written in exponent form rather than as 0.
 */
export function formatProbability(p: number): string {
  if (p > 0 && p < 5e-7) return p.toExponential(2);
  return p.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** A weight in bits, signed, 2 decimals. */
export function formatBits(w: number): string {
  const s = w.toFixed(2);
  return s.startsWith('-') && s !== '-0.00' ? s : `+${s.replace('-', '')}`;
}

/**
 * `formatProbability`, with as many digits as it takes to tell p from a threshold it is not
 * equal to: 0.9899996 written as 0.99 would read "0.99 is below the auto-accept threshold 0.99".
 */
export function probabilityAgainst(p: number, thresholds: readonly number[]): string {
  const short = formatProbability(p);
  if (!thresholds.some((t) => t !== p && Number(short) === t)) return short;
  for (let digits = 7; digits < 17; digits++) {
    const s = p.toFixed(digits).replace(/0+$/, '');
    if (!thresholds.some((t) => t !== p && Number(s) === t)) return s;
  }
  return String(p);
}

export function decisionReasons(input: DecisionReasonsInput): DecisionReason[] {
  const { thresholds: t, probability: p, weight: w, runnerUp, corrections } = input;
  if (p === null || w === null) {
    return [{ code: 'no_candidate', text: 'no blocking rule proposed any register person for this dose: nothing to link, unmatched' }];
  }
  const ps = probabilityAgainst(p, [t.review, t.auto_accept]);
  if (p < t.review) {
    return [{ code: 'below_review', text: `match probability ${ps} is below the review threshold ${t.review}: unmatched` }];
  }
  const out: DecisionReason[] = [];
  if (p < t.auto_accept) {
    out.push({ code: 'below_auto_accept', text: `match probability ${ps} is at least the review threshold ${t.review} but below the auto-accept threshold ${t.auto_accept}: review` });
  } else {
    out.push({ code: 'at_or_above_auto_accept', text: `match probability ${ps} is at least the auto-accept threshold ${t.auto_accept}` });
  }
  const competitor = runnerUpReason(p, w, runnerUp, t);
  out.push(competitor);
  const automatic = p >= t.auto_accept && competitor.code !== 'runner_up_close';
  if (corrections.some((c) => c.field === 'citizen_id' && c.reason === 'id_of_other_person')) {
    out.push({
      code: 'id_of_other_person',
      text: "the dose's ID is exactly another candidate's person ID, yet the other fields point to this person: the ID is corrected to this person's",
    });
  }
  if (corrections.length === 0) {
    if (automatic) out.push({ code: 'no_corrections', text: 'every field agrees with the register once formatting is normalized: verified' });
  } else {
    const fields = new Set(corrections.map((c) => c.field)).size;
    const verdict = automatic ? 'corrected' : 'the corrections are proposed for review';
    out.push({ code: 'corrections', text: `${fields} field${fields === 1 ? '' : 's'} differ${fields === 1 ? 's' : ''} from the register person: ${verdict}` });
  }
  return out;
}

function runnerUpReason(p: number, w: number, r: RunnerUp | null, t: ThresholdSettings): DecisionReason {
  if (r === null) return { code: 'no_runner_up', text: 'no other candidate: nothing competes with this person' };
  if (r.probability < t.review) {
    return {
      code: 'runner_up_implausible',
      text: `the runner-up (person ${r.personId}, probability ${probabilityAgainst(r.probability, [t.review])}) is below the review threshold: not a competitor`,
    };
  }
  const gap = w - r.weight;
  const margin = t.margin ?? 0;
  const close = isRunnerUpClose(p, r.probability, t, { best: w, runnerUp: r.weight });
  const who = `the runner-up (person ${r.personId}, weight ${formatBits(r.weight)})`;
  if (close) {
    const why = gap <= 0 ? 'ties with it: nothing tells them apart' : `is only ${gap.toFixed(2)} bits below, less than the margin of ${margin} bits`;
    return { code: 'runner_up_close', text: `${who} ${why}: two close candidates go to review` };
  }
  return {
    code: 'runner_up_clear',
    text: `${who} is ${gap.toFixed(2)} bits below, at least the margin of ${margin} bits (this person is ${likelihoodRatio(gap)} times as likely)`,
  };
}

function likelihoodRatio(bits: number): string {
  const x = 2 ** bits;
  return x >= 1e6 ? x.toExponential(1) : x >= 100 ? Math.round(x).toString() : x.toPrecision(3);
}
