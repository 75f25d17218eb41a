/**
 * Reading one side (CSV → record store), in CPU time: the whole of `loadSide`, and the name
 * column alone (the largest share), each with the raw-name memo (the default build) and without
 * it (every cell normalized and its joined forms interned: the tests' oracle).
 * Run: `npx tsx benchmarks/read-side.bench.ts DIR` where DIR holds registry.csv and doses.csv
 * (e.g. from `khop generate`); not part of `npm test`. One thread; CPU time is the figure to read
 * on a shared machine (wall time is printed too).
 *
 * Environment: READ_BENCH_RUNS (loads per side and mode, default 3), READ_BENCH_NAMES (names for
 * the name-column micro-benchmark, default 50,000, taken from the doses).
 */
import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { Dictionary } from '../src/engine/column-dictionary.js';
import { NameColumnBuilder } from '../src/engine/column-name.js';
import { loadSide } from '../src/engine/load-side.js';
import { FieldDictionaries } from '../src/engine/record-store.js';
import { loadSettings } from '../src/model/load-settings.js';
import { fieldColumn } from '../src/model/settings-schema.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: read-side.bench.ts DIR (holding registry.csv and doses.csv)');
const RUNS = Number(process.env.READ_BENCH_RUNS ?? 3);
const NAMES = Number(process.env.READ_BENCH_NAMES ?? 50_000);
const settings = loadSettings(new URL('../presets/vn-vaccination.json', import.meta.url).pathname);

async function cpuOfLoad(side: 'left' | 'right', memo: boolean): Promise<{ wall: number; cpu: number; rows: number }> {
  NameColumnBuilder.memo = memo;
  const dictionaries = FieldDictionaries.forSettings(settings);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const loaded = await loadSide({
    source: `${dir}/${side === 'left' ? 'registry' : 'doses'}.csv`,
    file: side,
    settings,
    side,
    dictionaries,
    onReject: () => {},
  });
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, rows: loaded.rows };
}

for (const side of ['left', 'right'] as const) {
  // Alternated, so both modes see the same machine load.
  for (let run = 0; run < RUNS; run++) {
    for (const memo of [true, false]) {
      const r = await cpuOfLoad(side, memo);
      console.log(`loadSide ${side} memo=${memo}: ${r.rows} rows, cpu ${r.cpu.toFixed(0)} ms, wall ${r.wall.toFixed(0)} ms`);
    }
  }
}

// The name column alone, on the doses' names (with their repeats), as the store builds it.
const [headerLine, ...lines] = readFileSync(`${dir}/doses.csv`, 'utf8').split('\n', NAMES + 1);
const header = headerLine.replace(/^\uFEFF/, '').split(',');
const nameField = settings.fields.find((f) => f.type === 'name');
const nameAt = header.indexOf((nameField && fieldColumn(nameField, 'right')) ?? 'full_name');
const names = lines.map((l) => l.split(',')[nameAt] ?? '');

const bench = new Bench({ iterations: 5, warmupIterations: 1 });
for (const memo of [true, false]) {
  bench.add(`NameColumnBuilder ${names.length} names, memo=${memo}`, () => {
    NameColumnBuilder.memo = memo;
    const builder = new NameColumnBuilder(new Dictionary());
    for (const n of names) builder.append(n);
    builder.freeze();
  });
}
await bench.run();
console.table(bench.table());
NameColumnBuilder.memo = true;
