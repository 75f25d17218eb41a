/**
 * `khop match` in a Unix pipe, run as a user runs it (a child process with stdin and stdout
 * piped): doses on stdin as CSV or NDJSON, results on stdout as NDJSON or CSV carrying the same
 * rows and values as results.csv of a file run, rejects with their line numbers, counts that
 * reconcile, and a reader that closes the pipe early (`| head -1`) ending the run quietly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatch } from '../../src/cli/commands/match.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const SAMPLE = join(ROOT, 'datasets/sample/');
const REGISTRY = join(SAMPLE, 'registry.csv');
const DOSES_CSV = readFileSync(join(SAMPLE, 'doses.csv'), 'utf8');
const doses = parseCsvSync(DOSES_CSV, { file: 'doses.csv' });
/** The sample's doses as NDJSON records, one per CSV row. */
const DOSES_NDJSON = doses.rows.map((r) => JSON.stringify(Object.fromEntries(doses.header.names.map((n, i) => [n, r.values[i]]))) + '\n').join('');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `khop <args>` from source with `input` on stdin; `closeAfterFirstChunk` plays `| head -1`. */
function khop(args: string[], input: string, closeAfterFirstChunk = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (closeAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdin.on('error', () => {}); // the child may exit before reading everything (a bad flag)
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

let model = '';
let fileResults: { header: readonly string[]; rows: string[][] };
beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'khop-pipe-')), 'out');
  await runMatch({ registry: REGISTRY, doses: join(SAMPLE, 'doses.csv'), out });
  model = join(out, 'model.json');
  const t = parseCsvSync(readFileSync(join(out, 'results.csv')), { file: 'results.csv' });
  fileResults = { header: t.header.names, rows: t.rows.map((r) => [...r.values]) };
});

const pipeArgs = (...more: string[]): string[] => ['match', '--registry', REGISTRY, '--model', model, '--doses', '-', '--out', '-', ...more];

describe('khop match --doses - --format ndjson', () => {
  it('CSV on stdin: one JSON object per dose on stdout, same rows and values as results.csv of a file run', async () => {
    const run = await khop(pipeArgs('--format', 'ndjson'), DOSES_CSV);
    expect(run.code).toBe(0);
    const objects = lines(run.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(fileResults.rows.length);
    const asCells = objects.map((o) => fileResults.header.map((c) => (o[c] === null ? '' : String(o[c]))));
    expect(asCells).toEqual(fileResults.rows);
    expect(typeof objects[0].match_probability).toBe('number');
    // stderr: the summary line only; stdout: results only.
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^khop match: 2000 doses: .* 0 rejected; .* → stdout$/)]);
  });

  it('NDJSON on stdin (detected by its first byte, after a BOM) gives the same NDJSON as CSV on stdin', async () => {
    const [fromCsv, fromNdjson] = await Promise.all([khop(pipeArgs('--format', 'ndjson'), DOSES_CSV), khop(pipeArgs('--format', 'ndjson'), '\uFEFF' + DOSES_NDJSON)]);
    expect(fromNdjson.code).toBe(0);
    expect(fromNdjson.stdout).toBe(fromCsv.stdout);
  });

  it('--input-format csv and ndjson on stdin give the same as detection', async () => {
    const [auto, csv, ndjson] = await Promise.all([
      khop(pipeArgs('--format', 'ndjson'), DOSES_CSV),
      khop(pipeArgs('--format', 'ndjson', '--input-format', 'csv'), DOSES_CSV),
      khop(pipeArgs('--format', 'ndjson', '--input-format', 'ndjson'), DOSES_NDJSON),
    ]);
    expect([csv.code, ndjson.code]).toEqual([0, 0]);
    expect(csv.stdout).toBe(auto.stdout);
    expect(ndjson.stdout).toBe(auto.stdout);
  });

  it('CSV out on stdout is results.csv byte for byte', async () => {
    const run = await khop(pipeArgs(), DOSES_CSV);
    const t = parseCsvSync(run.stdout, { file: 'stdout' });
    expect(t.header.names).toEqual(fileResults.header);
    expect(t.rows.map((r) => [...r.values])).toEqual(fileResults.rows);
  });
});

