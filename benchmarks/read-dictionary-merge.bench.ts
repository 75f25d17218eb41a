/**
 * Merging the doses' name dictionary into the register's (`Dictionary.codesOf`, what adopting a
 * store read in a worker costs the main thread), in CPU time: the batched lookups with the other
 * dictionary's hashes against `internBytes` of each string in turn (the oracle; the codes are
 * checked equal). Both sides are read once with `loadSide` into dictionaries of their own; each
 * pass rebuilds the register's name dictionary (open, as it is when the doses arrive) and merges.
 * Run: `npx tsx benchmarks/read-dictionary-merge.bench.ts DIR [PASSES]` where DIR holds
 * registry.csv and doses.csv (e.g. /tmp/d1m); not part of `npm test`.
 */
import { Dictionary } from '../src/engine/column-dictionary.js';
import { loadSide } from '../src/engine/load-side.js';
import { FieldDictionaries } from '../src/engine/record-store.js';
import { loadSettings } from '../src/model/load-settings.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: read-dictionary-merge.bench.ts DIR [PASSES]');
const PASSES = Number(process.argv[3] ?? 5);
const settings = loadSettings(new URL('../presets/vn-vaccination.json', import.meta.url).pathname);
const field = settings.fields.find((f) => f.type === 'name')?.name;
if (field === undefined) throw new Error('the preset has no name field');

async function nameDictionary(side: 'left' | 'right'): Promise<Dictionary> {
  const dictionaries = FieldDictionaries.forSettings(settings);
  const source = `${dir}/${side === 'left' ? 'registry' : 'doses'}.csv`;
  await loadSide({ source, file: side, settings, side, dictionaries, onReject: () => {} });
  const d = dictionaries.get(field as string);
  d.freeze();
  return d;
}

/** An open copy of `d`: its strings interned in code order (same codes). */
function openCopy(d: Dictionary): Dictionary {
  const copy = new Dictionary(1024);
  for (let c = 0; c < d.size; c++) copy.internBytes(d.bytes, d.offsets[c], d.offsets[c + 1]);
  return copy;
}

function cpu<T>(run: () => T): [number, T] {
  const c0 = process.cpuUsage();
  const out = run();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, out];
}

const register = await nameDictionary('left');
const doses = await nameDictionary('right');
const batched: number[] = [];
const oneByOne: number[] = [];
for (let p = 0; p < PASSES; p++) {
  const first = openCopy(register);
  const [tb, a] = cpu(() => first.codesOf(doses));
  const second = openCopy(register);
  const [to, b] = cpu(() => Int32Array.from({ length: doses.size }, (_, c) => second.internBytes(doses.bytes, doses.offsets[c], doses.offsets[c + 1])));
  if (a.length !== b.length || a.some((code, c) => code !== b[c])) throw new Error('codesOf differs from interning one by one');
  batched.push(tb);
  oneByOne.push(to);
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(' ')})`;
console.log(`${dir}: register names ${register.size}, dose names ${doses.size}; codes equal both ways`);
console.log(`codesOf (batched)      ${fmt(batched)}`);
console.log(`internBytes one by one ${fmt(oneByOne)}`);
