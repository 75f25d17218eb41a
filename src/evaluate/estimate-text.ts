/**
 * The unlabelled estimate (unlabelled-estimate.ts) as a plain-text table, for `khop evaluate`
 * without a truth file: at each threshold, how many doses score at or above it, how many of them
 * are expected to be right, and the estimated precision and recall.
 */
import { formatTable } from './report-text.js';
import type { EstimatePoint } from './unlabelled-estimate.js';
import { formatRatio } from './metrics.js';


export function formatEstimate(
  points: readonly EstimatePoint[],
  doses: number,
  expectedMatches: number,
  unreadable: { rows: number; first: readonly { line: number; reason: string }[] } = { rows: 0, first: [] },
): string {
  const skipped =
    unreadable.rows === 0
      ? []
      : [
          `${unreadable.rows} results ${unreadable.rows === 1 ? 'row' : 'rows'} could not be read and ${unreadable.rows === 1 ? 'is' : 'are'} in no count: ` +
            unreadable.first.map((u) => `line ${u.line} (${u.reason})`).join(', ') +
            (unreadable.rows > unreadable.first.length ? ', …' : '') +
            '.',
        ];
  const out = [
    `Estimate without labels from ${doses} doses (expected matches: ${expectedMatches.toFixed(1)}).`,
    ...skipped,
    'Assumes calibrated probabilities and at most one true candidate per dose; persons that blocking',
    'never paired with their dose are not seen (recall is relative to the persons the candidates could find).',
    '',
    ...formatTable(
      ['threshold', 'doses at or above', 'expected correct', 'est. precision', 'est. recall', 'est. F1'],
      points.map((p) => [String(p.threshold), String(p.links), p.expected_tp.toFixed(1), formatRatio(p.precision), formatRatio(p.recall), formatRatio(p.f1)]),
      ['right'],
    ),
  ];
  return out.join('\n') + '\n';
}
