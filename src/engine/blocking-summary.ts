/**
 * Blocking reports of dose ranges (one per worker task) merged into the job's report: sums of
 * pairs and counts, maxima, and the ratios recomputed from the sums.
 */
import type { BlockingReport, RuleReport } from '../blocking/report.js';
import { RuleCounters } from '../blocking/candidate-rule.js';

export function mergeBlockingReports(reports: readonly BlockingReport[]): BlockingReport {
  const first = reports[0];
  const leftSize = first.leftSize;
  const rightRows = sum(reports, (r) => r.rightRows);
  const pairs = sum(reports, (r) => r.pairs);
  const withTruth = first.rowsWithTruth !== undefined;
  const rowsWithTruth = sum(reports, (r) => r.rowsWithTruth ?? 0);
  const truePairs = sum(reports, (r) => r.truePairs ?? 0);
  const share = (x: number): number => (rowsWithTruth === 0 ? 0 : x / rowsWithTruth);
  const total = leftSize * rightRows;
  return {
    leftSize,
    rightRows,
    pairs,
    reductionRatio: total === 0 ? 0 : 1 - pairs / total,
    rightRowsWithoutCandidates: sum(reports, (r) => r.rightRowsWithoutCandidates),
    settledRows: sum(reports, (r) => r.settledRows),
    maxCandidatesPerRow: Math.max(...reports.map((r) => r.maxCandidatesPerRow)),
    meanCandidatesPerRow: rightRows === 0 ? 0 : pairs / rightRows,
    ...(withTruth ? { rowsWithTruth, truePairs, recall: share(truePairs) } : {}),
    rules: first.rules.map((rule, k): RuleReport => {
      const at = reports.map((r) => r.rules[k]);
      const ruleTrue = sum(at, (r) => r.truePairs ?? 0);
      return {
        name: rule.name,
        pairs: sum(at, (r) => r.pairs),
        uniquePairs: sum(at, (r) => r.uniquePairs),
        oversizedRows: sum(at, (r) => r.oversizedRows),
        droppedRows: sum(at, (r) => r.droppedRows),
        oversizedSubBlocks: sum(at, (r) => r.oversizedSubBlocks),
        ...(withTruth ? { truePairs: ruleTrue, recall: share(ruleTrue) } : {}),
      };
    }),
  };
}

/** What a generator's cap counters gained since `before` (they accumulate over its ranges). */
export function counterDelta(now: readonly RuleCounters[], before: readonly { oversizedRows: number; droppedRows: number; oversizedSubBlocks: number }[]): RuleCounters[] {
  return now.map((c, k) => {
    const d = new RuleCounters();
    d.oversizedRows = c.oversizedRows - before[k].oversizedRows;
    d.droppedRows = c.droppedRows - before[k].droppedRows;
    d.oversizedSubBlocks = c.oversizedSubBlocks - before[k].oversizedSubBlocks;
    return d;
  });
}

export function snapshotCounters(counters: readonly RuleCounters[]): { oversizedRows: number; droppedRows: number; oversizedSubBlocks: number }[] {
  return counters.map((c) => ({ oversizedRows: c.oversizedRows, droppedRows: c.droppedRows, oversizedSubBlocks: c.oversizedSubBlocks }));
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}
