/**
 * The unlabelled estimate (unlabelled-estimate.ts) as a plain-text table, for `khop evaluate`
 * without a truth file: at each threshold, how many doses score at or above it, how many of them
 * are expected to be right, and the estimated precision and recall.
 */
import { formatTable } from './report-text.js';
import type { EstimatePoint } from './unlabelled-estimate.js';
import { formatRatio } from './metrics.js';

/** Results rows left out of every count, as one sentence (`separator` between the rows listed), or null when none. */
export function unreadableSentence(unreadable: { rows: number; first: readonly { line: number; reason: string }[] }, separator = ', '): string | null {
  if (unreadable.rows === 0) return null;
  const one = unreadable.rows === 1;
  const listed = unreadable.first.map((u) => `line ${u.line} (${u.reason})`).join(separator);
  return `${unreadable.rows} results ${one ? 'row' : 'rows'} could not be read and ${one ? 'is' : 'are'} in no count: ${listed}${unreadable.rows > unreadable.first.length ? `${separator}…` : ''}.`;
}

export function formatEstimate(
  points: readonly EstimatePoint[],
  doses: number,
  expectedMatches: number,
  unreadable: { rows: number; first: readonly { line: number; reason: string }[] } = { rows: 0, first: [] },
): string {
  const skipped = unreadableSentence(unreadable);
  const out = [
    `Estimate without labels from ${doses} doses (expected matches: ${expectedMatches.toFixed(1)}).`,
    ...(skipped === null ? [] : [skipped]),
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
