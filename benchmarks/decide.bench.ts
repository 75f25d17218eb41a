/**
 * Deciding and formatting the results of linked doses (src/engine/result-rows.ts,
 * `formatResultRange`): the corrections read from the record stores (corrections-stored.ts)
 * against the reference, every role cell of both records normalized again (`byViews`) with the
 * regex `roundToReference`. Both run in one process over the same linked ranges, alternating, so
 * the ratio holds on a shared machine, and timed in CPU time (process.cpuUsage), which a busy
 * machine inflates far less than wall time; the two outputs are also checked to be the same text.
 *
 * Run: `npx tsx benchmarks/decide.bench.ts REGISTRY DOSES MODEL [DOSES_TO_LINK] [ROUNDS]`
 * (e.g. /tmp/d300k/registry.csv /tmp/d300k/doses.csv OUT/model.json 60000 5; not part of
 * `npm test`). Reading and linking come first and are not timed.
 */
import { formatCsvRow } from '../src/io/csv-writer.js';
import { linkedRanges } from './linked-ranges.js';
import type { LinkOutput } from '../src/engine/link-range.js';
import { formatResultRange, formattedText, ResultBuilder, resultCellsReference, type ResultRow } from '../src/engine/result-rows.js';

const [registry, doses, modelPath, linkArg, roundsArg] = process.argv.slice(2);
if (registry === undefined || doses === undefined || modelPath === undefined) {
  console.error('usage: decide.bench.ts REGISTRY DOSES MODEL [DOSES_TO_LINK] [ROUNDS]');
  process.exit(2);
}
const { total, parts, context: base } = await linkedRanges(registry, doses, modelPath, Number(linkArg ?? 60_000));

const stored = new ResultBuilder(base);
const byViews = new ResultBuilder({ ...base, byViews: true });

/** formatResultRange's loop with the reference rounding. */
function referenceText(part: LinkOutput): string {
  const lines = new Array<string>(part.count);
  for (let r = 0; r < part.count; r++) {
    const x: ResultRow = byViews.build(part, part.start + r);
    lines[r] = formatCsvRow(resultCellsReference(x));
  }
  return lines.join('');
}

for (const part of parts) {
  if (formattedText(formatResultRange(stored, part)) !== referenceText(part)) throw new Error(`range at ${part.start}: the stored path differs from the reference`);
}

const rounds = Number(roundsArg ?? 5);
const times: Record<'stored' | 'reference', number[]> = { stored: [], reference: [] };
for (let k = 0; k < rounds; k++) {
  for (const which of ['reference', 'stored'] as const) {
    const t = process.cpuUsage();
    for (const part of parts) {
      if (which === 'stored') formatResultRange(stored, part);
      else referenceText(part);
    }
    const used = process.cpuUsage(t);
    times[which].push((used.user + used.system) / 1000);
  }
}
const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${total} doses linked; CPU ms per pass over them (${rounds} rounds, alternating)`);
console.log(`reference (byViews, regex rounding): ${fmt(times.reference)}  median ${median(times.reference).toFixed(0)}`);
console.log(`stored (corrections-stored.ts):      ${fmt(times.stored)}  median ${median(times.stored).toFixed(0)}`);
console.log(`ratio stored / reference: ${(median(times.stored) / median(times.reference)).toFixed(3)}`);
