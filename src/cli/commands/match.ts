/**
 * `khop match`: link a file of doses to the register and write `results.csv`, `rejects.csv`,
 * `summary.json` (and `model.json` when the model was estimated here) into the output folder.
 *
 * Any schema (issue 8): `--left` and `--right` name the two files of any settings file;
 * `--registry` and `--doses` are the same options under the vn-vaccination preset's names
 * (left = register, right = doses). Each right record gets one row, its best left record.
 *
 * Pipes (issue 7): `--doses -` reads stdin, CSV or NDJSON (doses-input.ts); `--out -` writes the
 * results to stdout, CSV or `--format ndjson` (match-output.ts), with rejects and the summary
 * kept off stdout. A register saved by `khop index` is linked through the library's matcher
 * (match-on-index.ts).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { CsvWriter } from '../../io/csv-writer.js';
import type { Reject } from '../../io/rejects.js';
import { serializeModel } from '../../model/model-file.js';
import { checkOutputFile, makeOutputDir, refuseInputAsOutput, refuseSharedOutputs, removeStale, writeOutputFile } from '../../io/output-files.js';
import { runMatchJob, type MatchJob } from '../../engine/match-job.js';
import { DECISIONS, emptyDecisionCounts } from '../../engine/decide.js';
import { requiredColumns } from '../../engine/load-side.js';
import { resultColumns, type FormattedResults } from '../../engine/result-rows.js';
import { duplicateIdsNote } from '../../engine/duplicate-ids.js';
import { fewMatchesNote } from '../../engine/estimate-model.js';
import { buildSummary, type MatchSummary } from '../../engine/summary.js';
import { RegisterIndex } from '../../engine/register-index.js';
import { openDoses } from '../doses-input.js';
import { matchOnIndex, type IndexedMatchSummary } from '../match-on-index.js';
import { outputFormat, rejectsSink, writeNdjsonResults } from '../match-output.js';
import { Progress } from '../progress.js';
import { numberOption, resolveModelAndSettings } from '../settings-arg.js';

export interface MatchOptions {
  /** The left file (`--left`, or `--registry` under the preset's name). */
  registry?: string;
  left?: string;
  /** The right file (`--right`, or `--doses`); - for stdin. */
  doses?: string;
  right?: string;
  /** Output folder; `-`: results to stdout (undefined too, for library callers). */
  out?: string;
  /** Results format: csv (default) or ndjson. */
  format?: string;
  /** Doses format: auto (default), csv or ndjson. */
  inputFormat?: string;
  /** rejects.csv elsewhere than the output folder (with results on stdout: else stderr lines). */
  rejects?: string;
  /** summary.json elsewhere than the output folder. */
  summary?: string;
  settings?: string;
  model?: string;
  threads?: string;
  auto?: string;
  review?: string;
}

