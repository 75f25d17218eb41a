/**
 * The blocking parts of a match job, each timed alone in CPU ms (user + sys, `process.cpuUsage`:
 * the machine is shared, wall time is noise) on a real data set with the preset's rules, one
 * thread: the register-side indexes (`prebuild`: `prebuildLeft`, i.e. key indexes, refine
 * indexes and the ID-neighbourhood index; `idBuild`: that last one alone), the plan's completion
 * with the doses' keys (`plan`, whose output is the plan's bytes), candidate generation for every
 * dose in ranges of 8192 (`generate`, as a match task does), and every 10th dose's candidates,
 * training's pattern (`rowByRow`: one `generate` per dose; `strided`: one `generateStrided` call
 * per 16,380 rows, i.e. 1,638 sampled rows a call, where training calls it for 16,384 sampled
 * rows: the lookups are batched the same way, only the calls are more). A checksum of each part's output is printed, so that builds can be compared.
 *
 * Several compiled trees can be timed in one process, their runs interleaved (tree A, tree B,
 * tree A, …), so that what else runs on a shared machine weighs on all of them alike: each tree
 * reads the data with its own code, then every part is timed tree by tree, rep by rep. A tree
 * must sit in a directory whose package.json says "type": "module" (else tsx transpiles it
 * again, and the timings are not the compiled code's).
 *
 * Run: `npx tsx benchmarks/blocking-parts.ts [part ...]` with parts among prebuild, idBuild,
 * plan, generate, rowByRow, strided (all but idBuild by default). Environment:
 * BLOCKING_PARTS_DIR (a directory with registry.csv and doses.csv, default /tmp/d300k),
 * BLOCKING_PARTS_REPS (default 3), BLOCKING_PARTS_DIST (compiled trees, comma-separated, e.g. a
 * session-start build's dist/ and this one's; default src/). Reading the files takes most of
 * the run (~1 min per tree at 1M).
 */
import { fileURLToPath } from 'node:url';

const dir = process.env.BLOCKING_PARTS_DIR ?? '/tmp/d300k';
const reps = Number(process.env.BLOCKING_PARTS_REPS ?? 3);
const roots = process.env.BLOCKING_PARTS_DIST?.split(',') ?? [fileURLToPath(new URL('../src', import.meta.url))];
const ext = process.env.BLOCKING_PARTS_DIST === undefined ? '.ts' : '.js';
const parts = process.argv.length > 2 ? process.argv.slice(2) : ['prebuild', 'plan', 'generate', 'rowByRow', 'strided'];
const settingsPath = fileURLToPath(new URL('../presets/vn-vaccination.json', import.meta.url));

function cpuMs<T>(f: () => T): [number, T] {
  const c0 = process.cpuUsage();
  const result = f();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, result];
}

/** One compiled tree with the data read by its own code, and a function per part (ms, checksum). */
async function setUp(root: string): Promise<Record<string, () => [number, string]>> {
  const load = (path: string) => import(`${root}/${path}${ext}`);
  const { loadSide } = await load('engine/load-side');
  const { FieldDictionaries } = await load('engine/record-store');
  const { loadSettings } = await load('model/load-settings');
  const { BlockingPlan, prebuildLeft } = await load('blocking/blocking-plan');
  const { CandidateBuffer } = await load('blocking/candidates');
  const { IdNeighbourhood } = await load('blocking/id-neighbourhood');
  const { digitSlots } = await load('blocking/key-expressions');
  const settings = loadSettings(settingsPath);
  const dictionaries = FieldDictionaries.forSettings(settings);
  const side = async (file: string, which: 'left' | 'right') =>
    (await loadSide({ source: `${dir}/${file}`, file, settings, side: which, dictionaries, onReject: () => {} })).builder;
  const leftBuilder = await side('registry.csv', 'left');
  const rightBuilder = await side('doses.csv', 'right');
  dictionaries.freeze();
  const left = leftBuilder.freeze();
  const right = rightBuilder.freeze();
  const rules = settings.blocking_rules;
  let prebuilt = prebuildLeft(rules, left);
  const plan = BlockingPlan.build(rules, left, right, prebuilt);
  const generator = plan.generator();
  const buf = new CandidateBuffer(1 << 16, 1 << 12);
  console.log(`${root}: ${dir}, ${left.size} register × ${right.size} doses`);
  return {
    prebuild: () =>
      cpuMs(() => {
        prebuilt = prebuildLeft(rules, left);
        let sum = 0;
        for (const e of prebuilt.equal.values()) {
          sum = (sum + e.index.blockCount + e.index.rowCount) | 0;
          for (const x of e.refine) sum = (sum + x.blockCount) | 0;
        }
        for (const n of prebuilt.neighbourhoods.values()) sum = (sum + n.entryCount) | 0;
        return `sum ${sum}`;
      }),
    idBuild: () => cpuMs(() => `${IdNeighbourhood.build(digitSlots(left, 'citizen_id.digits')).entryCount} entries`),
    // The output is the plan's own bytes (indexes and key arrays), which the trees may lay out differently.
    plan: () => cpuMs(() => `${BlockingPlan.build(rules, left, right, prebuilt).rules.reduce((sum: number, r: { byteLength: number }) => sum + r.byteLength, 0)} bytes`),
    generate: () => {
      // Only the generation is timed, not the checksum.
      let ms = 0;
      let pairs = 0;
      let sum = 0;
      for (let from = 0; from < right.size; from += 8192) {
        const to = Math.min(right.size, from + 8192);
        ms += cpuMs(() => generator.generate(from, to, buf))[0];
        pairs += buf.pairCount;
        for (let p = 0; p < buf.pairCount; p++) sum = (Math.imul(sum, 31) + buf.lefts[p] * 33 + buf.masks[p]) | 0;
        for (let j = 0; j <= buf.rightCount; j++) sum = (Math.imul(sum, 7) + buf.offsets[j]) | 0;
      }
      return [ms, `${pairs} pairs, sum ${sum}`];
    },
    // Every 10th dose: one generate call per dose (what a tree without generateStrided can do),
    // then, when the tree has it, one generateStrided call per 16380 rows.
    rowByRow: () => {
      let pairs = 0;
      const [ms] = cpuMs(() => {
        for (let j = 0; j < right.size; j += 10) {
          generator.generate(j, j + 1, buf);
          pairs += buf.pairCount;
        }
      });
      return [ms, `${pairs} pairs`];
    },
    strided: () => {
      if (generator.generateStrided === undefined) return [NaN, 'no generateStrided'];
      let pairs = 0;
      const [ms] = cpuMs(() => {
        for (let from = 0; from < right.size; from += 16380) {
          generator.generateStrided(from, Math.min(right.size, from + 16380), 10, buf);
          pairs += buf.pairCount;
        }
      });
      return [ms, `${pairs} pairs`];
    },
  };
}

const trees: Record<string, () => [number, string]>[] = [];
for (const root of roots) trees.push(await setUp(root));
for (const part of parts) {
  const runs: [number, string][][] = roots.map(() => []);
  for (let r = 0; r < reps; r++) trees.forEach((t, k) => runs[k].push(t[part]()));
  roots.forEach((root, k) => {
    const ms = runs[k].map(([m]) => m);
    console.log(`${part.padEnd(9)} ${root.padEnd(24)} min ${Math.min(...ms).toFixed(0).padStart(5)} ms  runs ${ms.map((m) => m.toFixed(0)).join(' ')}  (${runs[k][0][1]})`);
  });
}
