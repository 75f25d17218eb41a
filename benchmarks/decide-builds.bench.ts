/**
 * Deciding and formatting whole linked ranges (`formatResultRange`, src/engine/result-rows.ts) in
 * two compiled builds (e.g. the session-start worktree's dist/ and this tree's), so that neither
 * side runs tsx-compiled source (a source-against-build comparison measured 0.92-1.5 for identical
 * code, benchmarks/RESULTS.md), over the same
 * stores and linked ranges in one process. Each pass formats every range with a fresh builder
 * (so nothing a builder keeps carries over), after a full garbage collection (so each side pays
 * for its own garbage); passes alternate, order flipped each round, timed in CPU time
 * (process.cpuUsage). The two texts are checked equal first.
 *
 * Run: `npx tsx benchmarks/decide-builds.bench.ts BASE_DIST AFTER_DIST REGISTRY DOSES MODEL [DOSES] [ROUNDS]`
 * e.g. `/tmp/wt-head/dist dist /tmp/d300k/registry.csv /tmp/d300k/doses.csv /tmp/ref300k/model.json
 * 300000 6` (after `npm run build`). Not part of `npm test`; linking (by this tree's source) comes
 * first and is not timed.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resolve } from 'node:path';
import type * as ResultRows from '../src/engine/result-rows.js';
import { alternateCpu, linkedRanges } from './linked-ranges.js';

const [baseDist, afterDist, registry, doses, modelPath, dosesArg, roundsArg] = process.argv.slice(2);
if (baseDist === undefined || afterDist === undefined || registry === undefined || doses === undefined || modelPath === undefined) {
  console.error('usage: decide-builds.bench.ts BASE_DIST AFTER_DIST REGISTRY DOSES MODEL [DOSES] [ROUNDS]');
  process.exit(2);
}
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const before = (await import(`${resolve(baseDist)}/engine/result-rows.js`)) as typeof ResultRows;
const after = (await import(`${resolve(afterDist)}/engine/result-rows.js`)) as typeof ResultRows;

const { total, parts, context } = await linkedRanges(registry, doses, modelPath, Number(dosesArg ?? 300_000));
const sides = { before, after } as const;
type Side = keyof typeof sides;
/** One pass over every range with a fresh builder; what each range's formatting returned. */
function pass(side: Side): unknown[] {
  const rr = sides[side];
  const builder = new rr.ResultBuilder(context);
  return parts.map((part) => rr.formatResultRange(builder, part));
}
/** A range's text from either build: a string (`text`, older builds) or UTF-8 bytes (`bytes`). */
const textOf = (f: unknown): string => {
  const r = f as { text?: string; bytes?: Uint8Array };
  return r.text ?? Buffer.from(r.bytes!).toString('utf8');
};

const a = pass('before').map(textOf);
const b = pass('after').map(textOf);
a.forEach((text, k) => {
  if (text !== b[k]) throw new Error(`range at ${parts[k].start}: the two builds write different text`);
});

console.log(`${total} doses in ${parts.length} ranges`);
alternateCpu(['before', 'after'], { before: `before (${baseDist})`, after: `after (${afterDist})` }, Number(roundsArg ?? 6), gc, pass);
