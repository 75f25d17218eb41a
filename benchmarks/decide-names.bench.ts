/**
 * The full_name corrections of the deciding stage read from the stores' codes (StoredNameTokens,
 * src/engine/stored-name-tokens.ts) against both raw name cells normalized again, in one process and one
 * build: `formatResultRange` over the same linked ranges with `StoredCorrections.namesFromCodes`
 * true and false. Each pass formats every range with a fresh builder (so no memo carries over:
 * each pass pays for learning its key tokens) after a full garbage collection; passes alternate,
 * order flipped each round, timed in CPU time (process.cpuUsage). The two texts are checked equal
 * first.
 *
 * Run: `npx tsx benchmarks/decide-names.bench.ts REGISTRY DOSES MODEL [DOSES] [ROUNDS]`, e.g.
 * `/tmp/d300k/registry.csv /tmp/d300k/doses.csv /tmp/ref300k/model.json 300000 6`. Not part of
 * `npm test`; linking comes first and is not timed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { StoredCorrections } from '../src/engine/corrections-stored.js';
import { formatResultRange, ResultBuilder } from '../src/engine/result-rows.js';
import { alternateCpu, linkedRanges } from './linked-ranges.js';

const [registry, doses, modelPath, dosesArg, roundsArg] = process.argv.slice(2);
if (registry === undefined || doses === undefined || modelPath === undefined) {
  console.error('usage: decide-names.bench.ts REGISTRY DOSES MODEL [DOSES] [ROUNDS]');
  process.exit(2);
}
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { total, parts, context } = await linkedRanges(registry, doses, modelPath, Number(dosesArg ?? 300_000));
type Side = 'normalized' | 'codes';
/** One pass over every range with a fresh builder; each range's text. */
function pass(side: Side): Buffer[] {
  StoredCorrections.namesFromCodes = side === 'codes';
  const builder = new ResultBuilder(context);
  return parts.map((part) => Buffer.from(formatResultRange(builder, part).bytes));
}

const a = pass('normalized');
const b = pass('codes');
a.forEach((text, k) => {
  if (!text.equals(b[k])) throw new Error(`range at ${parts[k].start}: the two ways write different text`);
});

console.log(`${total} doses in ${parts.length} ranges`);
alternateCpu(['normalized', 'codes'], { normalized: 'names normalized again', codes: 'names from the codes' }, Number(roundsArg ?? 6), gc, pass);
