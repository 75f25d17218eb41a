/**
 * `khop match`: link a file of doses to the register and write `results.csv`, `rejects.csv`,
 * `summary.json` (and `model.json` when the model was estimated here) into the output folder.
 *
 * Any schema (issue 8): `--left` and `--right` name the two files of any settings file;
 * `--registry` and `--doses` are the same options under the vn-vaccination preset's names
 * (left = register, right = doses). Each right record gets one row, its best left record.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { CsvWriter } from '../../io/csv-writer.js';
import { RejectsWriter } from '../../io/rejects.js';
import { saveModel } from '../../model/model-file.js';
import { runMatchJob, type MatchJob } from '../../engine/match-job.js';
import { DECISIONS, emptyDecisionCounts } from '../../engine/decide.js';
import { resultColumns } from '../../engine/result-rows.js';
import { buildSummary, type MatchSummary } from '../../engine/summary.js';
import { Progress } from '../progress.js';
import { numberOption, resolveModelAndSettings } from '../settings-arg.js';

export interface MatchOptions {
  /** The left file (`--left`, or `--registry` under the preset's name). */
  registry?: string;
  left?: string;
  /** The right file (`--right`, or `--doses`); - for stdin. */
  doses?: string;
  right?: string;
  out: string;
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
        '                threads, peak memory, model, thresholds, blocking report',
        '  model.json    the model estimated by EM, when no --model was given',
        '',
        'Any schema: --left/--right with a --settings file naming the columns;',
        'results.csv then starts with the right ID column, decision, the left ID',
        'column (suffixed _r and _l when both sides use the same name).',
        '',
        'Decisions: verified = the register person agrees once formatting is',
        'normalized; corrected = probability >= --auto and no close runner-up;',
        'review = probability >= --review, or two close candidates; else unmatched.',
      ].join('\n'),
    )
    .option('--registry <file>', 'register CSV: person_id,full_name,dob,gender,province,old_id (= --left)')
    .option('--doses <file>', 'doses CSV: dose_id,citizen_id,full_name,dob,gender,province; - for stdin (= --right)')
    .option('--left <file>', 'left CSV of any schema (its columns named in --settings)')
    .option('--right <file>', 'right CSV of any schema; one result row per right record; - for stdin')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--settings <file|preset>', 'settings JSON file or preset name (default: vn-vaccination, or the model\'s own)')
    .option('--model <file>', 'a model.json from `khop train` or an earlier match; estimated by EM when absent')
    .option('--threads <n>', 'worker threads for linking (default: 1)')
    .option('--auto <p>', 'auto-accept threshold on match probability (default: from the settings)')
    .option('--review <p>', 'review threshold on match probability (default: from the settings)')
    .addHelpText('after', '\nExample:\n  khop match --registry datasets/sample/registry.csv --doses datasets/sample/doses.csv --out out/sample\n')
    .action(async (opts: MatchOptions) => {
      const summary = await runMatch(opts);
      const d = summary.decisions;
      process.stderr.write(
        `khop match: ${summary.results} doses: ${d.verified} verified, ${d.corrected} corrected, ${d.review} review, ${d.unmatched} unmatched; ` +
          `${summary.rejects.doses + summary.rejects.registry} rejected; ${Math.round(total(summary.timings_ms))} ms → ${opts.out}\n`,
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

export async function runMatch(opts: MatchOptions): Promise<MatchSummary> {
  const threads = numberOption('--threads', opts.threads, 1, 64);
  if (threads !== undefined && !Number.isInteger(threads)) throw new KhopError('BAD_ARGUMENT', '--threads must be a whole number');
  const auto = numberOption('--auto', opts.auto, 0, 1);
  const review = numberOption('--review', opts.review, 0, 1);
  const leftPath = sideOption('--left', opts.left, '--registry', opts.registry);
  const rightPath = sideOption('--right', opts.right, '--doses', opts.doses);
  const { model, settings } = resolveModelAndSettings(opts.model, opts.settings);
  mkdirSync(opts.out, { recursive: true });

  const progress = new Progress();
  const rejects = new RejectsWriter(join(opts.out, 'rejects.csv'));
  const results = new CsvWriter(join(opts.out, 'results.csv'), { header: resultColumns(settings.left, settings.right) });
  const decisions = emptyDecisionCounts();
  const pendingRejects: Promise<void>[] = [];
  let writeMs = 0;
  let job: MatchJob;
  try {
    job = await runMatchJob({
      registry: leftPath,
      registryName: leftPath,
      doses: rightPath,
      dosesName: rightPath === '-' ? 'stdin' : rightPath,
      settings,
      model,
      threads,
      thresholds: { ...(auto !== undefined ? { auto_accept: auto } : {}), ...(review !== undefined ? { review } : {}) },
      onReject: (r) => {
        const p = rejects.write(r);
        if (p !== undefined) pendingRejects.push(p);
      },
      onResults: async (formatted) => {
        const t0 = performance.now();
        for (const d of DECISIONS) decisions[d] += formatted.decisions[d];
        await results.writeFormatted(formatted.text, formatted.rows);
        writeMs += performance.now() - t0;
      },
      onProgress: (stage, done, all) => progress.update(stage, done, all),
    });
  } catch (e) {
    progress.done();
    await Promise.allSettled([rejects.end(), results.end()]);
    throw e;
  }
  await Promise.all(pendingRejects);
  await rejects.end();
  const t0 = performance.now();
  await results.end();
  progress.done();
  const timings = { ...job.timingsMs, write_wait: Math.round(writeMs + performance.now() - t0) };

  let modelSource = opts.model ?? 'estimated by EM: model.json';
  if (opts.model === undefined) saveModel(join(opts.out, 'model.json'), job.model);
  else modelSource = opts.model;
  const summary = buildSummary(job, decisions, results.rows, modelSource, timings);
  writeFileSync(join(opts.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
