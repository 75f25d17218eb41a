/**
 * Blocking at the design's scale: index builds and candidate generation on 1M register persons
 * and 1M doses. Run: `npx tsx benchmarks/blocking.bench.ts` (not part of `npm test`; one thread,
 * a few minutes).
 *
 * Data (seeded, synthetic, as codes: the normalizer and record store have their own benchmarks):
 * register persons with a 12-digit ID (PPP G YY NNNNNN), 40 % with a 9-digit old ID, family
 * names with the shares of DESIGN.md, 20 middle and 300 given names (Zipf), birth years
 * 1940-2015, 63 provinces. Each dose belongs to a register person drawn at random and carries
 * the damage the design notes describe: ID 75 % exact, 8 % one edit, 5 % old ID, 4 % a
 * relative's, 8 % empty; name 5 % family damaged, 3 % order swapped, 3 % middle dropped; dob
 * 20 % year only, 5 % day/month swapped, 5 % year off by one; 20 % vaccinated in another province.
 *
 * Rules: exact ID, old ID, ID one edit (cap 50), and four name rules capped at CAP (default 30)
 * with refine keys {day, month} and province (year for name_province): year + family + given,
 * year + given + middle, year + token set, full name + province. Figures: wall and CPU ms per
 * build (the machine is shared: CPU time is the steadier figure), bytes per structure, pairs,
 * pairs/s and rows/s of generation, recall against the known truth, the pairs each name rule would
 * give without a cap, and micro-benchmarks (tinybench) of lookups and the one-edit check.
 *
 * Environment: BLOCKING_BENCH_N (persons, default 1M), BLOCKING_BENCH_GEN_ROWS (doses to generate
 * candidates for, default all), BLOCKING_BENCH_CAP (default 30), BLOCKING_BENCH_MICRO=0 to skip
 * the micro-benchmarks.
 */
import { Bench } from 'tinybench';
import { RuleCounters } from '../src/blocking/candidate-rule.js';
import { CandidateBuffer, CandidateGenerator } from '../src/blocking/candidates.js';
import { EqualRule } from '../src/blocking/equal-rule.js';
import { EDIT_OTHER, idEditKindBytes } from '../src/blocking/id-edit-bytes.js';
import { IdNeighbourhood, type DigitSlots } from '../src/blocking/id-neighbourhood.js';
import { IdOneEditRule } from '../src/blocking/id-one-edit-rule.js';
import { combineKeyArrays } from '../src/blocking/key-combine.js';
import { KeyIndex } from '../src/blocking/key-index.js';
import { BlockingTally } from '../src/blocking/report.js';
import { RowBuffer } from '../src/blocking/row-buffer.js';
import { idEditKind } from '../src/similarity/id-edit-kind.js';
import { rng } from './seeded-random.js';

const N = Number(process.env.BLOCKING_BENCH_N ?? 1_000_000);
/** Right rows to generate candidates for (all by default); block sizes depend on N only. */
const GEN_ROWS = Number(process.env.BLOCKING_BENCH_GEN_ROWS ?? N);
/** max_block_size of the name rules. */
const CAP = Number(process.env.BLOCKING_BENCH_CAP ?? 30);
const MICRO = process.env.BLOCKING_BENCH_MICRO !== '0';
const SLOT = 13;

const r = rng(20211231);

