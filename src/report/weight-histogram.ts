/**
 * Histogram of the best candidate's match weight (bits), one series per kind of dose: the chart
 * Splink draws as its "match weights histogram" (splink.comparison_viewer / `match_weights_histogram`),
 * split here into true matches and non-matches when a truth file says which is which, so the
 * overlap of the two shows where no threshold can separate them (Fellegi & Sunter 1969, §3: the
 * clerical-review region lies between the two tails). Bins are one bit wide, the unit in which a
 * data scientist reads weights; doses with no candidate have no weight and are counted apart.
 */
import type { Outcome } from './dose-outcome.js';

export type WeightSeries = 'true match' | 'non-match' | 'not named, person present' | 'all doses';

/** The series a dose's best candidate falls in; see dose-outcome.ts for the outcomes. */
export function weightSeries(outcome: Outcome): WeightSeries {
  switch (outcome) {
    case 'correct':
      return 'true match';
    case 'wrong_present':
    case 'wrong_absent':
    case 'unnamed_absent':
      return 'non-match';
    case 'unnamed_present':
      // khop did not name the candidate, so whether it was the person is unknown.
      return 'not named, person present';
    default:
      return 'all doses';
  }
}

export interface HistogramBin {
  series: WeightSeries;
  /** Bin [from, to) in bits. */
  from: number;
  to: number;
  count: number;
}

export class WeightHistogram {
  private readonly bins = new Map<string, HistogramBin>();
  /** Doses whose best candidate has no weight: no candidate at all. */
  noCandidate = 0;

  add(weight: number, series: WeightSeries): void {
    if (!Number.isFinite(weight)) {
      this.noCandidate++;
      return;
    }
    const from = Math.floor(weight);
    const key = `${series}\u0000${from}`;
    const bin = this.bins.get(key);
    if (bin === undefined) this.bins.set(key, { series, from, to: from + 1, count: 1 });
    else bin.count++;
  }

  /** Bins sorted by series, then weight. */
  result(): HistogramBin[] {
    return [...this.bins.values()].sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : a.from - b.from));
  }
}
