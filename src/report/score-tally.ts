/**
 * Doses counted per distinct match probability and outcome: the compact form of a results file
 * that the report's threshold slider recounts in the browser. results.csv writes probabilities
 * with six decimals, so a million doses fold into at most a few thousand distinct values in
 * practice (most verified doses share p = 1), and every count the slider shows is exact.
 */
import { OUTCOMES, type Outcome } from './dose-outcome.js';

const OUTCOME_INDEX = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

/** Columns, probabilities descending; counts[o][i] is the number of doses of outcome OUTCOMES[o] at p[i]. */
export interface TallyColumns {
  p: number[];
  counts: Record<Outcome, number[]>;
}

export class ScoreTally {
  private readonly byProbability = new Map<number, Int32Array>();

  add(probability: number, outcome: Outcome): void {
    let counts = this.byProbability.get(probability);
    if (counts === undefined) {
      counts = new Int32Array(OUTCOMES.length);
      this.byProbability.set(probability, counts);
    }
    counts[OUTCOME_INDEX.get(outcome)!]++;
  }

  columns(): TallyColumns {
    const p = [...this.byProbability.keys()].sort((a, b) => b - a);
    const counts = Object.fromEntries(OUTCOMES.map((o) => [o, [] as number[]])) as Record<Outcome, number[]>;
    for (const value of p) {
      const c = this.byProbability.get(value)!;
      OUTCOMES.forEach((o, k) => counts[o].push(c[k]));
    }
    return { p, counts };
  }
}

/** The doses at or above a threshold; the page's slider script computes the same sums. */
export interface AboveThreshold {
  /** Rows that name a person with p ≥ t: the links a run with this threshold makes. */
  links: number;
  /** With truth: links to the true person, and links to someone else (absent or another person). */
  correct: number;
  wrong: number;
  /** Every dose with p ≥ t, named or not, and Σ p over them (the unlabelled estimate's sums). */
  scored: number;
  expected_tp: number;
}

/** Sums over the tally at p ≥ t (the reference the page's script is tested against). */
export function countAbove(columns: TallyColumns, t: number): AboveThreshold {
  const s: AboveThreshold = { links: 0, correct: 0, wrong: 0, scored: 0, expected_tp: 0 };
  const c = columns.counts;
  for (let i = 0; i < columns.p.length && columns.p[i] >= t; i++) {
    const wrong = c.wrong_present[i] + c.wrong_absent[i];
    const links = c.correct[i] + wrong + c.named_unlabelled[i];
    const all = links + c.unnamed_present[i] + c.unnamed_absent[i] + c.unnamed_unlabelled[i];
    s.links += links;
    s.correct += c.correct[i];
    s.wrong += wrong;
    s.scored += all;
    s.expected_tp += columns.p[i] * all;
  }
  return s;
}