function sampler(weights: number[]): () => number {
  const cum = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, k) => (cum[k] = s += w));
  return () => {
    const x = r() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
const family = sampler([34, 11, 9, 7, 3, 2, 4.5, 2, 2, 2, 2, 1.5, 1.5, 1.3, 1, 0.5]);
const middle = sampler(Array.from({ length: 20 }, (_, k) => 1 / (k + 1)));
const given = sampler(Array.from({ length: 300 }, (_, k) => 1 / (k + 1)));
const int = (n: number): number => Math.floor(r() * n);

// Token codes in disjoint ranges (family < 100 ≤ middle < 200 ≤ given), as one dictionary would give.
const FAMILY_BASE = 0;
const MIDDLE_BASE = 100;
const GIVEN_BASE = 200;
const DAMAGED_FAMILY = 999;

interface Side {
  ids: DigitSlots;
  oldIds?: DigitSlots;
  year: Int32Array;
  dayMonth: Int32Array;
  family: Int32Array;
  middle: Int32Array;
  given: Int32Array;
  province: Int32Array;
}

function emptySide(n: number, withOld: boolean): Side {
  const slots = (): DigitSlots => ({ digits: new Uint8Array(n * SLOT), length: new Uint8Array(n), slot: SLOT });
  return {
    ids: slots(),
    oldIds: withOld ? slots() : undefined,
    year: new Int32Array(n),
    dayMonth: new Int32Array(n),
    family: new Int32Array(n),
    middle: new Int32Array(n),
    given: new Int32Array(n),
    province: new Int32Array(n),
  };
}

function writeId(s: DigitSlots, i: number, text: string): void {
  s.length[i] = text.length;
  for (let k = 0; k < text.length && k < SLOT; k++) s.digits[i * SLOT + k] = text.charCodeAt(k);
}

function idText(s: DigitSlots, i: number): string {
  let out = '';
  for (let k = 0; k < s.length[i]; k++) out += String.fromCharCode(s.digits[i * SLOT + k]);
  return out;
}

const dm = (d: number, m: number): number => Math.min(d, m) * 32 + Math.max(d, m);

function oneEdit(id: string): string {
  const i = int(id.length - 1);
  const d = String(int(10));
  switch (int(4)) {
    case 0:
      return id.slice(0, i) + (d === id[i] ? String((+d + 1) % 10) : d) + id.slice(i + 1);
    case 1:
      return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
    case 2: {
      const dropped = id.slice(0, i) + id.slice(i + 1);
      return dropped.length === 11 ? `0${dropped}` : dropped; // parse-id pads an 11-digit ID
    }
    default:
      return id.slice(0, i) + d + id.slice(i);
  }
}

const t0 = performance.now();
const L = emptySide(N, true);
const provinceCodes = Array.from({ length: 63 }, (_, k) => 1 + Math.floor((k * 95) / 62));
for (let i = 0; i < N; i++) {
  const year = 1940 + int(76);
  const female = r() < 0.5;
  const p = int(63);
  const g = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  writeId(L.ids, i, `${String(provinceCodes[p]).padStart(3, '0')}${g}${String(year % 100).padStart(2, '0')}${String(int(1e6)).padStart(6, '0')}`);
  if (r() < 0.4) writeId(L.oldIds!, i, String(100_000_000 + int(899_999_999)));
  L.year[i] = year;
  L.dayMonth[i] = dm(1 + int(28), 1 + int(12));
  L.family[i] = FAMILY_BASE + family();
  L.middle[i] = MIDDLE_BASE + middle();
  L.given[i] = GIVEN_BASE + given();
  L.province[i] = p;
}
const R = emptySide(N, false);
const truth = new Int32Array(N);
for (let j = 0; j < N; j++) {
  const t = int(N);
  truth[j] = t;
  const id = idText(L.ids, t);
  const x = r();
  if (x < 0.75) writeId(R.ids, j, id);
  else if (x < 0.83) writeId(R.ids, j, oneEdit(id));
  else if (x < 0.88) writeId(R.ids, j, L.oldIds!.length[t] > 0 ? idText(L.oldIds!, t) : id);
  else if (x < 0.92) writeId(R.ids, j, idText(L.ids, int(N)));
  // else: empty
  R.family[j] = L.family[t];
  R.middle[j] = L.middle[t];
  R.given[j] = L.given[t];
  const y = r();
  if (y < 0.05) R.family[j] = DAMAGED_FAMILY;
  else if (y < 0.08) [R.family[j], R.given[j]] = [L.given[t], L.family[t]]; // order swapped
  else if (y < 0.11) R.middle[j] = -1;
  R.year[j] = L.year[t];
  R.dayMonth[j] = L.dayMonth[t]; // a day/month swap keeps the unordered key
  const z = r();
  if (z < 0.2) R.dayMonth[j] = -1;
  else if (z < 0.25) R.year[j] += r() < 0.5 ? 1 : -1;
  R.province[j] = r() < 0.8 ? L.province[t] : int(63);
}
console.log(`data: ${N} register persons, ${N} doses, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

function idKeys(s: DigitSlots): Float64Array {
  const n = s.length.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const len = s.length[i];
    if (len === 0) continue;
    let v = 0;
    for (let k = 0; k < len; k++) v = v * 10 + (s.digits[i * SLOT + k] - 48);
    out[i] = len * 1e13 + v;
  }
  return out;
}

/** Key of the sorted token codes: the three codes sorted, packed exactly. */
function tokenSet(s: Side): Float64Array {
  const n = s.year.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = [s.family[i], s.middle[i], s.given[i]].filter((x) => x >= 0).sort((p, q) => p - q);
    a[i] = v[0];
    b[i] = v[1];
    c[i] = v.length > 2 ? v[2] : 1023;
  }
  return combineKeyArrays([a, b, c], [1024, 1024, 1024]);
}

const YEAR = 1 << 15;
const CODE = 1024;
const keys = (s: Side) => ({
  id: idKeys(s.ids),
  old: s.oldIds ? idKeys(s.oldIds) : null,
  yfg: combineKeyArrays([s.year, s.family, s.given], [YEAR, CODE, CODE]),
  ygm: combineKeyArrays([s.year, s.given, s.middle], [YEAR, CODE, CODE]),
  yts: combineKeyArrays([s.year, tokenSet(s)], [YEAR, CODE ** 3]),
  np: combineKeyArrays([s.family, s.middle, s.given, s.province], [CODE, CODE, CODE, 64]),
});
const LK = keys(L);
const RK = keys(R);

/** Wall time and this process's CPU time: the machine is shared, CPU time is the steadier figure. */
function timed<T>(label: string, f: () => T): T {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const out = f();
  const used = process.cpuUsage(cpu);
  console.log(`${label.padEnd(56)} ${(performance.now() - start).toFixed(0).padStart(6)} ms wall, ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms cpu`);
  return out;
}

const MB = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MB`;
const before = process.memoryUsage();
const dayMonth = { leftKeys: L.dayMonth, rightKeys: R.dayMonth };
const province = { leftKeys: L.province, rightKeys: R.province };
const year = { leftKeys: L.year, rightKeys: R.year };
const rules = [
  timed('build exact_id (KeyIndex, 1M unique Float64 IDs)', () => EqualRule.build({ name: 'exact_id', leftKeys: LK.id, rightKeys: RK.id })),
  timed('build old_id (KeyIndex, 400k 9-digit IDs)', () => EqualRule.build({ name: 'old_id', leftKeys: LK.old!, rightKeys: RK.id })),
  timed('build id_one_edit (deletion neighbourhood, 1M IDs)', () =>
    IdOneEditRule.build({ name: 'id_one_edit', leftIds: L.ids, rightIds: R.ids, maxBlockSize: 50 }),
  ),
  timed('build year_family_given (KeyIndex + 2 refine indexes)', () =>
    EqualRule.build({ name: 'year_family_given', leftKeys: LK.yfg, rightKeys: RK.yfg, maxBlockSize: CAP, refine: [dayMonth, province] }),
  ),
  timed('build year_given_middle (KeyIndex + 2 refine indexes)', () =>
    EqualRule.build({ name: 'year_given_middle', leftKeys: LK.ygm, rightKeys: RK.ygm, maxBlockSize: CAP, refine: [dayMonth, province] }),
  ),
  timed('build year_token_set (KeyIndex + 2 refine indexes)', () =>
    EqualRule.build({ name: 'year_token_set', leftKeys: LK.yts, rightKeys: RK.yts, maxBlockSize: CAP, refine: [dayMonth, province] }),
  ),
  timed('build name_province (KeyIndex + 2 refine indexes)', () =>
    EqualRule.build({ name: 'name_province', leftKeys: LK.np, rightKeys: RK.np, maxBlockSize: CAP, refine: [dayMonth, year] }),
  ),
];
const after = process.memoryUsage();
for (const rule of rules) console.log(`  ${rule.name.padEnd(20)} ${MB(rule.byteLength)}`);
console.log(`  process: rss +${MB(after.rss - before.rss)}, arrayBuffers +${MB(after.arrayBuffers - before.arrayBuffers)}`);
const neighbourhood = (rules[2] as IdOneEditRule).neighbourhood;
console.log(`  id_one_edit: ${neighbourhood.entryCount} variants, ${(neighbourhood.entryCount / N).toFixed(2)} per ID`);

const rightKeysOf = [null, null, null, RK.yfg, RK.ygm, RK.yts, RK.np];
rules.forEach((rule, k) => {
  const rk = rightKeysOf[k];
  if (rk === null) return;
  const index = (rule as EqualRule).index;
  let uncapped = 0;
  for (let j = 0; j < GEN_ROWS; j++) uncapped += index.countOf(rk[j]);
  console.log(`  ${rule.name.padEnd(20)} ${index.blockCount} blocks, largest ${index.largestBlock()}, uncapped ${(uncapped / 1e6).toFixed(1)} M pairs`);
});

// Candidate generation, one thread, ranges of 64k right rows as a worker would take them.
const gen = new CandidateGenerator(rules, N);
const buffer = new CandidateBuffer(1 << 20, 1 << 16);
const tally = new BlockingTally(gen.ruleNames, N, truth);
const genStart = performance.now();
const genCpu = process.cpuUsage();
let tallyMs = 0;
for (let s = 0; s < GEN_ROWS; s += 1 << 16) {
  gen.generate(s, Math.min(GEN_ROWS, s + (1 << 16)), buffer);
  const t = performance.now();
  tally.add(buffer);
  tallyMs += performance.now() - t;
}
const genCpuUsed = process.cpuUsage(genCpu);
const genCpuMs = (genCpuUsed.user + genCpuUsed.system) / 1000 - tallyMs;
const genMs = performance.now() - genStart - tallyMs;
tally.addCounters(gen.counters);
const report = tally.report();
console.log(
  `generate ${GEN_ROWS} right rows, ${rules.length} rules, cap ${CAP}: ${genMs.toFixed(0)} ms wall, ~${genCpuMs.toFixed(0)} ms cpu, ` +
    `${(report.pairs / 1e6).toFixed(2)} M pairs (${(report.pairs / genCpuMs / 1e3).toFixed(2)} M pairs/s, ${(GEN_ROWS / genCpuMs / 1e3).toFixed(3)} M rows/s of cpu), ` +
    `mean ${report.meanCandidatesPerRow.toFixed(1)}, max ${report.maxCandidatesPerRow} per row`,
);
console.log(`recall ${(report.recall! * 100).toFixed(2)} % of ${report.rowsWithTruth} doses`);
for (const rr of report.rules) {
  console.log(
    `  ${rr.name.padEnd(20)} pairs ${String(rr.pairs).padStart(9)}  unique ${String(rr.uniquePairs).padStart(8)}  ` +
      `recall ${(rr.recall! * 100).toFixed(2).padStart(6)} %  oversized rows ${rr.oversizedRows}, dropped ${rr.droppedRows}, sub-blocks skipped ${rr.oversizedSubBlocks}`,
  );
}

// The reference generator (per-left-row masks, no prepare) on the same ranges: its time, and a
// check that the fast path's pairs and masks are identical to it.
{
  const ref = new CandidateGenerator(rules, N, { reference: true });
  const fast = new CandidateGenerator(rules, N);
  const a = new CandidateBuffer(1 << 20, 1 << 16);
  const b = new CandidateBuffer(1 << 20, 1 << 16);
  let refCpu = 0;
  let fastCpu = 0;
  for (let s = 0; s < GEN_ROWS; s += 1 << 16) {
    const e = Math.min(GEN_ROWS, s + (1 << 16));
    let c = process.cpuUsage();
    ref.generate(s, e, b);
    let u = process.cpuUsage(c);
    refCpu += (u.user + u.system) / 1000;
    c = process.cpuUsage();
    fast.generate(s, e, a);
    u = process.cpuUsage(c);
    fastCpu += (u.user + u.system) / 1000;
    const same =
      a.pairCount === b.pairCount &&
      a.offsets.subarray(0, a.rightCount + 1).every((v, k) => v === b.offsets[k]) &&
      a.lefts.subarray(0, a.pairCount).every((v, k) => v === b.lefts[k]) &&
      a.masks.subarray(0, a.pairCount).every((v, k) => v === b.masks[k]);
    if (!same) throw new Error(`fast and reference generators differ in rows [${s}, ${e})`);
  }
  console.log(`generate, interleaved per range: reference ${refCpu.toFixed(0)} ms cpu, fast ${fastCpu.toFixed(0)} ms cpu, output identical`);
}
if (!MICRO) process.exit(0);

// Micro-benchmarks: lookups and the one-edit verification (bytes vs strings).
const idIndex = (rules[0] as EqualRule).index;
const probes = RK.id;
const out = new RowBuffer(64);
const counters = new RuleCounters();
const M = 200_000;
// Each dose against its own register person: IDs equal or near, so the check reads every digit.
const pairsR = Int32Array.from({ length: M }, () => int(N));
const pairsL = pairsR.map((j) => truth[j]);
let sink = 0;
const bench = new Bench({ time: 1500, iterations: 5 });
bench
  .add('KeyIndex.build, 1M keys (year×family×given packed)', () => {
    sink += KeyIndex.build(LK.yfg).blockCount;
  })
  .add('KeyIndex.find ×1M (dose IDs)', () => {
    for (let j = 0; j < N; j++) sink += idIndex.find(probes[j]);
  })
  .add('IdNeighbourhood.build, 1M 12-digit IDs', () => {
    sink += IdNeighbourhood.build(L.ids).entryCount;
  })
  .add('IdNeighbourhood.collect ×200k dose IDs', () => {
    for (let j = 0; j < M; j++) {
      out.clear();
      rules[2].collect(j, out, counters);
      sink += out.length;
    }
  })
  .add('one-edit check ×200k, idEditKindBytes on slots', () => {
    for (let k = 0; k < M; k++) {
      const i = pairsL[k];
      const j = pairsR[k];
      if (idEditKindBytes(L.ids.digits, i * SLOT, L.ids.length[i], R.ids.digits, j * SLOT, R.ids.length[j]) !== EDIT_OTHER) sink++;
    }
  })
  .add('one-edit check ×200k, idEditKind on strings read from slots', () => {
    for (let k = 0; k < M; k++) if (idEditKind(idText(L.ids, pairsL[k]), idText(R.ids, pairsR[k])) !== 'other') sink++;
  });
await bench.run();
for (const task of bench.tasks) {
  const res = task.result;
  if (res.state !== 'completed') {
    console.log(`${task.name}: ${res.state}`);
    continue;
  }
  console.log(`${task.name.padEnd(60)} mean ${res.latency.mean.toFixed(1).padStart(7)} ms  min ${res.latency.min.toFixed(1).padStart(7)} ms  rme ${res.latency.rme.toFixed(1)}%`);
}
if (sink === 42) console.log('');
