/**
 * Jaro-Winkler throughput on folded Vietnamese full names, four implementations side by side:
 * talisman (the definition khớp follows), natural's JaroWinklerDistance (a different definition:
 * boost at every score, no rounding of transpositions), khớp's string API, and khớp's typed-array
 * kernel reading pre-encoded names from one pooled byte buffer (the engine's layout).
 * Run: `npx tsx benchmarks/jaro-winkler.bench.ts [--wall]` (not part of `npm test`).
 *
 * PAIRS seeded pairs of a folded name against: itself (10%), one typo (35%: wrong, dropped,
 * added or swapped letter), two typos (10%), the middle name dropped (15%), another person
 * (30%, same family name half the time). Each task scores the whole batch once per iteration;
 * pairs/s = PAIRS / mean batch time. Before timing, khớp's scores are checked equal to talisman's.
 *
 * Batch time is this process's CPU time (process.cpuUsage, GC threads included) unless --wall is
 * given: on a shared machine, wall time also counts the time other jobs hold the core, and since
 * the tasks run one after another that distorts their ratios. On an idle machine both agree.
 */
// natural's Jaro-Winkler module on its own: `import natural from 'natural'` also loads its storage
// back ends (mongoose, redis, pg …), which on this machine slowed every task in the process,
// talisman's and khớp's included, by 2–5×. The function is the same natural.JaroWinklerDistance.
import naturalJaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { Bench } from 'tinybench';
import { jaroWinkler, jaroWinklerCodes } from '../src/similarity/jaro-winkler.js';
import { rng } from './seeded-random.js';

const PAIRS = 4000;


const FAMILY: readonly [string, number][] = [
  ['nguyen', 35], ['tran', 11], ['le', 9], ['pham', 7], ['hoang', 3], ['huynh', 2], ['phan', 4.5],
  ['vu', 2], ['vo', 2], ['dang', 2], ['bui', 2], ['do', 1.5], ['ho', 1.5], ['ngo', 1.3], ['duong', 1],
  ['ly', 0.5], ['dinh', 1], ['truong', 1],
];
const MIDDLE = ['thi', 'thi', 'thi', 'van', 'van', 'van', 'ngoc', 'thanh', 'minh', 'duc', 'quoc', 'thu', 'kim', 'huu', 'xuan'];
const GIVEN = [
  'huong', 'lan', 'linh', 'trang', 'ha', 'hoa', 'thuy', 'nga', 'hong', 'mai', 'yen', 'vy', 'thao', 'huyen',
  'anh', 'tuan', 'dung', 'hung', 'cuong', 'long', 'nam', 'hai', 'son', 'thang', 'huy', 'phuc', 'nguyet',
];
const LETTERS = [...'abcdeghiklmnopqrstuvxy'];

function pickWeighted(r: () => number, items: readonly [string, number][]): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let u = r() * total;
  for (const [v, w] of items) if ((u -= w) < 0) return v;
  return items[items.length - 1][0];
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function fullName(r: () => number, family = pickWeighted(r, FAMILY)): string[] {
  const middles = r() < 0.1 ? [] : r() < 0.8 ? [pick(r, MIDDLE)] : [pick(r, MIDDLE), pick(r, MIDDLE)];
  const given = r() < 0.1 ? [pick(r, GIVEN), pick(r, GIVEN)] : [pick(r, GIVEN)];
  return [family, ...middles, ...given];
}

function typo(r: () => number, s: string): string {
  const i = Math.floor(r() * s.length);
  const kind = r();
  if (kind < 0.3) return s.slice(0, i) + pick(r, LETTERS) + s.slice(i + 1);
  if (kind < 0.55) return s.slice(0, i) + s.slice(i + 1);
  if (kind < 0.8) return s.slice(0, i) + pick(r, LETTERS) + s.slice(i);
  return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
}

