/**
 * The doses a data scientist must look at before trusting a threshold: the ten most confident
 * wrong links (false positives, highest probability first) and the ten true persons the run
 * failed to auto-accept (false negatives, lowest match weight first; a dose with no candidate at
 * all, a blocking miss, counts as the lowest). Splink's comparison viewer shows the same two
 * lists for the same reason. Kept with a bounded sorted insert, so memory is O(k) while
 * streaming; ties keep input order.
 */
import type { DoseOutcome } from './dose-outcome.js';

export const WORST_COUNT = 10;

/** Keeps the k items that sort first under `before`, stable for ties. */
export class TopK<T> {
  readonly items: T[] = [];
  constructor(
    private readonly k: number,
    private readonly before: (a: T, b: T) => boolean,
  ) {}

  add(item: T): void {
    if (this.k === 0) return;
    if (this.items.length === this.k && !this.before(item, this.items[this.k - 1])) return;
    let i = this.items.length;
    while (i > 0 && this.before(item, this.items[i - 1])) i--;
    this.items.splice(i, 0, item);
    if (this.items.length > this.k) this.items.pop();
  }
}

/** Any link to someone other than the true person (wrong person, or the person is absent). */
export function isFalsePositive(d: DoseOutcome): boolean {
  return d.outcome === 'wrong_present' || d.outcome === 'wrong_absent';
}

/** The true person is present but was not auto-accepted: named at review, or not named at all. */
export function isFalseNegative(d: DoseOutcome): boolean {
  if (d.outcome === 'unnamed_present') return true;
  return d.outcome === 'correct' && d.decision !== 'verified' && d.decision !== 'corrected';
}

/** A missing weight (no candidate) sorts below every weight. */
function weightKey(d: DoseOutcome): number {
  return Number.isNaN(d.weight) ? Number.NEGATIVE_INFINITY : d.weight;
}

export class WorstCases {
  readonly falsePositives = new TopK<DoseOutcome>(WORST_COUNT, (a, b) => a.probability > b.probability || (a.probability === b.probability && weightKey(a) > weightKey(b)));
  readonly falseNegatives = new TopK<DoseOutcome>(WORST_COUNT, (a, b) => weightKey(a) < weightKey(b));

  add(d: DoseOutcome): void {
    if (isFalsePositive(d)) this.falsePositives.add(d);
    else if (isFalseNegative(d)) this.falseNegatives.add(d);
  }
}