export function register(program: Command): void {
  program
    .command('match')
    .summary('link doses to the register: decisions, probabilities and corrections')
    .description(
      [
        'Find for each dose the register person it most likely belongs to, score how',
        'sure that is (Fellegi-Sunter match weight and probability), decide, and say',
        'which fields to correct and why.',
        '',
        'Writes into --out:',
        '  results.csv   one row per dose, in input order: dose_id, decision',
        '                (verified, corrected, review, unmatched), person_id,',
        '                match_probability, match_weight, corrections',
        '                (field:reason;...), suggested_full_name, suggested_dob,',
        '                suggested_citizen_id, suggested_gender',
        '  rejects.csv   rows that could not be read: file, line, reason, raw text',
        '  summary.json  counts (rows read = results + rejects), timings per stage,',
        '                threads, peak memory, model, thresholds, blocking report,',
        '                register IDs held by more than one row (also noted on stderr)',
        '  model.json    the model estimated by EM, when no --model was given',
        '  (results.ndjson instead of results.csv with --format ndjson)',
        '',
        'In a pipe: --doses - reads the doses from stdin (CSV, or NDJSON records);',
        'with --out - the results go to stdout and nothing else does:',
        'rejects to --rejects FILE or as one line each on stderr (file:line: reason),',
        'the summary line on stderr, summary.json to --summary FILE. The whole input',
        'is read before linking (EM and blocking need it); `khop serve` answers',
        'record by record.',
        '',
        'Any schema: --left/--right with a --settings file naming the columns;',
        'results.csv then starts with the right ID column, decision, the left ID',
        'column (suffixed _r and _l when both sides use the same name, or a name',
        'of a results column such as decision).',
        '',
        'Decisions: probability >= --auto and no close runner-up is verified when',
        'the register person agrees once formatting is normalized, corrected',
        'otherwise; review = probability >= --review, or two close candidates;',
        'else unmatched. (--auto 1 accepts only probabilities that are exactly 1 in',
        'floating point, match weights above ~53 bits: nearly everything goes to',
        'review.)',
      ].join('\n'),
    )
    .option('--registry <file>', 'register CSV: person_id,full_name,dob,gender,province,old_id, or an index from `khop index` (needs --model) (= --left)')
    .option('--doses <file>', 'doses CSV or NDJSON: dose_id,citizen_id,full_name,dob,gender,province; - for stdin (= --right)')
    .option('--left <file>', 'left CSV of any schema (its columns named in --settings)')
    .option('--right <file>', 'right CSV or NDJSON of any schema; one result row per right record; - for stdin')
    .option('--input-format <fmt>', 'doses format: auto (default: .ndjson/.jsonl files, or stdin starting with {, are NDJSON), csv, ndjson')
    .requiredOption('--out <dir>', 'output folder (created if missing); - : results to stdout, nothing else there')
    .option('--format <fmt>', 'results format: csv (default) or ndjson (one JSON object per dose, results.ndjson in --out)')
    .option('--rejects <file>', 'write rejects.csv here (default: in --out; with results on stdout, one line per reject on stderr)')
    .option('--summary <file>', 'write summary.json here (default: in --out; with results on stdout, none)')
    .option('--settings <file|preset>', 'settings JSON file or preset name (default: vn-vaccination, or the model\'s own)')
    .option('--model <file>', 'a model.json from `khop train` or an earlier match; estimated by EM when absent')
    .option('--threads <n>', 'worker threads for linking (default: 1)')
    .option('--auto <p>', 'auto-accept threshold on match probability (default: from the settings)')
    .option('--review <p>', 'review threshold on match probability (default: from the settings)')
    .addHelpText(
      'after',
      '\nExamples:\n  khop match --registry datasets/sample/registry.csv --doses datasets/sample/doses.csv --out out/sample\n' +
        '  cat doses.ndjson | khop match --registry registry.csv --model model.json --doses - --out - --format ndjson | jq .decision\n' +
        '\nEnvironment:\n  On Linux khop relaunches itself once with MALLOC_MMAP_THRESHOLD_=16777216 and\n' +
        '  MALLOC_TRIM_THRESHOLD_=67108864 (glibc then maps large buffers on their own and reuses the rest:\n' +
        '  far fewer page faults and less system time, about the peak RSS of glibc\'s defaults, same\n' +
        '  results). A variable you set is kept (the other is filled in); set both, set either through\n' +
        '  GLIBC_TUNABLES, or set KHOP_NO_RELAUNCH=1, and there is no relaunch.\n',
    )
    .action(async (opts: MatchOptions) => {
      const summary = await runMatch(opts);
      const d = summary.decisions;
      // On a saved index the register's rejects were written by `khop index`, not into this run's
      // rejects: counted apart, so that "rejected" is what this run's rejects.csv holds.
      const indexed = 'registry_index' in summary;
      const rejected = summary.rejects.doses + (indexed ? 0 : summary.rejects.registry);
      const r = summary.rejects.registry;
      const atIndex = indexed && r > 0 ? ` (and ${r} register ${r === 1 ? 'row' : 'rows'} when the index was built)` : '';
      const note = duplicateIdsNote(summary.registry_duplicate_ids);
      if (note !== null) process.stderr.write(`khop match: note: ${note}\n`);
      // A model estimated here from doses that hold almost no register person links almost nothing.
      const few = opts.model === undefined ? fewMatchesNote(summary.model.lambda, summary.rows_read.registry - summary.rejects.registry) : null;
      if (few !== null) process.stderr.write(`khop match: note: ${few}\n`);
      process.stderr.write(
        `khop match: ${summary.results} doses: ${d.verified} verified, ${d.corrected} corrected, ${d.review} review, ${d.unmatched} unmatched; ` +
          `${rejected} rejected${atIndex}; ${Math.round(total(summary.timings_ms))} ms → ${opts.out === undefined || opts.out === '-' ? 'stdout' : opts.out}\n`,
      );
    });
}