describe('bad lines on stdin', () => {
  const good = lines(DOSES_NDJSON).slice(0, 40);
  const bad: [string, string][] = [
    ['{"dose_id": "X1", "full_name": ', 'invalid_json'],
    ['["D1", "Nguyễn Văn An"]', 'not_an_object'],
    ['{"full_name": "Nguyễn Văn An", "dob": "1990"}', 'field_missing (dose_id)'],
    ['{"dose_id": "X2", "full_name": {"family": "Nguyễn"}}', 'not_a_scalar (full_name)'],
    ['{"dose_id": null, "full_name": "Nguyễn Văn An"}', 'field_empty (dose_id)'],
    [`{"dose_id": "X3", "full_name": "${'Nguyễn '.repeat(600)}"}`, 'cell_too_long (full_name)'],
    ['{"dose_id": "X4", "full_name": "Nguy\\ud800n"}', 'invalid_unicode (full_name)'],
  ];
  // Bad lines at 3, 6, 9, 12, 14, 16 and 18 (1-based), good records around them.
  const inputLines = [good[0], good[1], bad[0][0], good[2], good[3], bad[1][0], good[4], good[5], bad[2][0], good[6], good[7], bad[3][0], good[8], bad[4][0], good[9], bad[5][0], good[10], bad[6][0], good[11]];
  const input = inputLines.join('\n') + '\n';
  const badAt = bad.map(([text]) => inputLines.indexOf(text) + 1);

  it('each becomes a reject on stderr with its line number and reason, never its text; the rest is linked', async () => {
    const run = await khop(pipeArgs('--format', 'ndjson'), input);
    expect(run.code).toBe(0);
    const rejectLines = lines(run.stderr).filter((l) => l.includes('rejected stdin:'));
    expect(rejectLines).toEqual(bad.map(([, reason], i) => `khop match: rejected stdin:${badAt[i]}: ${reason}`));
    expect(run.stderr).not.toContain('Nguyễn');
    expect(lines(run.stdout)).toHaveLength(inputLines.filter((l) => l !== '').length - bad.length);
  });

  it('with --rejects and --summary: rejects.csv rows with line numbers, and rows read = results + rejects', async () => {
    const d = mkdtempSync(join(tmpdir(), 'khop-pipe-'));
    const run = await khop(pipeArgs('--format', 'ndjson', '--rejects', join(d, 'rejects.csv'), '--summary', join(d, 'summary.json')), input);
    expect(run.code).toBe(0);
    const rejects = parseCsvSync(readFileSync(join(d, 'rejects.csv')), { file: 'rejects.csv' }).rows;
    expect(rejects.map((r) => [r.get('file'), Number(r.get('line')), r.get('reason')])).toEqual(bad.map(([, reason], i) => ['stdin', badAt[i], reason]));
    const summary = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8'));
    expect(summary.rows_read.doses).toBe(inputLines.filter((l) => l !== '').length);
    expect(summary.rejects.doses).toBe(bad.length);
    expect(summary.results + summary.rejects.doses).toBe(summary.rows_read.doses);
    expect(summary.reconciles).toBe(true);
  });

  it('a broken CSV row on stdin is rejected with its physical line', async () => {
    const csvLines = DOSES_CSV.split('\n').slice(0, 30);
    csvLines.splice(5, 0, 'D9,"0790,Nguyễn" Văn,01/01/1990,Nam,079');
    const run = await khop(pipeArgs('--format', 'ndjson'), csvLines.join('\n') + '\n');
    expect(lines(run.stderr).filter((l) => l.includes('rejected stdin:'))).toEqual([expect.stringMatching(/^khop match: rejected stdin:6: quote_misplaced/)]);
  });
});

describe('the pipe closes early or is misused', () => {
  it('`| head -1`: the reader goes away after the first chunk, khop ends with status 0 and no error', async () => {
    const many = DOSES_CSV + lines(DOSES_CSV).slice(1).join('\n').repeat(1) + '\n'; // ~4,000 doses, far beyond a pipe buffer
    const run = await khop(pipeArgs('--format', 'ndjson'), many, true);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/EPIPE|INTERNAL|Error/);
    expect(JSON.parse(lines(run.stdout)[0])).toMatchObject({ dose_id: fileResults.rows[0][0] });
  });

  it.each([
    [['match', '--registry', '-', '--doses', '-', '--out', '-', '--model', 'x.json'], /only one input can be stdin/],
    [['match', '--registry', REGISTRY, '--doses', '-', '--out', '-', '--format', 'xml'], /--format must be csv or ndjson/],
    [['match', '--registry', REGISTRY, '--doses', '-', '--out', '-', '--input-format', 'tsv'], /--input-format must be one of/],
    [['match', '--registry', REGISTRY, '--doses', '-'], /required option '--out <dir>'/],
  ])('%j exits 2 with the reason', async (args, reason) => {
    const run = await khop(args, DOSES_CSV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
  });

  it('NDJSON forced to be read as CSV: a clear error naming stdin line 1, exit 1, nothing on stdout', async () => {
    const run = await khop(pipeArgs('--input-format', 'csv'), DOSES_NDJSON);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^khop: RECORD_INVALID: stdin:1: the header row cannot be read/);
    expect(run.stderr).not.toContain('D00000001');
    expect(run.stdout).toBe('');
  });
});
