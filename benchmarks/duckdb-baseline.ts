/**
 * DuckDB SQL baseline for the match job (issue 5), side by side with khớp on the same data.
 *
 * The baseline is benchmarks/duckdb-baseline.sql: read both CSVs as VARCHAR, fold names with
 * strip_accents + lower, parse dob years/dates, normalize IDs, block on ID / old ID /
 * (birth year, family name, given name), score pairs with jaro_winkler_similarity plus ID, date,
 * year and gender agreement, keep the best candidate per dose. The score formula is in that file.
 *
 *   node --import tsx benchmarks/duckdb-baseline.ts --dir DIR [--threads 2] [--threshold 6] [--khop]
 *
 * DIR holds registry.csv, doses.csv and truth.csv from `khop generate`. The baseline runs in a
 * child process (this file with --child) so that its peak RSS, DuckDB's native memory included,
 * is its own. Wall time is performance.now() around the SQL pipeline from CSV reading to writing
 * one result row per dose; quality is measured in SQL against truth.csv, outside that time.
 * With --khop, khớp's built CLI (`dist/cli/main.js`, run `npm run build` first) runs on the same
 * files under /usr/bin/time -v, then `khop evaluate --json` scores it.
 * Prints one JSON object, then a markdown table for benchmarks/RESULTS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { KhopError } from '../src/errors.js';

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sqlFile = fileURLToPath(new URL('./duckdb-baseline.sql', import.meta.url));
const khopCli = join(repoRoot, 'dist/cli/main.js');

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    threads: { type: 'string', default: '2' },
    threshold: { type: 'string', default: '6' },
    out: { type: 'string' },
    khop: { type: 'boolean', default: false },
    'khop-timeout': { type: 'string', default: '1800' },
    child: { type: 'boolean', default: false },
  },
});
if (!args.dir) throw new KhopError('BAD_ARGUMENT', '--dir DIR is required (a folder with registry.csv, doses.csv, truth.csv)');
const dir = resolve(args.dir);
const threads = Number(args.threads);
const threshold = Number(args.threshold);
const outDir = resolve(args.out ?? join(dir, 'baseline-vs-khop'));
if (!Number.isInteger(threads) || threads < 1) throw new KhopError('BAD_ARGUMENT', '--threads must be a positive integer');
if (!Number.isFinite(threshold)) throw new KhopError('BAD_ARGUMENT', '--threshold must be a number');

interface Step { kind: 'step' | 'eval'; name: string; statements: string[] }

interface BaselineReport {
  threads: number;
  threshold: number;
  wall_ms: number;
  step_ms: Record<string, number>;
  eval_ms: number;
  peak_rss_mb: number;
  candidate_pairs: number;
  doses: number;
  registry: number;
  present: number;
  links: number;
  correct_links: number;
  precision: number;
  recall: number;
  f1: number;
  best_f1: number;
  best_threshold: number;
  duckdb_version: string;
  results: string;
}

interface KhopReport {
  status: 'ok' | 'failed' | 'timed_out';
  exit: string;
  wall_ms: number;
  peak_rss_mb: number | null;
  summary_peak_rss_mb: number | null;
  pipeline_ms: number | null;
  candidate_pairs: number | null;
  best_f1: number | null;
  auto_precision: number | null;
  auto_recall: number | null;
  auto_f1: number | null;
  stderr_tail: string;
}

/** SQL string literal: single quotes doubled. */
const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Splits the SQL file into named steps; `{{name}}` placeholders are substituted first. */
function loadSteps(values: Record<string, string>): Step[] {
  const text = readFileSync(sqlFile, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new KhopError('INTERNAL', `no value for placeholder ${key} in ${sqlFile}`);
    return value;
  });
  const steps: Step[] = [];
  let current: { kind: Step['kind']; name: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    const statements = current.lines.join('\n').split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
    steps.push({ kind: current.kind, name: current.name, statements });
  };
  for (const line of text.split('\n')) {
    const marker = /^-- @(step|eval) (\w+)/.exec(line);
    if (marker) {
      flush();
      current = { kind: marker[1] as Step['kind'], name: marker[2]!, lines: [] };
    } else if (current && !line.trimStart().startsWith('--')) {
      current.lines.push(line);
    }
  }
  flush();
  return steps;
}

async function runStep(connection: DuckDBConnection, step: Step): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  for (const statement of step.statements) rows = (await connection.runAndReadAll(statement)).getRowObjectsJS();
  return rows;
}

