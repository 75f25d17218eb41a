/**
 * The match job end to end on generated data with ground truth: quality (auto-accept precision
 * and recall, recall with review, blocking recall overall and per rule, recall per damage tag)
 * and speed (wall time per stage, peak RSS). The model is estimated by EM, without labels.
 *
 *   node --import tsx benchmarks/match.bench.ts --people 100000 --doses 100000 --seed 11 --profile mismatched
 *   node --import tsx benchmarks/match.bench.ts --people 1000000 --doses 1000000 --seed 1 --profile mismatched --threads 2
 *   … --settings FILE      measures a settings file instead of the preset (e.g. other block caps)
 *
 * Data is generated into --dir (default a folder under the system temp dir named by the
 * arguments) and reused when it is already there. Run the built CLI for the timings that
 * count (`node dist/cli/main.js match ...`); this script adds what needs truth: blocking recall.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMatchJob } from '../src/engine/match-job.js';
import { RESULT_COLUMNS, resultCells } from '../src/engine/result-rows.js';
import { evaluateFiles } from '../src/evaluate/evaluate-files.js';
import { writeDataset } from '../src/generate/write-dataset.js';
import { loadProfile } from '../src/generate/profile.js';
import { CsvWriter } from '../src/io/csv-writer.js';
import { parseCsvSync } from '../src/io/csv-reader.js';
import { loadSettings } from '../src/model/load-settings.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    doses: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '11' },
    profile: { type: 'string', default: 'mismatched' },
    threads: { type: 'string', default: '1' },
    dir: { type: 'string' },
    /** Settings file to measure instead of the preset (e.g. a variant of its blocking caps). */
    settings: { type: 'string' },
  },
});
const people = Number(args.people);
const doses = Number(args.doses);
const seed = Number(args.seed);
const dir = args.dir ?? join(tmpdir(), `khop-match-bench-${args.profile}-${people}-${doses}-${seed}`);
const settings = loadSettings(args.settings ?? fileURLToPath(new URL('../presets/vn-vaccination.json', import.meta.url)));

if (!existsSync(join(dir, 'truth.csv'))) {
  mkdirSync(dir, { recursive: true });
  await writeDataset({ people, doses, seed, profile: loadProfile(args.profile!) }, dir);
}

const truthTable = parseCsvSync(readFileSync(join(dir, 'truth.csv')), { file: 'truth.csv' });
const truePerson = new Map(truthTable.rows.map((r) => [r.values[0], r.values[1]]));

const t0 = performance.now();
const job = await runMatchJob({
  registry: join(dir, 'registry.csv'),
  registryName: 'registry.csv',
  doses: join(dir, 'doses.csv'),
  dosesName: 'doses.csv',
  settings,
  threads: Number(args.threads),
  truth: (left, right) => {
    const rowOf = new Map<string, number>();
    for (let i = 0; i < left.size; i++) rowOf.set(left.recordId(i), i);
    const t = new Int32Array(right.size);
    for (let j = 0; j < right.size; j++) t[j] = rowOf.get(truePerson.get(right.recordId(j)) ?? '') ?? -1;
    return t;
  },
});
const out = join(dir, args.settings === undefined ? 'out' : `out-${args.settings.replace(/[^A-Za-z0-9]+/g, '_')}`);
mkdirSync(out, { recursive: true });
const w = new CsvWriter(join(out, 'results.csv'), { header: RESULT_COLUMNS });
const t1 = performance.now();
for (let r = 0; r < job.right.size; r++) {
  const p = w.writeRow(resultCells(job.results.build(job.link, r)));
  if (p !== undefined) await p;
}
await w.end();
const wallMs = performance.now() - t0;
const timings = { ...job.timingsMs, decide_write: Math.round(performance.now() - t1) };

const report = await evaluateFiles({ results: join(out, 'results.csv'), truth: join(dir, 'truth.csv') });
const b = job.blocking;
const figures = {
  data: { people, doses, seed, profile: args.profile, dir },
  threads: Number(args.threads),
  wall_ms: Math.round(wallMs),
  timings_ms: timings,
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  pairs: b.pairs,
  blocking_recall: b.recall,
  auto_precision: report.auto_precision,
  auto_recall: report.auto_recall,
  review_recall: report.review_recall,
  best_f1: report.best_f1,
  best_threshold: report.best_threshold,
  rules: b.rules.map((r) => ({ name: r.name, pairs: r.pairs, unique: r.uniquePairs, recall: r.recall, dropped: r.droppedRows })),
  recall_by_tag: Object.fromEntries(
    Object.entries(report.recall_by_tag).map(([tag, t]) => [tag, { doses: t.count, auto: t.auto_recall, review: t.review_recall }]),
  ),
};
writeFileSync(join(out, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
