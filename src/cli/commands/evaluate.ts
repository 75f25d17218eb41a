/**
 * `khop evaluate`: scores a results file against ground truth and prints a text report (or one
 * JSON object with --json). A thin adapter over `src/evaluate/`: the definitions live there.
 */
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { DEFAULT_EXAMPLES, DEFAULT_THRESHOLDS, type EvaluationReport } from '../../evaluate/evaluate.js';
import { evaluateFiles } from '../../evaluate/evaluate-files.js';
import { formatReport } from '../../evaluate/report-text.js';

export interface EvaluateCommandOptions {
  results: string;
  truth: string;
  json?: boolean;
  /** Comma-separated, as typed. */
  thresholds?: string;
  /** As typed. */
  examples?: string;
}

const DEFINITIONS = `
Files:
  results  results.csv as khop writes it; needs dose_id, decision, person_id, match_probability.
           Cells escaped for spreadsheets with a leading ' (e.g. '-3.2) are read unescaped.
  truth    CSV with dose_id, person_id, tags. An empty person_id means the person is not in the
           register (the right answer is no link). tags: damage applied to the dose, |-separated;
           the column may be left out.
  Rows are matched by dose_id. A truth dose with no results row counts as not linked (a miss).

Definitions (per dose):
  TP  linked to its true person
  FP  linked to another person (also counted as a miss, FN), or linked although the person is absent
  FN  its person is present but it was not linked to them
  TN  its person is absent and it was not linked
  precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN); 0/0 prints as n/a (JSON null).
  auto          decisions verified + corrected count as links
  with review   verified + corrected + review count as links
  at threshold  any row naming a person with match_probability >= t counts as a link
  best F1       the best F1 over every distinct match_probability used as threshold
  tag recall    for doses with the tag whose person is present: share linked to the true person

Exit codes: 0 report printed, 1 a file cannot be read, 2 bad arguments.

Examples:
  khop evaluate --results out/results.csv --truth truth.csv
  khop evaluate --results out/results.csv --truth truth.csv --json --thresholds 0.9,0.95
`;

export function register(program: Command): void {
  program
    .command('evaluate')
    .summary('compare a results file with ground truth: precision, recall, F1, recall per damage tag')
    .description(
      'Compare results.csv with a ground-truth CSV and report precision and recall of the auto-accepted ' +
        'decisions (verified + corrected), recall when review is added, precision, recall and F1 at ' +
        'match-probability thresholds, the best F1 and its threshold, recall per damage tag (worst ' +
        'first), and rows missing from the results, extra, duplicated or unreadable.',
    )
    .requiredOption('--results <file>', 'results CSV to score (- reads standard input)')
    .requiredOption('--truth <file>', 'ground-truth CSV: dose_id,person_id,tags (- reads standard input)')
    .option('--json', 'print one JSON object instead of the text report')
    .option('--thresholds <list>', 'comma-separated match_probability thresholds, each from 0 to 1', DEFAULT_THRESHOLDS.join(','))
    .option('--examples <n>', 'how many dose_ids (or lines) to list for missing, extra, duplicate and unreadable rows', String(DEFAULT_EXAMPLES))
    .addHelpText('after', DEFINITIONS)
    .action(async (opts: EvaluateCommandOptions) => {
      await runEvaluate(opts, process.stdout);
    });
}

/** The command's work, callable in-process: evaluates, writes the report to `out`, returns it. */
export async function runEvaluate(opts: EvaluateCommandOptions, out: NodeJS.WritableStream): Promise<EvaluationReport> {
  if (opts.results === '-' && opts.truth === '-') throw new KhopError('BAD_ARGUMENT', '--results and --truth cannot both read standard input');
  const thresholds = parseThresholds(opts.thresholds ?? DEFAULT_THRESHOLDS.join(','));
  const examples = parseExamples(opts.examples ?? String(DEFAULT_EXAMPLES));
  const report = await evaluateFiles({ results: opts.results, truth: opts.truth }, { thresholds, examples });
  const text = opts.json === true ? JSON.stringify(report) + '\n' : formatReport(report);
  await new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
  return report;
}

/** `0.5,0.9` → [0.5, 0.9]; an empty list is allowed (no threshold table). */
export function parseThresholds(list: string): number[] {
  if (list.trim() === '') return [];
  return list.split(',').map((part) => {
    const s = part.trim();
    const t = Number(s);
    if (s === '' || !(t >= 0 && t <= 1)) {
      throw new KhopError('BAD_ARGUMENT', `--thresholds: '${s}' is not a number from 0 to 1`);
    }
    return t;
  });
}

function parseExamples(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s.trim()) || !Number.isSafeInteger(n)) throw new KhopError('BAD_ARGUMENT', `--examples: '${s}' is not a whole number ≥ 0`);
  return n;
}
