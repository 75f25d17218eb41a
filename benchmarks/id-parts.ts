/**
 * The ID parts of a match job, each timed alone in CPU ms (user + sys, `process.cpuUsage`: the
 * machine is shared, wall time is noise) on a real data set: the ID-neighbourhood build over the
 * register's person IDs, the `id_one_edit` rule's lookups for every dose (as the candidate
 * generator calls them: `prepare` then `collect` per chunk of 256 doses), and the ID comparison's
 * levels of every candidate pair, in batches visited by left row as the scorer does
 * (pair-order.ts). A checksum of each part's output is printed, so two builds can be compared.
 *
 * Run: `npx tsx benchmarks/id-parts.ts [part ...]` with parts among build, collect, level (all by
 * default). Environment: ID_BENCH_DIR (a directory with registry.csv and doses.csv, default
 * /tmp/d300k), ID_BENCH_REPS (default 3; the job builds once, so the first build is the figure
 * that counts), ID_BENCH_DIST (a compiled tree, e.g. an older build's dist/, to time instead of
 * src/). Reading the two files takes most of the run (~12 s at 1M rows each).
 */
import { fileURLToPath } from 'node:url';

const dir = process.env.ID_BENCH_DIR ?? '/tmp/d300k';
const reps = Number(process.env.ID_BENCH_REPS ?? 3);
const root = process.env.ID_BENCH_DIST ?? fileURLToPath(new URL('../src', import.meta.url));
const parts = process.argv.length > 2 ? process.argv.slice(2) : ['build', 'collect', 'level'];
const ext = process.env.ID_BENCH_DIST === undefined ? '.ts' : '.js';
const load = (path: string) => import(`${root}/${path}${ext}`);

const { loadSide } = await load('engine/load-side');
const { FieldDictionaries } = await load('engine/record-store');
const { loadSettings } = await load('model/load-settings');
const { compileComparisons } = await load('model/comparisons');
const { localityOrder } = await load('model/pair-order');
const { BlockingPlan } = await load('blocking/blocking-plan');
const { CandidateBuffer } = await load('blocking/candidates');
const { IdNeighbourhood } = await load('blocking/id-neighbourhood');
const { IdOneEditRule } = await load('blocking/id-one-edit-rule');
const { RowBuffer } = await load('blocking/row-buffer');
const { RuleCounters } = await load('blocking/candidate-rule');

const settings = loadSettings(fileURLToPath(new URL('../presets/vn-vaccination.json', import.meta.url)));
const dictionaries = FieldDictionaries.forSettings(settings);
const side = async (file: string, which: 'left' | 'right') =>
  (await loadSide({ source: `${dir}/${file}`, file, settings, side: which, dictionaries, onReject: () => {} })).builder;
const leftBuilder = await side('registry.csv', 'left');
const rightBuilder = await side('doses.csv', 'right');
dictionaries.freeze();
const left = leftBuilder.freeze();
const right = rightBuilder.freeze();
const slots = (store: typeof left) => {
  const c = store.id('citizen_id');
  return { digits: c.digits, length: c.length, slot: 13 };
};

function cpuMs<T>(f: () => T): [number, T] {
  const c0 = process.cpuUsage();
  const result = f();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, result];
}

function report(part: string, runs: [number, unknown][]): void {
  console.log(`${part.padEnd(8)} ${runs.map(([ms]) => `${ms.toFixed(0)} ms`).join('  ')}   (output ${String(runs[0][1])})`);
}

console.log(`${root}: ${dir}, ${left.size} register × ${right.size} doses`);

if (parts.includes('build')) {
  const runs: [number, unknown][] = [];
  for (let r = 0; r < reps; r++) runs.push(cpuMs(() => IdNeighbourhood.build(slots(left)).entryCount));
  report('build', runs);
}

if (parts.includes('collect')) {
  const rule = IdOneEditRule.build({ name: 'id_one_edit', leftIds: slots(left), rightIds: slots(right), maxBlockSize: 50 });
  const out = new RowBuffer(1024);
  const counters = new RuleCounters();
  const runs: [number, unknown][] = [];
  for (let r = 0; r < reps; r++) {
    runs.push(
      cpuMs(() => {
        let pairs = 0;
        let sum = 0;
        for (let from = 0; from < right.size; from += 256) {
          const to = Math.min(right.size, from + 256);
          rule.prepare?.(from, to);
          for (let j = from; j < to; j++) {
            out.clear();
            rule.collect(j, out, counters);
            pairs += out.length;
            for (let p = 0; p < out.length; p++) sum = (sum + Math.imul(out.rows[p], j + 1)) | 0;
          }
        }
        return `${pairs} pairs, sum ${sum}`;
      }),
    );
  }
  report('collect', runs);
}

if (parts.includes('level')) {
  // Every candidate pair of the preset's blocking, batch by batch of 8192 doses (a match task).
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const generator = plan.generator();
  const candidates = new CandidateBuffer();
  const comparison = compileComparisons(settings).find((c: { name: string }) => c.name === 'citizen_id');
  const batches: [Int32Array, Int32Array][] = [];
  for (let from = 0; from < right.size; from += 8192) {
    const to = Math.min(right.size, from + 8192);
    generator.generate(from, to, candidates);
    const n = candidates.pairCount;
    const order = new Int32Array(n);
    localityOrder(candidates.lefts, n, left.size, order);
    const pairsL = new Int32Array(n);
    const pairsR = new Int32Array(n);
    let k = 0;
    for (let j = from; j < to; j++) for (let p = candidates.start(j); p < candidates.end(j); p++) pairsR[k++] = j;
    const rightOf = pairsR.slice();
    for (let q = 0; q < n; q++) {
      pairsL[q] = candidates.lefts[order[q]];
      pairsR[q] = rightOf[order[q]];
    }
    batches.push([pairsL, pairsR]);
  }
  const levels = new Uint8Array(Math.max(...batches.map(([l]) => l.length)));
  const runs: [number, unknown][] = [];
  for (let r = 0; r < reps; r++) {
    let ms = 0;
    let sum = 0;
    let pairs = 0;
    for (const [pairsL, pairsR] of batches) {
      ms += cpuMs(() => comparison.levelsOf(left, right, pairsL, pairsR, pairsL.length, levels, 1, 0))[0];
      for (let q = 0; q < pairsL.length; q++) sum = (Math.imul(sum, 7) + levels[q]) | 0;
      pairs += pairsL.length;
    }
    runs.push([ms, `${pairs} pairs, sum ${sum}`]);
  }
  report('level', runs);
}
