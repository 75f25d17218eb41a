/**
 * The scoring core at scale: building the two record stores (normalizing every cell), their memory,
 * scoring candidate pairs with the vn-vaccination preset (comparison levels + weights + TF), and
 * training (u sampling + EM sessions).
 * Run: `node --expose-gc --import tsx benchmarks/score-pairs.bench.ts` (not part of `npm test`);
 * `KHOP_BENCH_PEOPLE=1000000` for the full-size register (default 200,000; doses = people),
 * `KHOP_BENCH_ITERATIONS` scoring passes (default 5).
 *
 * Data: khớp's generator (src/generate/, profile `mixed`, seed 3). Candidate pairs: register people
 * with the dose's birth year and given name (variant-folded; the first 30 per dose), or its exact
 * ID: a looser blocking than the preset's, so that most pairs are non-matches that share a name and
 * a year, the pairs that cost the most to score (they all reach the Jaro-Winkler levels). Scoring runs on one
 * thread in batches of 65,536 pairs into reused buffers, as a worker would; ns/pair is from the
 * mean and the best pass (the machine is shared: the best pass is the less noisy figure).
 */
import { Bench } from 'tinybench';
import { FieldDictionaries, RecordStoreBuilder, type RecordStore } from '../src/engine/record-store.js';
import { generateRows } from '../src/generate/generator.js';
import { loadProfile } from '../src/generate/profile.js';
import { loadSettings } from '../src/model/load-settings.js';
import { Scorer } from '../src/model/scorer.js';
import { fixedComparisonsForRule, trainModel, type CandidatePairs } from '../src/model/train-model.js';