async function runBaseline(): Promise<BaselineReport> {
  for (const file of ['registry.csv', 'doses.csv', 'truth.csv']) {
    if (!existsSync(join(dir, file))) throw new KhopError('FILE_NOT_FOUND', `${join(dir, file)} is missing`);
  }
  mkdirSync(outDir, { recursive: true });
  const results = join(outDir, 'duckdb-results.csv');
  const steps = loadSteps({
    threads: String(threads),
    threshold: String(threshold),
    registry: sqlString(join(dir, 'registry.csv')),
    doses: sqlString(join(dir, 'doses.csv')),
    truth: sqlString(join(dir, 'truth.csv')),
    results: sqlString(results),
  });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const version = String((await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0]!.v);

  const stepMs: Record<string, number> = {};
  const t0 = performance.now();
  for (const step of steps.filter((s) => s.kind === 'step')) {
    const s0 = performance.now();
    await runStep(connection, step);
    stepMs[step.name] = Math.round(performance.now() - s0);
  }
  const wallMs = performance.now() - t0;

  const e0 = performance.now();
  const evalRows: Record<string, Record<string, unknown>> = {};
  for (const step of steps.filter((s) => s.kind === 'eval')) evalRows[step.name] = (await runStep(connection, step))[0] ?? {};
  const evalMs = performance.now() - e0;
  connection.closeSync();

  const q = evalRows.quality!;
  const best = evalRows.best_f1!;
  const links = Number(q.links);
  const correct = Number(q.correct_links);
  const present = Number(q.present);
  const precision = links === 0 ? 0 : correct / links;
  const recall = present === 0 ? 0 : correct / present;
  return {
    threads,
    threshold,
    wall_ms: Math.round(wallMs),
    step_ms: stepMs,
    eval_ms: Math.round(evalMs),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    candidate_pairs: Number(q.candidate_pairs),
    doses: Number(q.doses),
    registry: Number(q.registry),
    present,
    links,
    correct_links: correct,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    best_f1: Number(best.f1 ?? 0),
    best_threshold: Number(best.threshold ?? NaN),
    duckdb_version: version,
    results,
  };
}

interface Evaluation { best_f1: number; auto_precision: number; auto_recall: number; auto?: { f1: number } }

