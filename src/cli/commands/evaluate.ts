/**
 * `khop evaluate`: scores a results file against ground truth and prints a text report (or one
 * JSON object with --json). Without --truth it prints the estimate of precision and recall from
 * the model's probabilities alone; --report also writes the HTML threshold report. A thin adapter
 * over `src/evaluate/` and `src/report/`: the definitions live there.
 */
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { isDecimal } from '../../util/decimal.js';
import { DEFAULT_EXAMPLES, DEFAULT_THRESHOLDS, type EvaluationReport } from '../../evaluate/evaluate.js';
import { evaluateFiles } from '../../evaluate/evaluate-files.js';
import { formatReport } from '../../evaluate/report-text.js';
import { formatEstimate } from '../../evaluate/estimate-text.js';
import { reportModelPath, writeReport } from '../../report/write-report.js';
import { buildReportData, type ReportData } from '../../report/report-data.js';
import type { EstimatePoint } from '../../evaluate/unlabelled-estimate.js';
import { checkOutputFile } from '../../io/output-files.js';

export interface EvaluateCommandOptions {
  results: string;
  /** Without truth: the unlabelled estimate only. */
  truth?: string;
  json?: boolean;
  /** Write the HTML threshold report here. */
  report?: string;
  model?: string;
  doses?: string;
  registry?: string;
  /** As typed: the report slider's starting thresholds. */
  auto?: string;
  review?: string;
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
  Without --truth, precision and recall are estimated from match_probability alone (each dose's
  best candidate is right with its probability; see README "khop evaluate --report").

Report (--report FILE.html): one self-contained page, no network: a slider for the auto-accept
  and review thresholds with live decision and confusion counts, precision/recall/F1 against the
  threshold (true and estimated), the precision-recall curve, match-weight histograms, recall per
  damage tag, the ten worst false positives and negatives, and the model's m, u and weights.
  --model defaults to model.json beside the results; --doses/--registry add the field values of
  the worst cases (the page then holds names and IDs: treat it as you treat the inputs).

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
  khop evaluate --results out/results.csv --truth truth.csv --report report.html \\
                --doses doses.csv --registry registry.csv
  khop evaluate --results out/results.csv --report report.html     (no labels: estimate only)
`;

export function register(program: Command): void {
  program
    .command('evaluate')
    .summary('precision, recall, F1 and recall per damage tag against ground truth, or estimated without it; --report: HTML threshold report')
    .description(
      'Compare results.csv with a ground-truth CSV and report precision and recall of the auto-accepted ' +
        'decisions (verified + corrected), recall when review is added, precision, recall and F1 at ' +
        'match-probability thresholds, the best F1 and its threshold, recall per damage tag (worst ' +
        'first), and rows missing from the results, extra, duplicated or unreadable. Without --truth, ' +
        'estimate precision and recall at each threshold from the probabilities alone. --report also ' +
        'writes an HTML page to choose the auto-accept and review thresholds.',
    )
    .requiredOption('--results <file>', 'results CSV to score (- reads standard input)')
    .option('--truth <file>', 'ground-truth CSV: dose_id,person_id,tags (- reads standard input); without it, precision and recall are estimated from the probabilities')
    .option('--json', 'print one JSON object instead of the text report')
    .option('--report <file.html>', 'also write the HTML threshold report (self-contained, opens offline)')
    .option('--model <file>', 'model JSON whose m, u and weights the report shows (default: model.json beside --results)')
    .option('--doses <file>', 'the doses CSV the results came from: the report shows the worst cases\' field values')
    .option('--registry <file>', 'the register CSV the results came from: the report shows the linked and true persons\' fields')
    .option('--auto <p>', 'the report slider\'s starting auto-accept threshold, on the sliders: 0.000976 to 0.999999 (-10 to +20 bits) (default: the model\'s, else 0.99)')
    .option('--review <p>', 'the report slider\'s starting review threshold, likewise (default: the model\'s, else 0.5)')
    .option('--thresholds <list>', 'comma-separated match_probability thresholds, each from 0 to 1', DEFAULT_THRESHOLDS.join(','))
    .option('--examples <n>', 'how many dose_ids (or lines) to list for missing, extra, duplicate and unreadable rows', String(DEFAULT_EXAMPLES))
    .addHelpText('after', DEFINITIONS)
    .action(async (opts: EvaluateCommandOptions) => {
      await runEvaluate(opts, process.stdout);
    });
}

/**
 * The command's work, callable in-process: evaluates (or estimates, without truth), writes the
 * text or JSON report to `out` and the HTML report when asked, and returns what it printed.
 */
export async function runEvaluate(opts: EvaluateCommandOptions, out: NodeJS.WritableStream): Promise<EvaluationReport | EstimateOutput> {
  if (opts.results === '-' && opts.truth === '-') throw new KhopError('BAD_ARGUMENT', '--results and --truth cannot both read standard input');
  if (opts.report !== undefined) {
    if (opts.report === '-') throw new KhopError('BAD_ARGUMENT', '--report: give a file for the page (- would make a file named "-")');
    // Every file the report reads, the model beside the results included when it is the one shown.
    const model = reportModelPath(opts.results, opts.model);
    const inputs = [opts.results, opts.truth, model, opts.doses, opts.registry].filter((p): p is string => p !== undefined);
    checkOutputFile(opts.report, '--report', inputs);
  }
  const thresholds = parseThresholds(opts.thresholds ?? DEFAULT_THRESHOLDS.join(','));
  const examples = parseExamples(opts.examples ?? String(DEFAULT_EXAMPLES));
  if (opts.report === undefined) {
    for (const flag of ['model', 'doses', 'registry', 'auto', 'review'] as const) {
      if (opts[flag] !== undefined) throw new KhopError('BAD_ARGUMENT', `--${flag} is used only with --report`);
    }
  }
  let report: EvaluationReport | EstimateOutput;
  if (opts.report !== undefined) {
    const { data } = await writeReport({
      results: opts.results,
      truth: opts.truth,
      doses: opts.doses,
      registry: opts.registry,
      model: opts.model,
      out: opts.report,
      thresholds,
      examples,
      auto: parseProbability('--auto', opts.auto),
      review: parseProbability('--review', opts.review),
    });
    if (data.evaluation !== undefined) {
      // The report pass evaluated at every curve threshold: keep the ones asked for, in their order.
      const at = new Map(data.evaluation.thresholds.map((p) => [p.threshold, p]));
      report = { ...data.evaluation, thresholds: thresholds.map((t) => at.get(t)!) };
    } else {
      report = estimateOutput(data, thresholds);
    }
    process.stderr.write(`khop evaluate: report written to ${opts.report}\n`);
  } else if (opts.truth !== undefined) {
    report = await evaluateFiles({ results: opts.results, truth: opts.truth }, { thresholds, examples });
  } else {
    report = estimateOutput(await buildReportData({ results: opts.results, thresholds }), thresholds);
  }
  const text =
    opts.json === true
      ? JSON.stringify(report) + '\n'
      : 'estimate' in report
        ? formatEstimate(report.estimate, report.doses, report.expected_matches, report.unreadable)
        : formatReport(report);
  await new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
  return report;
}

/** What `khop evaluate` prints without a truth file. */
export interface EstimateOutput {
  doses: number;
  expected_matches: number;
  estimate: EstimatePoint[];
  /** Results rows in no count: how many, and the first few by line and reason. */
  unreadable: ReportData['unreadable'];
}

/**
 * The estimate at the thresholds asked for, in the order asked (as the truth's threshold table):
 * the report's curve holds them, sorted and once each, among its grid.
 */
function estimateOutput(data: ReportData, thresholds: readonly number[]): EstimateOutput {
  const at = new Map(data.curve.map((c) => [c.threshold, c.estimate]));
  return { doses: data.doses, expected_matches: data.estimated_matches, estimate: thresholds.map((t) => at.get(t)!), unreadable: data.unreadable };
}

function parseProbability(flag: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const p = Number(s);
  if (s.trim() === '' || !(p > 0 && p < 1)) throw new KhopError('BAD_ARGUMENT', `${flag}: '${s}' is not a probability strictly between 0 and 1`);
  return p;
}

/** `0.5,0.9` → [0.5, 0.9]; an empty list, or a number outside 0-1, is BAD_ARGUMENT. */
export function parseThresholds(list: string): number[] {
  if (list.trim() === '') throw new KhopError('BAD_ARGUMENT', '--thresholds: give at least one number from 0 to 1 (e.g. 0.5,0.99)');
  return list.split(',').map((part) => {
    const s = part.trim();
    const t = Number(s);
    // Decimal only (isDecimal): Number() also reads "0x1" and "0b1".
    if (!isDecimal(s) || !(t >= 0 && t <= 1)) {
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
