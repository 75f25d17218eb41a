/**
 * Throughput of the legacy-font and input-method repair: the fast path on clean names (every token
 * a valid syllable: one automaton scan) and the slow path on damaged names, per kind of damage.
 * Run: `npx tsx benchmarks/repair-mojibake.bench.ts` (not part of `npm test`).
 *
 * Each task repairs a fixed batch of BATCH names built from the name lists of
 * test/normalize/arbitraries.ts with a seeded generator; names/s = BATCH / mean batch time.
 * "clean" mixes display form, ALL CAPS, no diacritics and the modern tone style; "realistic" is
 * clean with 1% legacy-font damage, the share DESIGN.md reports.
 */
import { Bench } from 'tinybench';
import { encodeUtf8AsCp1252 } from '../src/normalize/cp1252.js';
import { encodeTelex, encodeViqr } from '../src/normalize/input-method.js';
import { repairMojibake } from '../src/normalize/repair-mojibake.js';
import { encodeTcvn3 } from '../src/normalize/tcvn3.js';
import { placeTones } from '../src/normalize/tone-placement.js';
import { encodeVni } from '../src/normalize/vni.js';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, withoutDiacritics } from '../test/normalize/arbitraries.js';
import { rng } from './seeded-random.js';

const BATCH = 10_000;


const r = rng(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const name = (): string => [pick(FAMILY_NAMES), pick(MIDDLE_NAMES), pick(GIVEN_NAMES)].join(' ');
const written = [(s: string) => s, (s: string) => s.toUpperCase(), withoutDiacritics, (s: string) => placeTones(s, 'modern')];
const batch = (f: () => string): string[] => Array.from({ length: BATCH }, f);

const clean = batch(() => pick(written)(name()));
const realistic = batch(() => (r() < 0.01 ? pick([encodeTcvn3, encodeVni, encodeUtf8AsCp1252])(name()) : pick(written)(name())));
const damaged: [string, string[]][] = [
  ['TCVN3', batch(() => encodeTcvn3(name()))],
  ['VNI', batch(() => encodeVni(name()))],
  ['UTF-8 as Windows-1252', batch(() => encodeUtf8AsCp1252(name()))],
  ['Telex', batch(() => encodeTelex(name()))],
  ['VIQR', batch(() => encodeViqr(name()))],
];

let sink = 0;
const bench = new Bench({ time: 1000 });
const addBatch = (label: string, names: string[]): void => {
  bench.add(label, () => {
    for (let i = 0; i < BATCH; i++) sink += repairMojibake(names[i]).text.length;
  });
};
addBatch('clean names (fast path)', clean);
addBatch('realistic: clean + 1% legacy font', realistic);
for (const [label, names] of damaged) addBatch(`damaged: ${label}`, names);

await bench.run();

console.table(
  bench.tasks.map((t) => {
    const res = t.result;
    const meanMs = res !== undefined && 'latency' in res ? res.latency.mean : Number.NaN;
    return {
      task: t.name,
      'names/s': Math.round((BATCH / meanMs) * 1000).toLocaleString('en-US'),
      'ns/name': ((meanMs * 1e6) / BATCH).toFixed(0),
    };
  }),
);
if (sink === 42) console.log(''); // keeps the work observable
