/**
 * What a row read at random costs the scorer: the exact-ID pairs of a generated set (dose j with the
 * register person holding its ID) scored three ways — doses in order and persons at random (as the
 * link reads them), persons in order and doses at random, both at random (the pairs shuffled,
 * seeded). The difference is the memory cost of one side's random rows; the compute is the same.
 * Run: `node --import tsx benchmarks/score-locality.ts --dir D --model M` (D from `khop generate`,
 * M a model.json for the vn-vaccination preset; not part of `npm test`). Figures: RESULTS.md,
 * eleventh session.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStores } from '../src/engine/match-job.js';
import { loadSettings } from '../src/model/load-settings.js';
import { Scorer } from '../src/model/scorer.js';
import { rng } from './seeded-random.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, model: { type: 'string' }, passes: { type: 'string', default: '4' } } });
if (values.dir === undefined || values.model === undefined) throw new Error('usage: --dir D --model M');
const settings = loadSettings(new URL('../presets/vn-vaccination.json', import.meta.url).pathname);
const model = JSON.parse(readFileSync(values.model, 'utf8'));
const { left, right } = await loadStores({
  registry: join(values.dir, 'registry.csv'),
  registryName: 'registry.csv',
  doses: join(values.dir, 'doses.csv'),
  dosesName: 'doses.csv',
  settings,
  parallel: false,
});

const leftIds = left.id('citizen_id');
const rightIds = right.id('citizen_id');
const personOf = new Map<string, number>();
for (let i = 0; i < left.size; i++) if (leftIds.length[i] > 0) personOf.set(leftIds.digitsOf(i), i);
const pl: number[] = [];
const pr: number[] = [];
for (let j = 0; j < right.size; j++) {
  const i = rightIds.length[j] > 0 ? personOf.get(rightIds.digitsOf(j)) : undefined;
  if (i !== undefined) {
    pl.push(i);
    pr.push(j);
  }
}
const n = pl.length;
type Pairs = { l: Int32Array; r: Int32Array };
const ordered = (order: number[]): Pairs => ({ l: Int32Array.from(order, (k) => pl[k]), r: Int32Array.from(order, (k) => pr[k]) });
const identity = Array.from({ length: n }, (_, k) => k);
const byPerson = [...identity].sort((a, b) => pl[a] - pl[b]);
const random = rng(7);
const shuffled = [...identity];
for (let k = n - 1; k > 0; k--) {
  const m = Math.floor(random() * (k + 1));
  [shuffled[k], shuffled[m]] = [shuffled[m], shuffled[k]];
}
const ways: [string, Pairs][] = [
  ['doses in order, persons at random', ordered(identity)],
  ['persons in order, doses at random', ordered(byPerson)],
  ['both at random', ordered(shuffled)],
];

const scorer = new Scorer(settings, model.parameters, left, right);
const BATCH = 24_000;
const weights = new Float64Array(BATCH);
const levels = new Uint8Array(BATCH * scorer.comparisonCount);
function pass(p: Pairs): number {
  const t = performance.now();
  for (let s = 0; s < n; s += BATCH) {
    const c = Math.min(BATCH, n - s);
    scorer.scorePairs(p.l.subarray(s, s + c), p.r.subarray(s, s + c), c, weights, levels);
  }
  return performance.now() - t;
}
console.log(`${n} exact-ID pairs of ${right.size} doses × ${left.size} persons; ms per pass`);
for (let k = 0; k < Number(values.passes); k++) {
  console.log(ways.map(([name, p]) => `${name} ${pass(p).toFixed(0)}`).join('; '));
}