function makePairs(n: number): [string, string][] {
  const r = rng(20_240_611);
  const pairs: [string, string][] = [];
  for (let k = 0; k < n; k++) {
    const tokens = fullName(r);
    const a = tokens.join(' ');
    const u = r();
    let b: string;
    if (u < 0.1) b = a;
    else if (u < 0.45) b = typo(r, a);
    else if (u < 0.55) b = typo(r, typo(r, a));
    else if (u < 0.7) b = tokens.length > 2 ? [tokens[0], ...tokens.slice(2)].join(' ') : typo(r, a);
    else b = fullName(r, r() < 0.5 ? tokens[0] : pickWeighted(r, FAMILY)).join(' ');
    pairs.push([a, b]);
  }
  return pairs;
}

const pairs = makePairs(PAIRS);
const left = pairs.map(([a]) => a);
const right = pairs.map(([, b]) => b);

// One byte buffer holding every name, with start/length columns, as the record store keeps them.
const starts = new Int32Array(PAIRS * 2);
const lengths = new Int32Array(PAIRS * 2);
const pool = new Uint8Array(pairs.reduce((s, [a, b]) => s + a.length + b.length, 0));
{
  let at = 0;
  pairs.flat().forEach((name, k) => {
    starts[k] = at;
    lengths[k] = name.length;
    for (let i = 0; i < name.length; i++) pool[at++] = name.charCodeAt(i);
  });
}

let naturalDiffers = 0;
for (let k = 0; k < PAIRS; k++) {
  const expected = talismanJaroWinkler(left[k], right[k]);
  const fromCodes = jaroWinklerCodes(pool, starts[2 * k], lengths[2 * k], pool, starts[2 * k + 1], lengths[2 * k + 1]);
  if (jaroWinkler(left[k], right[k]) !== expected || fromCodes !== expected) {
    throw new Error(`pair ${k}: khớp and talisman disagree`);
  }
  if (naturalJaroWinkler(left[k], right[k]) !== expected) naturalDiffers++;
}

const wallClock = process.argv.includes('--wall');
function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

let sink = 0;
const bench = new Bench({
  name: 'Jaro-Winkler on folded Vietnamese names',
  time: 1500,
  warmupTime: 300,
  ...(wallClock ? {} : { now: cpuMilliseconds }),
});
bench
  .add('talisman', () => {
    let s = 0;
    for (let k = 0; k < PAIRS; k++) s += talismanJaroWinkler(left[k], right[k]);
    sink += s;
  })
  .add('natural JaroWinklerDistance', () => {
    let s = 0;
    for (let k = 0; k < PAIRS; k++) s += naturalJaroWinkler(left[k], right[k]);
    sink += s;
  })
  .add('khớp jaroWinkler (strings)', () => {
    let s = 0;
    for (let k = 0; k < PAIRS; k++) s += jaroWinkler(left[k], right[k]);
    sink += s;
  })
  .add('khớp jaroWinklerCodes (pooled bytes)', () => {
    let s = 0;
    for (let k = 0; k < PAIRS; k++) {
      s += jaroWinklerCodes(pool, starts[2 * k], lengths[2 * k], pool, starts[2 * k + 1], lengths[2 * k + 1]);
    }
    sink += s;
  });

await bench.run();

const rows: { task: string; pairsPerSecond: number; rme: number }[] = [];
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`task ${task.name} did not complete (${result.state})`);
  rows.push({ task: task.name, pairsPerSecond: PAIRS / (result.period / 1000), rme: result.latency.rme });
}
const talismanRate = rows[0].pairsPerSecond;
const meanLength = pool.length / (PAIRS * 2);
console.log(
  `${PAIRS} pairs, mean name length ${meanLength.toFixed(1)}, ${wallClock ? 'wall' : 'CPU'} time; ` +
    `natural's score differs from talisman's on ${naturalDiffers} pairs`,
);
console.table(
  rows.map((r) => ({
    task: r.task,
    'pairs/s': Math.round(r.pairsPerSecond).toLocaleString('en-US'),
    '× talisman': (r.pairsPerSecond / talismanRate).toFixed(2),
    '± %': r.rme.toFixed(2),
  })),
);
if (Number.isNaN(sink)) console.log('unreachable: keeps the scores alive');
