/**
 * `khop train`: estimate a model by EM from a register and a file of doses (no labels), save it
 * as a versioned model.json, and print m, u and the weight of every comparison level.
 */
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { BlockingPlan } from '../../blocking/blocking-plan.js';
import { estimateModel } from '../../engine/estimate-model.js';
import { loadStores } from '../../engine/match-job.js';
import { describeModel } from '../../model/describe.js';
import { serializeModel, type KhopModel } from '../../model/model-file.js';
import { Progress } from '../progress.js';
import { resolveSettings } from '../settings-arg.js';
import { checkOutputFile, writeOutputFile } from '../../io/output-files.js';
import { fewMatchesNote } from '../../engine/estimate-model.js';

export interface TrainOptions {
  registry: string;
  doses: string;
  out: string;
  settings?: string;
}

export function register(program: Command): void {
  program
    .command('train')
    .summary('estimate a model by EM (no labels) and print its weights')
    .description(
      [
        'Estimate the Fellegi-Sunter model of the settings from the data alone: u',
        'from random pairs of the register (seeded), m by expectation-maximisation',
        'over the blocking rules\' candidate pairs, one training session per rule.',
        'Saves a versioned model.json (settings, parameters, provenance) that',
        '`khop match --model` reuses, and prints per comparison level m, u and the',
        'weight log2(m/u) in bits.',
      ].join('\n'),
    )
    .requiredOption('--registry <file>', 'register CSV')
    .requiredOption('--doses <file>', 'doses CSV')
    .requiredOption('--out <file>', 'where to write the model JSON')
    .option('--settings <file|preset>', 'settings JSON file or preset name (default: vn-vaccination)')
    .addHelpText('after', '\nExample:\n  khop train --registry datasets/sample/registry.csv --doses datasets/sample/doses.csv --out model.json\n')
    .action(async (opts: TrainOptions) => {
      const model = await runTrain(opts);
      const tf = model.settings.comparisons.map((c) => c.tf_adjustment === true);
      process.stdout.write(describeModel(model.parameters, { tfAdjusted: tf }));
      const note = fewMatchesNote(model.parameters.lambda, model.provenance.rows?.left ?? 0);
      if (note !== null) process.stderr.write(`khop train: note: ${note}\n`);
      process.stderr.write(`khop train: model written to ${opts.out}\n`);
    });
}

export async function runTrain(opts: TrainOptions): Promise<KhopModel> {
  if (opts.registry === '-' && opts.doses === '-') throw new KhopError('BAD_ARGUMENT', 'only one input can be stdin (-): the doses');
  if (opts.out === '-') throw new KhopError('BAD_ARGUMENT', '--out: give a file for the model (- would make a file named "-")');
  checkOutputFile(opts.out, '--out', [opts.registry, opts.doses]);
  const settings = resolveSettings(opts.settings);
  const progress = new Progress();
  let rejected = 0;
  const stores = await loadStores({
    registry: opts.registry,
    registryName: opts.registry,
    doses: opts.doses,
    dosesName: opts.doses,
    settings,
    onReject: () => {
      rejected++;
    },
    onProgress: (stage, done, all) => progress.update(stage, done, all),
  });
  progress.done();
  const plan = BlockingPlan.build(settings.blocking_rules, stores.left, stores.right);
  const { model } = estimateModel(settings, stores.left, stores.right, plan);
  writeOutputFile(opts.out, serializeModel(model), '--out');
  if (rejected > 0) process.stderr.write(`khop train: ${rejected} unreadable rows skipped (khop match lists them in rejects.csv)\n`);
  return model;
}
