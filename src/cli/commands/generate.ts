/**
 * `khop generate`: writes a synthetic register, dose records and their ground truth, seeded and
 * reproducible, for tuning and benchmarking without real citizen records. A thin adapter over
 * `src/generate/`: parses the arguments, loads the error profile, streams the files, prints a
 * JSON summary.
 */
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { DEFAULT_PROFILE, loadProfile, presetProfileNames } from '../../generate/profile.js';
import { writeDataset } from '../../generate/write-dataset.js';
import type { GenerateSummary } from '../../generate/generator.js';

export interface GenerateCommandOptions {
  people: string;
  doses: string;
  seed: string;
  out: string;
  profile: string;
  errorRate?: string;
  absentRate?: string;
}

export function register(program: Command): void {
  const presets = presetProfileNames();
  program
    .command('generate')
    .summary('write a synthetic register, dose records and their ground truth (seeded)')
    .description(
      [
        "Write DIR/registry.csv (person_id,full_name,dob,gender,province,old_id), DIR/doses.csv (dose_id,citizen_id,full_name,dob,gender,province) and DIR/truth.csv (dose_id,person_id,tags): each dose's true register person (empty when the person is absent from the register) and the damage applied to it, |-separated. The same arguments and seed give the same bytes.",
        '',
        `Damage rates, hard cases (namesakes, twins) and formatting come from an error profile: a preset (${presets.join(', ') || 'none found'}) or a JSON file. datasets/README.md describes every tag and the profile format.`,
      ].join('\n'),
    )
    .requiredOption('--people <n>', 'number of people in the register (rows of registry.csv)')
    .requiredOption('--doses <n>', 'number of dose records (rows of doses.csv and truth.csv); at most 3 per register person')
    .requiredOption('--seed <n>', 'seed of the random generator, a non-negative integer')
    .requiredOption('--out <dir>', 'directory to write the three files into (created if missing; files there are replaced)')
    .option('--profile <name|file>', `error profile: a preset name (${presets.join(', ')}) or a .json file`, DEFAULT_PROFILE)
    .option('--error-rate <r>', "share of doses with at least one damage, 0-1; every tag rate is scaled to it (default: the profile's damagedShare, for mixed about 0.27); far above the profile's own share, tags that fit few doses come only near their expected rates, and a share that still misses its target is noted on stderr")
    .option('--absent-rate <a>', "share of doses whose person is not in the register, 0-1 (default: the profile's absentRate, for mixed 0.01)")
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  khop generate --people 2000 --doses 2000 --seed 42 --out datasets/sample',
        '  khop generate --people 1000000 --doses 1000000 --seed 1 --profile mismatched --out /tmp/khop-1m',
        '  khop generate --people 50000 --doses 80000 --seed 7 --error-rate 0.5 --absent-rate 0.05 --out /tmp/hard',
        '',
        'Prints a JSON summary (rows written, damaged doses, count per tag, expected rate per tag) to stdout.',
        '',
      ].join('\n'),
    )
    .action(async (opts: GenerateCommandOptions) => {
      const summary = await runGenerate(opts, process.stdout);
      const note = damagedShareNote(summary);
      if (note !== null) process.stderr.write(`khop generate: note: ${note}\n`);
    });
}

/**
 * A note when the share of damaged doses missed its target by more than chance (4 standard
 * deviations), which the tag scheduler avoids (tag-scheduler.ts; `--error-rate 0.99` on mixed gave
 * 0.96 before it damaged a dose with another tag once owed tags piled up) but a profile whose tags
 * fit almost no dose can still cause.
 */
export function damagedShareNote(summary: Pick<GenerateSummary, 'doses' | 'damagedDoses' | 'damagedShareTarget'>): string | null {
  const { doses, damagedDoses, damagedShareTarget: t } = summary;
  if (doses === 0 || Math.abs(damagedDoses - doses * t) <= 4 * Math.sqrt(doses * t * (1 - t)) + 1) return null;
  const reached = (damagedDoses / doses).toFixed(4);
  return `${damagedDoses} of ${doses} doses damaged (${reached}), not the ${t} aimed at: the profile's tags fit too few doses for this share`;
}

function parseCount(flag: string, value: string): number {
  const n = /^\d[\d_]*$/.test(value) ? Number(value.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(n)) throw new KhopError('BAD_ARGUMENT', `${flag} must be a non-negative integer, not '${value}'`);
  return n;
}

function parseShare(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new KhopError('BAD_ARGUMENT', `${flag} must be a number between 0 and 1, not '${value}'`);
  return n;
}

export async function runGenerate(opts: GenerateCommandOptions, out: NodeJS.WritableStream): Promise<GenerateSummary> {
  const people = parseCount('--people', opts.people);
  const doses = parseCount('--doses', opts.doses);
  const seed = parseCount('--seed', opts.seed);
  const errorRate = parseShare('--error-rate', opts.errorRate);
  const absentRate = parseShare('--absent-rate', opts.absentRate);
  if (opts.out.trim() === '') throw new KhopError('BAD_ARGUMENT', '--out must name a directory');
  const profile = loadProfile(opts.profile);
  const started = performance.now();
  const summary = await writeDataset({ people, doses, seed, profile, errorRate, absentRate }, opts.out);
  const seconds = Math.round(performance.now() - started) / 1000;
  out.write(JSON.stringify({ out: opts.out, profile: opts.profile, seed, seconds, ...summary }, null, 2) + '\n');
  return summary;
}
