/**
 * Linking with and without pruning (link-range.ts), on the same loaded stores, model and plan,
 * alternating runs so both see the same machine load: time per run and the ratio, and a check
 * that the formatted results are identical.
 *
 *   node --import tsx benchmarks/link-prune.bench.ts D/registry.csv D/doses.csv MODEL.json [rounds]
 */
import { BlockingPlan } from '../src/blocking/blocking-plan.js';
import { makeLinkContext, pruneRuleFor } from '../src/engine/link-context.js';
import { allocateLinkOutput, linkRange } from '../src/engine/link-range.js';
import { loadStores } from '../src/engine/match-job.js';
import { formattedText } from '../src/engine/result-rows.js';
import { loadModel } from '../src/model/model-file.js';

const [registry, doses, modelPath, roundsArg] = process.argv.slice(2);
if (modelPath === undefined) throw new Error('usage: link-prune.bench.ts REGISTRY DOSES MODEL [rounds]');
const model = loadModel(modelPath);
const settings = model.settings;
const { left, right } = await loadStores({ registry, registryName: registry, doses, dosesName: doses, settings });
const plan = BlockingPlan.build(settings.blocking_rules, left, right);
const thresholds = settings.thresholds;
const base = makeLinkContext(settings, model.parameters, left, right, plan, thresholds);
const perTask = 8192;

function run(pruned: boolean): { ms: number; text: string[] } {
  const ctx = { ...base, prune: pruned ? pruneRuleFor(thresholds) : undefined };
  const text: string[] = [];
  const t0 = performance.now();
  for (let start = 0; start < right.size; start += perTask) {
    const out = allocateLinkOutput(start, Math.min(perTask, right.size - start), settings.comparisons.length);
    linkRange(ctx, out);
    text.push(formattedText(out.results!));
  }
  return { ms: performance.now() - t0, text };
}

const rounds = Number(roundsArg ?? 2);
for (let r = 0; r < rounds; r++) {
  const full = run(false);
  const pruned = run(true);
  const same = full.text.length === pruned.text.length && full.text.every((t, k) => t === pruned.text[k]);
  console.log(`round ${r + 1}: every pair ${full.ms.toFixed(0)} ms, pruned ${pruned.ms.toFixed(0)} ms, ratio ${(full.ms / pruned.ms).toFixed(2)}×, results identical: ${same}`);
}
