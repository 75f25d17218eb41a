/**
 * The evaluation report as aligned plain-text tables, for a terminal or a ticket. Ratios print with
 * four decimals; an undefined ratio (0/0) prints as `n/a`. Only dose_ids are listed, never names,
 * IDs or dates.
 */
import type { EvaluationReport, IdSample, LineSample } from './evaluate.js';
import type { TagRecall } from './tag-recall.js';
import { formatRatio } from './metrics.js';

type Align = 'left' | 'right';

/** Pads every cell to its column's width; the first column left-aligned, the rest right. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => ((align?.[c] ?? (c === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}


function ids(s: IdSample): string {
  if (s.count === 0) return '0';
  if (s.examples.length === 0) return String(s.count); // --examples 0
  const more = s.count > s.examples.length ? ', …' : '';
  return `${s.count} (${s.examples.join(', ')}${more})`;
}

function lines(s: LineSample): string {
  if (s.count === 0) return '0';
  if (s.examples.length === 0) return String(s.count);
  const more = s.count > s.examples.length ? '; …' : '';
  return `${s.count} (${s.examples.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}${more})`;
}

function tagRow(tag: string, t: TagRecall): string[] {
  return [tag, String(t.count), String(t.present), formatRatio(t.auto_recall), formatRatio(t.review_recall)];
}

export function formatReport(r: EvaluationReport): string {
  const out: string[] = [];
  out.push(`Evaluation of ${r.doses} doses (${r.present} with their person in the register, ${r.absent} absent) against ${r.results_rows} results rows`);
  out.push(`Decisions (results rows, repeats included): verified ${r.decisions.verified}, corrected ${r.decisions.corrected}, review ${r.decisions.review}, unmatched ${r.decisions.unmatched}`);
  out.push('');
  out.push(
    ...formatTable(
      ['decisions counted as links', 'precision', 'recall', 'F1', 'TP', 'FP', 'FP wrong person', 'FP absent', 'FN', 'TN'],
      (
        [
          ['auto (verified + corrected)', r.auto],
          ['with review', r.with_review],
        ] as const
      ).map(([label, s]) => [label, formatRatio(s.precision), formatRatio(s.recall), formatRatio(s.f1), ...[s.tp, s.fp, s.fp_wrong_person, s.fp_absent, s.fn, s.tn].map(String)]),
    ),
  );
  out.push('');
  out.push(
    r.best_f1 === null
      ? 'Best F1: n/a (no dose names a person)'
      : `Best F1: ${formatRatio(r.best_f1)} at match_probability >= ${r.best_threshold}`,
  );
  if (r.thresholds.length > 0) {
    out.push('');
    out.push('Linked when match_probability >= threshold (any decision):');
    out.push(
      ...formatTable(
        ['threshold', 'precision', 'recall', 'F1', 'TP', 'FP', 'FN'],
        r.thresholds.map((p) => [String(p.threshold), formatRatio(p.precision), formatRatio(p.recall), formatRatio(p.f1), String(p.tp), String(p.fp), String(p.fn)]),
        ['right'],
      ),
    );
  }
  out.push('');
  out.push('Recall per damage tag, worst first (share of doses whose true person was found):');
  out.push(
    ...formatTable(
      ['tag', 'doses', 'present', 'auto recall', 'with review'],
      [...Object.entries(r.recall_by_tag).map(([tag, t]) => tagRow(tag, t)), tagRow('(untagged)', r.untagged)],
    ),
  );
  out.push('');
  out.push(`Missing from results (counted as not linked): ${ids(r.missing)}`);
  out.push(`In results but not in truth (not scored): ${ids(r.extra)}`);
  out.push(`Duplicate dose_ids (first row counts): results ${ids(r.duplicates.results)}; truth ${ids(r.duplicates.truth)}`);
  out.push(`Unreadable rows in results (their doses count as missing): ${lines(r.unreadable.results)}`);
  out.push(`Unreadable rows in truth (left out of every figure): ${lines(r.unreadable.truth)}`);
  return out.join('\n') + '\n';
}
