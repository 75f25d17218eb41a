/**
 * `khop explain`: why one dose got its decision. Reads the register and the doses as `khop match`
 * does, links the dose with the same model, blocking rules and thresholds (so the decision is the
 * one in results.csv), and prints the waterfall of its match weight (prior, each comparison's
 * level and weight log2(m/u), the term-frequency adjustment, total and probability; Fellegi &
 * Sunter 1969, Splink's waterfall chart), the decision's reasons and the corrections with theirs.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resultColumns } from '../../engine/result-rows.js';
import { KhopError } from '../../errors.js';
import { explainDose } from '../../explain/explain-dose.js';
import type { DoseExplanation } from '../../explain/explain-pair.js';
import { explanationJson, explanationText } from '../../explain/explain-text.js';
import { waterfallPage } from '../../explain/waterfall-chart.js';
import { numberOption, resolveModelAndSettings } from '../settings-arg.js';
import { checkOutputFile, writeFailure } from '../../io/output-files.js';
import { requiredColumns } from '../../engine/load-side.js';
import { openDoses } from '../doses-input.js';

export interface ExplainOptions {
  model: string;
  registry: string;
  doses: string;
  doseId: string;
  personId?: string;
  settings?: string;
  auto?: string;
  review?: string;
  json?: boolean;
  html?: string;
}

export function register(program: Command): void {
  program
    .command('explain')
    .summary('why one dose got its decision: the waterfall of its match weight, reasons, corrections')
    .description(
      [
        'Take one decision apart, to check it or defend it. The dose is linked exactly',
        'as `khop match` links it (same model, blocking rules and thresholds), so the',
        'decision is the one in results.csv. Prints:',
        '',
        '  the dose and the register person, field by field;',
        '  the waterfall of the match weight, in bits: the prior log2(λ/(1-λ)), for',
        '    each comparison the level the pair reached with its m = P(level | match),',
        '    u = P(level | non-match) and weight log2(m/u), the term-frequency',
        '    adjustment (tf_<name>: a common shared value counts less, a rare one more),',
        '    the running total; the total is the match weight w of results.csv and',
        '    the probability is 2^w / (1 + 2^w);',
        '  the decision and why: thresholds (--auto, --review), the runner-up and the',
        '    margin in bits, an ID that is another candidate\'s;',
        '  the corrections: field:reason, the dose\'s value, the register value to',
        '    write, and what the reason means;',
        '  every candidate the blocking rules proposed, with its weight and rules.',
        '',
        'With --person-id the dose is explained against that register person instead:',
        'whether blocking proposed the pair (and by which rules), its waterfall, and the',
        'decision it would get as the best candidate, beside the match job\'s own.',
        '',
        'The output shows this one dose\'s personal data on purpose; errors never do.',
      ].join('\n'),
    )
    .requiredOption('--model <file>', 'the model.json the decision was made with (from `khop train` or `khop match`)')
    .requiredOption('--registry <file>', 'register CSV, as given to `khop match` (the left file for any schema)')
    .requiredOption('--doses <file>', 'doses CSV or NDJSON, as given to `khop match` (the right file); - for stdin')
    .requiredOption('--dose-id <id>', 'the dose to explain: its dose_id (the right ID column)')
    .option('--person-id <id>', 'explain the dose against this register person (person_id) instead of its best candidate')
    .option('--settings <file|preset>', 'settings JSON file or preset name (default: the model\'s own)')
    .option('--auto <p>', 'auto-accept threshold on match probability, as given to `khop match` (default: the settings\'; a model.json that khop match estimated holds the ones it used)')
    .option('--review <p>', 'review threshold on match probability, as given to `khop match` (default: as for --auto)')
    .option('--json', 'print one JSON object instead of text (the explanation and the dose\'s results.csv row)')
    .option('--html <file>', 'also write the waterfall as a chart: a self-contained HTML page (no network)')
    .addHelpText(
      'after',
      '\nExample:\n  khop explain --model out/demo/model.json --registry datasets/sample/registry.csv \\\n' +
        '    --doses datasets/sample/doses.csv --dose-id D00000220 --html out/demo/D00000220.html\n',
    )
    .action(async (opts: ExplainOptions) => {
      const { explanation, columns } = await runExplain(opts);
      process.stdout.write(opts.json === true ? `${JSON.stringify(explanationJson(explanation, columns), null, 2)}\n` : explanationText(explanation));
      if (opts.html !== undefined) process.stderr.write(`khop explain: chart written to ${opts.html}\n`);
    });
}

/** The explanation, and results.csv's columns under these settings (for the `--json` row). */
export async function runExplain(opts: ExplainOptions): Promise<{ explanation: DoseExplanation; columns: string[] }> {
  const auto = numberOption('--auto', opts.auto, 0, 1);
  const review = numberOption('--review', opts.review, 0, 1);
  if (opts.registry === '-') throw new KhopError('BAD_ARGUMENT', '--registry must be a file (only the doses can come from stdin)');
  if (opts.html !== undefined) checkOutputFile(opts.html, '--html', [opts.registry, opts.doses, ...(opts.model === undefined ? [] : [opts.model])]);
  if (opts.doseId.trim() === '') throw new KhopError('BAD_ARGUMENT', '--dose-id must not be empty');
  if (opts.personId !== undefined && opts.personId.trim() === '') throw new KhopError('BAD_ARGUMENT', '--person-id must not be empty');
  const { model, settings } = resolveModelAndSettings(opts.model, opts.settings);
  if (model === undefined) throw new KhopError('BAD_ARGUMENT', 'missing --model');
  // CSV or NDJSON, told apart as `khop match` tells them (doses-input.ts); stdin as a stream of
  // bytes, since a path may be read in another thread (loadStores reads a doses file in a worker).
  const dosesName = opts.doses === '-' ? 'stdin' : opts.doses;
  const doses = await openDoses(opts.doses, { file: dosesName, columns: requiredColumns(settings, 'right'), onReject: () => {} });
  const e = await explainDose({
    registry: opts.registry,
    registryName: opts.registry,
    doses: doses.source,
    dosesName,
    settings,
    model,
    thresholds: { ...(auto !== undefined ? { auto_accept: auto } : {}), ...(review !== undefined ? { review } : {}) },
    doseId: opts.doseId,
    personId: opts.personId,
  });
  if (opts.html !== undefined) writePage(opts.html, waterfallPage(e));
  return { explanation: e, columns: resultColumns(settings.left, settings.right) };
}

function writePage(file: string, html: string): void {
  try {
    writeFileSync(file, html, 'utf8');
  } catch (err) {
    throw writeFailure(err, '--html: cannot write the page', file);
  }
}
