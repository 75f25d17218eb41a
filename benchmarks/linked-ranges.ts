/**
 * What the deciding benchmarks start from: both inputs read, the preset's blocking plan, and the
 * first `total` doses linked (pruned scoring, as the match job links) in ranges of 8192, so that
 * the benchmark then times only what it compares. Not a benchmark itself.
 */
import { fileURLToPath } from 'node:url';
import { BlockingPlan } from '../src/blocking/blocking-plan.js';
import { fieldRoles } from '../src/engine/field-roles.js';
import { makeLinkContext, pruneRuleFor } from '../src/engine/link-context.js';
import { allocateLinkOutput, linkRange, type LinkOutput } from '../src/engine/link-range.js';
import { loadStores } from '../src/engine/match-job.js';
import { loadSettings } from '../src/model/load-settings.js';
import { loadModel } from '../src/model/model-file.js';

export async function linkedRanges(registry: string, doses: string, modelPath: string, total: number) {
  const settings = loadSettings(fileURLToPath(new URL('../presets/vn-vaccination.json', import.meta.url)));
  const model = loadModel(modelPath);
  const { left, right } = await loadStores({ registry, registryName: 'registry.csv', doses, dosesName: 'doses.csv', settings, parallel: false });
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const thresholds = settings.thresholds;
  const ctx = { ...makeLinkContext(settings, model.parameters, left, right, plan), prune: pruneRuleFor(thresholds) };
  const count = Math.min(total, right.size);
  const parts: LinkOutput[] = [];
  for (let start = 0; start < count; start += 8192) {
    const part = allocateLinkOutput(start, Math.min(8192, count - start), settings.comparisons.length);
    linkRange(ctx, part);
    parts.push(part);
  }
  /** What a ResultBuilder is made from. */
  const context = { left, right, scorer: ctx.scorer, roles: fieldRoles(settings), thresholds };
  return { settings, total: count, parts, context };
}

/**
 * CPU ms (process.cpuUsage) of `pass(side)` for each of two sides, `rounds` rounds, the order
 * flipped each round, after a full garbage collection each (so each side pays for its own
 * garbage); then the per-pass figures, medians and their ratio (second / first), printed.
 */
export function alternateCpu<S extends string>(sides: readonly [S, S], labels: Record<S, string>, rounds: number, gc: () => void, pass: (side: S) => void): void {
  const times = { [sides[0]]: [] as number[], [sides[1]]: [] as number[] } as Record<S, number[]>;
  for (let k = 0; k < rounds; k++) {
    for (const side of k % 2 === 0 ? sides : ([sides[1], sides[0]] as const)) {
      gc();
      const t = process.cpuUsage();
      pass(side);
      const used = process.cpuUsage(t);
      times[side].push((used.user + used.system) / 1000);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`CPU ms per pass (${rounds} rounds, alternating)`);
  for (const side of sides) console.log(`${labels[side]}: ${fmt(times[side])}  median ${median(times[side]).toFixed(0)}`);
  const [a, b] = sides;
  console.log(`ratio ${b} / ${a}: ${(median(times[b]) / median(times[a])).toFixed(3)}; per round ${times[b].map((x, i) => (x / times[a][i]).toFixed(2)).join(' ')}`);
}