const PEOPLE = Number(process.env.KHOP_BENCH_PEOPLE ?? 200_000);
const ITERATIONS = Number(process.env.KHOP_BENCH_ITERATIONS ?? 5);
const BATCH = 1 << 16;
/** Candidates per dose from the year + given name block (a stand-in for max_block_size). */
const CAP = 30;

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Heap and array-buffer bytes after a full GC (twice, apart: V8 frees array buffers lazily). */
async function memory(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let k = 0; k < 2; k++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const settings = loadSettings(new URL('../presets/vn-vaccination.json', import.meta.url).pathname);
const before = await memory();
let t = performance.now();
const dictionaries = FieldDictionaries.forSettings(settings, PEOPLE);
const lb = new RecordStoreBuilder(settings, 'left', dictionaries);
const rb = new RecordStoreBuilder(settings, 'right', dictionaries);
let generateMs = 0;
const rows = generateRows({ people: PEOPLE, doses: PEOPLE, seed: 3, profile: loadProfile('mixed') });
for (;;) {
  const g0 = performance.now();
  const next = rows.next();
  generateMs += performance.now() - g0;
  if (next.done === true) break;
  const g = next.value;
  if (g.kind === 'register') lb.add({ ...g.row });
  else rb.add({ ...g.row });
}
const left = lb.freeze();
const right = rb.freeze();
dictionaries.freeze();
const buildMs = performance.now() - t - generateMs;
const storeBytes = (await memory()) - before;
console.log(`stores: ${left.size} + ${right.size} records built in ${(buildMs / 1000).toFixed(1)} s (+ ${(generateMs / 1000).toFixed(1)} s generating)`);
console.log(
  `shared memory: register ${mib(left.byteLength)}, doses ${mib(right.byteLength)}, dictionaries ${mib(dictionaries.byteLength)}; ` +
    `process heap + array buffers grew by ${mib(storeBytes)} (after GC)`,
);
const nameDict = dictionaries.get('full_name');
console.log(`full_name dictionary: ${nameDict.size} strings, ${mib(nameDict.bytes.length)} of UTF-8`);

/**
 * Pairs of left and right rows with equal keys, at most `cap` left rows per right row (the first
 * ones in register order), written straight into typed arrays.
 */
function block(keyOf: (s: RecordStore, i: number) => string | null, cap = Infinity): CandidatePairs {
  const index = new Map<string, number[]>();
  for (let i = 0; i < left.size; i++) {
    const k = keyOf(left, i);
    if (k === null) continue;
    const list = index.get(k);
    if (list === undefined) index.set(k, [i]);
    else list.push(i);
  }
  const matchesOf = (j: number): number[] => {
    const k = keyOf(right, j);
    return k === null ? [] : (index.get(k) ?? []);
  };
  let count = 0;
  for (let j = 0; j < right.size; j++) count += Math.min(cap, matchesOf(j).length);
  const pairsL = new Int32Array(count);
  const pairsR = new Int32Array(count);
  let n = 0;
  for (let j = 0; j < right.size; j++) {
    const list = matchesOf(j);
    for (let k = 0; k < list.length && k < cap; k++, n++) {
      pairsL[n] = list[k];
      pairsR[n] = j;
    }
  }
  return { pairsL, pairsR, count };
}
const byId = block((s, i) => (s.id('citizen_id').length[i] > 0 ? s.id('citizen_id').digitsOf(i) : null));
const byYearGiven = block((s, i) => {
  const y = s.date('dob').year[i];
  const g = s.name('full_name').given(i);
  return y > 0 && g >= 0 ? `${y}|${g}` : null;
}, CAP);
const byYearFamilyGiven = block((s, i) => {
  const y = s.date('dob').year[i];
  const n = s.name('full_name');
  return y > 0 && n.given(i) >= 0 ? `${y}|${n.family(i)}|${n.given(i)}` : null;
});
const concat = (a: CandidatePairs, b: CandidatePairs): CandidatePairs => {
  const pairsL = new Int32Array(a.count + b.count);
  const pairsR = new Int32Array(a.count + b.count);
  pairsL.set(a.pairsL);
  pairsL.set(b.pairsL, a.count);
  pairsR.set(a.pairsR);
  pairsR.set(b.pairsR, a.count);
  return { pairsL, pairsR, count: a.count + b.count };
};
const candidates = concat(byId, byYearGiven);
console.log(`candidate pairs: ${candidates.count} (${(candidates.count / right.size).toFixed(1)} per dose)`);

t = performance.now();
const rule = (name: string) => settings.blocking_rules.find((r) => r.name === name)!;
const trained = trainModel({
  settings,
  left,
  right,
  pairs: concat(byId, byYearFamilyGiven),
  sessions: [
    { ...byId, name: 'exact_id', fixed: fixedComparisonsForRule(settings, rule('exact_id')) },
    { ...byYearFamilyGiven, name: 'year_family_given', fixed: fixedComparisonsForRule(settings, rule('year_family_given')) },
  ],
});
console.log(
  `training: ${((performance.now() - t) / 1000).toFixed(1)} s (${trained.uSamplePairs} u pairs, sessions ${trained.sessions
    .map((s) => `${s.name} ${s.pairs} pairs/${s.patterns} patterns/${s.iterations} it`)
    .join(', ')}, λ ${trained.lambdaIterations} it)`,
);

t = performance.now();
const scorer = new Scorer(settings, trained.parameters, left, right);
console.log(`scorer ready (comparisons compiled, TF tables built) in ${(performance.now() - t).toFixed(0)} ms`);
const C = scorer.comparisonCount;
const weights = new Float64Array(BATCH);
const levels = new Uint8Array(BATCH * C);

function scoreAll(): void {
  for (let from = 0; from < candidates.count; from += BATCH) {
    const n = Math.min(BATCH, candidates.count - from);
    scorer.scorePairs(candidates.pairsL.subarray(from, from + n), candidates.pairsR.subarray(from, from + n), n, weights, levels);
  }
}

const bench = new Bench({ iterations: ITERATIONS, warmupIterations: 1 });
bench.add(`score ${candidates.count} pairs`, scoreAll);
await bench.run();
for (const task of bench.tasks) {
  const r = task.result;
  if (r === undefined || r.state !== 'completed') continue;
  const mean = r.latency.mean;
  const best = r.latency.min;
  console.log(
    `${task.name}: mean ${(mean / 1000).toFixed(2)} s (${((mean * 1e6) / candidates.count).toFixed(0)} ns/pair), best ${(best / 1000).toFixed(2)} s (${((best * 1e6) / candidates.count).toFixed(0)} ns/pair)`,
  );
}
