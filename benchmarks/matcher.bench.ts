/**
 * The matcher's figures for issue #7 on a generated register: building the register index,
 * saving it (file size), loading it (`khop index` file → memory), and the latency of
 * `matcher.matchOne` per lookup (p50 / p95 / p99 / max over --lookups lookups after a warm-up),
 * plus `matchMany` throughput on the same records.
 *
 *   node dist/cli/main.js generate --people 1000000 --doses 20000 --seed 7 --profile mismatched --out /tmp/h-matcher/d
 *   node --import tsx benchmarks/matcher.bench.ts --dir /tmp/h-matcher/d --lookups 10000 [--model FILE]
 *
 * Without --model the matcher's untrained model is used (u from register pairs, m from the
 * settings' starting values): candidate counts, and so the latency, do not depend on it.
 * Load time is measured --loads times in fresh `RegisterIndex.load` calls (the file is in the
 * page cache after the first). A busy loop of about the same median is timed the same way, as the
 * machine's own tail latency (preemption on a shared machine), to read matchOne's p99 against.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMatcher } from '../src/api/matcher.js';
import { RegisterIndex } from '../src/engine/register-index.js';
import { parseCsvSync } from '../src/io/csv-reader.js';
import { resolveSettings } from '../src/model/presets.js';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/h-matcher/d' },
    index: { type: 'string' },
    lookups: { type: 'string', default: '10000' },
    warmup: { type: 'string', default: '1000' },
    loads: { type: 'string', default: '3' },
    model: { type: 'string' },
    /** Reuse an index file already saved by an earlier run (skips build and save). */
    reuse: { type: 'boolean', default: false },
  },
});
const dir = args.dir!;
const indexPath = args.index ?? join(dir, 'registry.khopidx');
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
const settings = resolveSettings(undefined);

let t = performance.now();
if (!args.reuse) {
  const built = await RegisterIndex.build({ registry: join(dir, 'registry.csv'), settings });
  console.log(`build: ${built.size} persons in ${((performance.now() - t) / 1000).toFixed(2)} s; ${mib(built.byteLength)} of shared memory`);
  t = performance.now();
  const bytes = built.save(indexPath);
  console.log(`save: ${mib(bytes)} in ${((performance.now() - t) / 1000).toFixed(2)} s → ${indexPath} (${statSync(indexPath).size} bytes)`);
}

t = performance.now();
let index = RegisterIndex.load(indexPath);
const loadTimes: number[] = [performance.now() - t];
for (let k = 1; k < Number(args.loads); k++) {
  t = performance.now();
  index = RegisterIndex.load(indexPath);
  loadTimes.push(performance.now() - t);
}
console.log(`load: ${loadTimes.map((ms) => `${(ms / 1000).toFixed(3)} s`).join(', ')} (${index.size} persons)`);

t = performance.now();
const matcher = await createMatcher({ registry: index, model: args.model });
console.log(`createMatcher over the loaded index: ${((performance.now() - t) / 1000).toFixed(2)} s (model: ${matcher.modelSource}); RSS ${mib(process.memoryUsage().rss)}`);

// What a service pays at start with a trained model: load the index file and make the matcher.
t = performance.now();
const fromFile = await createMatcher({ registry: indexPath, model: matcher.model as never });
console.log(`createMatcher({ registry: index file, model }): ${((performance.now() - t) / 1000).toFixed(2)} s`);
await fromFile.close();

const table = parseCsvSync(readFileSync(join(dir, 'doses.csv')), { file: 'doses.csv' });
const records = table.rows.map((r) => Object.fromEntries(table.header.names.map((h, k) => [h, r.values[k]])));
const lookups = Number(args.lookups);
const warmup = Number(args.warmup);
for (let k = 0; k < warmup; k++) matcher.matchOne(records[k % records.length]);
const times = new Float64Array(lookups);
let linked = 0;
for (let k = 0; k < lookups; k++) {
  const rec = records[(warmup + k) % records.length];
  const s = process.hrtime.bigint();
  const r = matcher.matchOne(rec);
  times[k] = Number(process.hrtime.bigint() - s) / 1e6;
  if (r.person_id !== '') linked++;
}
times.sort();
const q = (p: number): string => times[Math.min(lookups - 1, Math.floor(p * lookups))].toFixed(3);
console.log(`matchOne: ${lookups} lookups, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${times[lookups - 1].toFixed(3)} ms; ${linked} linked`);

// The machine's own tail: a fixed computation of about the same median, timed the same way,
// allocating nothing. On a shared machine its p99 is preemption, not khớp.
const scratch = new Float64Array(20_000);
const busy = (): number => {
  let x = 0;
  for (let r = 0; r < 9; r++) for (let i = 0; i < scratch.length; i++) x += scratch[i] * r + i;
  return x;
};
for (let k = 0; k < warmup; k++) busy();
const base = new Float64Array(lookups);
for (let k = 0; k < lookups; k++) {
  const s0 = process.hrtime.bigint();
  busy();
  base[k] = Number(process.hrtime.bigint() - s0) / 1e6;
}
base.sort();
const qb = (p: number): string => base[Math.min(lookups - 1, Math.floor(p * lookups))].toFixed(3);
console.log(`baseline (busy loop, no allocation): p50 ${qb(0.5)} ms, p95 ${qb(0.95)} ms, p99 ${qb(0.99)} ms, max ${base[lookups - 1].toFixed(3)} ms`);

t = performance.now();
const many = matcher.matchMany(records);
const s = (performance.now() - t) / 1000;
console.log(`matchMany: ${many.length} records in ${s.toFixed(2)} s (${Math.round(many.length / s)} records/s, one thread)`);
await matcher.close();