/** One file per side, under either of its two option names. */
function sideOption(flag: string, value: string | undefined, alias: string, aliasValue: string | undefined): string {
  if (value !== undefined && aliasValue !== undefined && value !== aliasValue) {
    throw new KhopError('BAD_ARGUMENT', `${flag} and ${alias} name the same input: give one of them`);
  }
  const v = value ?? aliasValue;
  if (v === undefined) throw new KhopError('BAD_ARGUMENT', `missing ${flag} (or ${alias})`);
  return v;
}

function total(t: Record<string, number>): number {
  return Object.values(t).reduce((a, b) => a + b, 0);
}

export async function runMatch(opts: MatchOptions): Promise<MatchSummary | IndexedMatchSummary> {
  const threads = numberOption('--threads', opts.threads, 1, 64);
  if (threads !== undefined && !Number.isInteger(threads)) throw new KhopError('BAD_ARGUMENT', '--threads must be a whole number');
  const auto = numberOption('--auto', opts.auto, 0, 1);
  const review = numberOption('--review', opts.review, 0, 1);
  const leftPath = sideOption('--left', opts.left, '--registry', opts.registry);
  const rightPath = sideOption('--right', opts.right, '--doses', opts.doses);
  if (leftPath === '-' && rightPath === '-') throw new KhopError('BAD_ARGUMENT', 'only one input can be stdin (-): the doses');
  const format = outputFormat(opts.format);
  const { model, settings } = resolveModelAndSettings(opts.model, opts.settings);
  // --out -: results to stdout, side files only where --rejects/--summary say.
  const dir = opts.out === undefined || opts.out === '-' ? undefined : opts.out;
  const resultsTarget = dir === undefined ? '-' : join(dir, `results.${format}`);
  const summaryTarget = opts.summary ?? (dir === undefined ? undefined : join(dir, 'summary.json'));
  const rejectsTarget = opts.rejects ?? (dir === undefined ? undefined : join(dir, 'rejects.csv'));
  // No output over an input; a file named by its own flag must also be writable where it is (the
  // files in --out are checked by creating the folder).
  const inputs = [leftPath, rightPath, ...(opts.model === undefined ? [] : [opts.model])];
  // Nor two outputs on one file: the results, the rejects, the summary, the model estimated here.
  refuseSharedOutputs([
    { path: resultsTarget, flag: dir === undefined ? '--out' : `--out (its results.${format})` },
    { path: rejectsTarget, flag: opts.rejects === undefined ? '--out (its rejects.csv)' : '--rejects' },
    { path: summaryTarget, flag: opts.summary === undefined ? '--out (its summary.json)' : '--summary' },
    { path: dir !== undefined && opts.model === undefined ? join(dir, 'model.json') : undefined, flag: '--out (its model.json)' },
  ]);
  if (opts.rejects !== undefined) checkOutputFile(opts.rejects, '--rejects', inputs);
  if (opts.summary !== undefined) checkOutputFile(opts.summary, '--summary', inputs);
  if (dir !== undefined) {
    const inDir = [resultsTarget];
    if (opts.rejects === undefined) inDir.push(join(dir, 'rejects.csv'));
    if (opts.summary === undefined) inDir.push(join(dir, 'summary.json'));
    if (opts.model === undefined) inDir.push(join(dir, 'model.json'));
    for (const target of inDir) refuseInputAsOutput(target, inputs, '--out');
    makeOutputDir(dir);
  }
  // Written last, when the run succeeds: an earlier run's summary must not outlive a failed run.
  if (summaryTarget !== undefined) removeStale(summaryTarget, opts.summary === undefined ? '--out' : '--summary');

  const progress = new Progress();
  const rejects = rejectsSink(rejectsTarget, 'khop match');
  const pendingRejects: Promise<void>[] = [];
  const onReject = (r: Reject): void => {
    const p = rejects.write(r);
    if (p !== undefined) pendingRejects.push(p);
  };
  const dosesName = rightPath === '-' ? 'stdin' : rightPath;
  const thresholds = { ...(auto !== undefined ? { auto_accept: auto } : {}), ...(review !== undefined ? { review } : {}) };
  if (leftPath !== '-' && RegisterIndex.isIndexFile(leftPath)) {
    // A register saved by `khop index`: the doses stream through the library's matcher.
    try {
      return await matchOnIndex({
        index: leftPath,
        doses: rightPath,
        dosesName,
        inputFormat: opts.inputFormat,
        model: opts.model,
        settings: opts.settings,
        threads,
        thresholds,
        format,
        results: resultsTarget,
        onReject,
        summary: summaryTarget,
        onProgress: (stage, done, all) => progress.update(stage, done, all),
      });
    } finally {
      progress.done();
      await Promise.allSettled(pendingRejects);
      await rejects.end();
    }
  }
  const columns = resultColumns(settings.left, settings.right);
  const results = format === 'csv' ? new CsvWriter(resultsTarget, { header: columns }) : undefined;
  let decisions = emptyDecisionCounts();
  let writeMs = 0;
  let job: MatchJob;
  let ndjsonRejects = 0;
  try {
    const doses = await openDoses(rightPath, { format: opts.inputFormat, file: dosesName, columns: requiredColumns(settings, 'right'), onReject });
    job = await runMatchJob({
      registry: leftPath,
      registryName: leftPath,
      doses: doses.source,
      dosesName,
      settings,
      model,
      threads,
      thresholds,
      onReject,
      // CSV results are formatted as they are linked (in the workers too); NDJSON after linking.
      ...(results === undefined
        ? {}
        : {
            onResults: async (formatted: FormattedResults) => {
              const t0 = performance.now();
              for (const d of DECISIONS) decisions[d] += formatted.decisions[d];
              await results.writeFormattedBytes(formatted.bytes, formatted.rows);
              writeMs += performance.now() - t0;
            },
          }),
      onProgress: (stage, done, all) => progress.update(stage, done, all),
    });
    ndjsonRejects = doses.ndjsonRejects();
  } catch (e) {
    progress.done();
    // A failed run leaves stdout empty (the buffered header is dropped); files are closed.
    await Promise.allSettled([rejects.end(), dir === undefined ? undefined : results?.end()]);
    throw e;
  }
  await Promise.all(pendingRejects);
  await rejects.end();
  const t0 = performance.now();
  let resultRows: number;
  if (results !== undefined) {
    await results.end();
    resultRows = results.rows;
  } else {
    const written = await writeNdjsonResults(job, columns, resultsTarget);
    resultRows = written.rows;
    decisions = written.decisions;
  }
  progress.done();
  const timings = { ...job.timingsMs, write_wait: Math.round(writeMs + performance.now() - t0) };

  let modelSource = opts.model ?? 'estimated by EM: model.json';
  if (opts.model === undefined) {
    if (dir !== undefined) writeOutputFile(join(dir, 'model.json'), serializeModel(job.model), '--out');
    else modelSource = 'estimated by EM (not saved: results went to stdout)';
  }
  const summary = withInputRejects(buildSummary(job, decisions, resultRows, modelSource, timings), ndjsonRejects);
  if (summaryTarget !== undefined) writeOutputFile(summaryTarget, `${JSON.stringify(summary, null, 2)}\n`, opts.summary === undefined ? '--out' : '--summary');
  return summary;
}

/** Counts records the NDJSON input rejected before the engine saw them, so the summary reconciles. */
function withInputRejects(summary: MatchSummary, n: number): MatchSummary {
  if (n === 0) return summary;
  const rows_read = { ...summary.rows_read, doses: summary.rows_read.doses + n };
  const rejects = { ...summary.rejects, doses: summary.rejects.doses + n };
  return { ...summary, rows_read, rejects, reconciles: rows_read.doses === summary.results + rejects.doses };
}