/** `khop evaluate --json` on a results file: khớp's own metrics, also a check on the SQL ones. */
function khopEvaluate(results: string): Evaluation {
  return JSON.parse(execFileSync(process.execPath, [khopCli, 'evaluate', '--results', results,
    '--truth', join(dir, 'truth.csv'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Evaluation;
}

function runKhop(): KhopReport {
  const khopOut = join(outDir, 'khop');
  if (!existsSync(khopCli)) throw new KhopError('FILE_NOT_FOUND', `${khopCli} is missing: run npm run build first`);
  const matchArgs = [khopCli, 'match', '--registry', join(dir, 'registry.csv'), '--doses', join(dir, 'doses.csv'),
    '--out', khopOut, '--threads', String(threads)];
  // GNU time reports the peak RSS of what it waited for; timeout (TERM, then KILL 10 s later) sits
  // between them so that a run over --khop-timeout is stopped together with its process, not orphaned.
  const limitS = Number(args['khop-timeout']);
  const command = [process.execPath, ...matchArgs];
  if (existsSync('/usr/bin/timeout')) command.unshift('/usr/bin/timeout', '-k', '10', String(limitS));
  if (existsSync('/usr/bin/time')) command.unshift('/usr/bin/time', '-v');
  const t0 = performance.now();
  const run = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: (limitS + 60) * 1000, maxBuffer: 1 << 26 });
  const wallMs = Math.round(performance.now() - t0);
  const stderr = run.stderr ?? '';
  const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const exitLine = /Command terminated by signal \d+|Exit status: \d+/.exec(stderr)?.[0];
  const exitCode = run.status ?? -1;
  const timedOut = exitCode === 124 || exitCode === 137 || (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const status: KhopReport['status'] = timedOut ? 'timed_out' : exitCode === 0 ? 'ok' : 'failed';
  const report: KhopReport = {
    status,
    exit: run.signal ? `signal ${run.signal}` : (exitLine ?? `exit ${exitCode}`),
    wall_ms: wallMs,
    peak_rss_mb: rssKb ? Math.round(Number(rssKb[1]) / 1024) : null,
    summary_peak_rss_mb: null,
    pipeline_ms: null,
    candidate_pairs: null,
    best_f1: null,
    auto_precision: null,
    auto_recall: null,
    auto_f1: null,
    stderr_tail: stderr.split('\n').filter((l) => l && !l.startsWith('\t')).slice(-5).join('\n'),
  };
  if (status !== 'ok') return report;
  const summary = JSON.parse(readFileSync(join(khopOut, 'summary.json'), 'utf8')) as {
    peak_rss_mb?: number; pairs_scored?: number; timings_ms?: Record<string, number>;
  };
  report.summary_peak_rss_mb = summary.peak_rss_mb ?? null;
  report.candidate_pairs = summary.pairs_scored ?? null;
  report.pipeline_ms = summary.timings_ms ? Object.values(summary.timings_ms).reduce((a, b) => a + b, 0) : null;
  const evaluation = khopEvaluate(join(khopOut, 'results.csv'));
  report.best_f1 = evaluation.best_f1;
  report.auto_precision = evaluation.auto_precision;
  report.auto_recall = evaluation.auto_recall;
  report.auto_f1 = evaluation.auto?.f1 ?? null;
  return report;
}

const fmtS = (ms: number | null): string => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const fmtMb = (mb: number | null): string => (mb === null ? 'n/a' : mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${mb} MB`);
const fmtN = (n: number | null): string => (n === null ? 'n/a' : n.toLocaleString('en-US'));
const fmtP = (n: number | null): string => (n === null ? 'n/a' : n.toFixed(4));
const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
/** A run that did not finish has no ratio worth printing. */
const finished = (khop: KhopReport | null): KhopReport | null => (khop?.status === 'ok' ? khop : null);

function markdown(base: BaselineReport & { process_wall_ms: number }, khop: KhopReport | null): string {
  const done = finished(khop);
  const rows: [string, string, string | null, string | null][] = [
    ['wall time, whole process', fmtS(base.process_wall_ms), khop && fmtS(khop.wall_ms), done && ratio(done.wall_ms, base.process_wall_ms)],
    ['wall time, pipeline (read → write)', fmtS(base.wall_ms), khop && fmtS(khop.pipeline_ms), done && ratio(done.pipeline_ms, base.wall_ms)],
    ['peak RSS', fmtMb(base.peak_rss_mb), khop && fmtMb(khop.peak_rss_mb), done && ratio(done.peak_rss_mb, base.peak_rss_mb)],
    ['candidate pairs', fmtN(base.candidate_pairs), khop && fmtN(khop.candidate_pairs), done && ratio(done.candidate_pairs, base.candidate_pairs)],
    ['best F1 (threshold swept)', fmtP(base.best_f1), khop && fmtP(khop.best_f1), null],
    [`precision / recall (baseline score ≥ ${base.threshold}; khớp auto-accept)`, `${fmtP(base.precision)} / ${fmtP(base.recall)}`,
      khop && `${fmtP(khop.auto_precision)} / ${fmtP(khop.auto_recall)}`, null],
  ];
  const header = khop ? '| | DuckDB baseline | khớp | khớp / baseline |\n|---|---|---|---|' : '| | DuckDB baseline |\n|---|---|';
  const lines = rows.map(([name, b, k, r]) => (khop ? `| ${name} | ${b} | ${k} | ${r ?? ''} |` : `| ${name} | ${b} |`));
  const note = khop && khop.status !== 'ok' ? [`\nkhớp did not finish: ${khop.status} (${khop.exit}) after ${fmtS(khop.wall_ms)}.`] : [];
  return [header, ...lines, ...note].join('\n');
}

if (args.child) {
  process.stdout.write(`${JSON.stringify(await runBaseline())}\n`);
} else {
  const t0 = performance.now();
  const childOut = execFileSync(process.execPath, ['--import', 'tsx', thisFile, '--child', '--dir', dir,
    '--threads', String(threads), '--threshold', String(threshold), '--out', outDir],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  const processWallMs = Math.round(performance.now() - t0);
  const measured = JSON.parse(childOut) as BaselineReport;
  // The same results through khớp's evaluator: its figures must agree with the SQL ones.
  const check = existsSync(khopCli) ? khopEvaluate(measured.results) : null;
  const baseline = {
    ...measured,
    process_wall_ms: processWallMs,
    khop_evaluate_check: check && { best_f1: check.best_f1, precision: check.auto_precision, recall: check.auto_recall },
  };
  const khop = args.khop ? runKhop() : null;
  const report = {
    dataset: dir,
    threads,
    baseline,
    khop,
    wall_ratio_khop_over_baseline: khop?.status === 'ok' ? khop.wall_ms / baseline.process_wall_ms : null,
    pipeline_ratio_khop_over_baseline: khop?.pipeline_ms ? khop.pipeline_ms / baseline.wall_ms : null,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${markdown(baseline, khop)}\n`);
}
