/**
 * matchStream over a long stream: N generated records (default 1,000,000: the sample's doses
 * cycled with new dose IDs, 1 in 10 given an unseen name token so the overlay dictionaries grow
 * and reset) through a matcher, reporting throughput and the heap after GC every 100,000 results
 * (flat = bounded memory), and RSS. Not in `npm test`; test/api/match-stream.test.ts runs 100,000.
 *
 *   node --expose-gc --import tsx benchmarks/matcher-stream.ts [--records 1000000] [--threads 2] [--registry FILE]
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createMatcher } from '../src/api/matcher.js';
import { parseCsvSync } from '../src/io/csv-reader.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    threads: { type: 'string', default: '2' },
    registry: { type: 'string', default: 'datasets/sample/registry.csv' },
    doses: { type: 'string', default: 'datasets/sample/doses.csv' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const N = Number(args.records);
const table = parseCsvSync(readFileSync(args.doses!), { file: 'doses.csv' });
const doses = table.rows.map((r) => Object.fromEntries(table.header.names.map((h, k) => [h, r.values[k]])));
const matcher = await createMatcher({ registry: args.registry!, threads: Number(args.threads) });
const mib = (b: number): string => (b / 2 ** 20).toFixed(1);

function* records(): Generator<Record<string, string>> {
  for (let k = 0; k < N; k++) {
    const d = doses[k % doses.length];
    yield k % 10 === 0 ? { ...d, dose_id: `S${k}`, full_name: `${d.full_name} Qx${k}` } : { ...d, dose_id: `S${k}` };
  }
}

const t0 = performance.now();
let n = 0;
let linked = 0;
for await (const r of matcher.matchStream(records())) {
  if (r.person_id !== '') linked++;
  if (++n % 100_000 === 0) {
    gc();
    const m = process.memoryUsage();
    console.log(`${n} results, ${((performance.now() - t0) / 1000).toFixed(1)} s: heap ${mib(m.heapUsed)} MiB, array buffers ${mib(m.arrayBuffers)} MiB, RSS ${mib(m.rss)} MiB`);
  }
}
const s = (performance.now() - t0) / 1000;
console.log(`${n} records in ${s.toFixed(1)} s (${Math.round(n / s)} records/s, ${args.threads} threads), ${linked} linked`);
await matcher.close();
