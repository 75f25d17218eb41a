/**
 * `khop index` and `khop match --registry <index>`: the saved register gives byte-identical
 * results to the CSV (same model), in CSV and NDJSON, with the same rejects and counts; the
 * register's own unreadable rows are counted and written; misuse is a clear BAD_ARGUMENT.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runIndex } from '../../src/cli/commands/index-register.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { main } from '../../src/cli/program.js';
import { matchOnIndex } from '../../src/cli/match-on-index.js';
import { loadProfile } from '../../src/generate/profile.js';
import { writeDataset } from '../../src/generate/write-dataset.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const REGISTRY = join(SAMPLE, 'registry.csv');
const DOSES = join(SAMPLE, 'doses.csv');

const dir = (): string => mkdtempSync(join(tmpdir(), 'khop-index-'));

let model = '';
let csvRun = '';
let index = '';
beforeAll(async () => {
  const trained = join(dir(), 'trained');
  await runMatch({ registry: REGISTRY, doses: DOSES, out: trained });
  model = join(trained, 'model.json');
  csvRun = join(dir(), 'csv');
  await runMatch({ registry: REGISTRY, doses: DOSES, out: csvRun, model });
  index = join(dir(), 'register.idx');
  await runIndex({ registry: REGISTRY, out: index });
});

describe('khop index then khop match --registry <index>', () => {
  it('reports the persons indexed and writes a file that starts with the index magic', async () => {
    const out = join(dir(), 'r.idx');
    const report = await runIndex({ registry: REGISTRY, out });
    expect(report).toMatchObject({ persons: 2000, rows_read: 2000, rejects: 0, out });
    expect(readFileSync(out).subarray(0, 7).toString('latin1')).toBe('KHOPIDX');
    expect(report.bytes).toBeGreaterThan(0);
  });

  it('counts a register ID held twice, in its report and in the summary of a match on it', async () => {
    const d = dir();
    const lines = readFileSync(REGISTRY, 'utf8').trimEnd().split('\n');
    writeFileSync(join(d, 'registry.csv'), [...lines, lines[1]].join('\n') + '\n');
    const report = await runIndex({ registry: join(d, 'registry.csv'), out: join(d, 'r.idx') });
    expect(report.registry_duplicate_ids).toEqual({ rule: 'exact_id', ids: 1, rows: 2 });
    const summary = await runMatch({ registry: join(d, 'r.idx'), doses: DOSES, out: join(d, 'out'), model });
    expect(summary.registry_duplicate_ids).toEqual({ rule: 'exact_id', ids: 1, rows: 2 });
    expect((await runIndex({ registry: REGISTRY, out: join(d, 'clean.idx') })).registry_duplicate_ids).toEqual({ rule: 'exact_id', ids: 0, rows: 0 });
  });

  it('results.csv is byte-identical to the run on the register CSV with the same model', async () => {
    const out = join(dir(), 'idx');
    const summary = await runMatch({ registry: index, doses: DOSES, out, model });
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(readFileSync(join(csvRun, 'results.csv'), 'utf8'));
    const onCsv = JSON.parse(readFileSync(join(csvRun, 'summary.json'), 'utf8'));
    expect(summary.decisions).toEqual(onCsv.decisions);
    expect(summary.reconciles).toBe(true);
  });

  it('a model saved with the thresholds of its run (--auto, --review) decides with them on the index too', async () => {
    const d = dir();
    await runMatch({ registry: REGISTRY, doses: DOSES, out: join(d, 'est'), auto: '0.9', review: '0.3' });
    const saved = join(d, 'est', 'model.json');
    const si = await runMatch({ registry: index, doses: DOSES, out: join(d, 'i'), model: saved });
    await runMatch({ registry: REGISTRY, doses: DOSES, out: join(d, 'c'), model: saved });
    expect(si.thresholds).toMatchObject({ auto_accept: 0.9, review: 0.3 });
    expect(readFileSync(join(d, 'i', 'results.csv'), 'utf8')).toBe(readFileSync(join(d, 'est', 'results.csv'), 'utf8'));
    expect(readFileSync(join(d, 'c', 'results.csv'), 'utf8')).toBe(readFileSync(join(d, 'est', 'results.csv'), 'utf8'));
  });

  it('on a generated register of 20,000 persons with every dose damaged: still byte-identical, on one thread and on two', async () => {
    // The sample is small and mostly clean; blocks, dictionaries and old-ID lookups grow with the
    // register. 18,000 doses are three batches of rows, linked in two workers at once.
    const d = dir();
    await writeDataset({ people: 20_000, doses: 18_000, seed: 7, profile: loadProfile('mismatched') }, d);
    await runIndex({ registry: join(d, 'registry.csv'), out: join(d, 'r.idx') });
    const [onIndex, onIndex2, onCsv] = [join(d, 'i'), join(d, 'i2'), join(d, 'c')];
    await runMatch({ registry: join(d, 'r.idx'), doses: join(d, 'doses.csv'), out: onIndex, model });
    await runMatch({ registry: join(d, 'r.idx'), doses: join(d, 'doses.csv'), out: onIndex2, model, threads: '2' });
    await runMatch({ registry: join(d, 'registry.csv'), doses: join(d, 'doses.csv'), out: onCsv, model });
    const rows = (p: string) => readFileSync(join(p, 'results.csv'), 'utf8').split('\n');
    const [a, b] = [rows(onIndex), rows(onCsv)];
    expect(a.length).toBe(18_002);
    expect(a.filter((line, i) => line !== b[i])).toEqual([]);
    expect(rows(onIndex2)).toEqual(a);
  });

  it('--format ndjson on the index gives the same objects as on the CSV', async () => {
    const [a, b] = [join(dir(), 'a'), join(dir(), 'b')];
    await runMatch({ registry: index, doses: DOSES, out: a, model, format: 'ndjson' });
    await runMatch({ registry: REGISTRY, doses: DOSES, out: b, model, format: 'ndjson' });
    expect(readFileSync(join(a, 'results.ndjson'), 'utf8')).toBe(readFileSync(join(b, 'results.ndjson'), 'utf8'));
  });

  it('bad dose rows: the same rejects (line, reason) as on the CSV, and the counts reconcile', async () => {
    const lines = readFileSync(DOSES, 'utf8').split('\n').slice(0, 60);
    lines.splice(10, 0, 'D9,"0790,Nguyễn" Văn,01/01/1990,Nam,079');
    lines.splice(20, 0, `${lines[1]},extra`);
    // Refused by every path alike (record-check.ts): an empty ID, bare or quoted; a name too long.
    const cells = lines[2].split(',');
    lines.splice(30, 0, ['', ...cells.slice(1)].join(','));
    lines.splice(31, 0, ['""', ...cells.slice(1)].join(','));
    lines.splice(40, 0, [cells[0], cells[1], 'Nguyễn '.repeat(700), ...cells.slice(3)].join(','));
    const d = dir();
    writeFileSync(join(d, 'doses.csv'), lines.join('\n') + '\n');
    const [onIndex, onCsv] = [join(d, 'i'), join(d, 'c')];
    const si = await runMatch({ registry: index, doses: join(d, 'doses.csv'), out: onIndex, model });
    await runMatch({ registry: REGISTRY, doses: join(d, 'doses.csv'), out: onCsv, model });
    const rejects = (p: string) => parseCsvSync(readFileSync(join(p, 'rejects.csv')), { file: p }).rows.map((r) => [r.get('line'), r.get('reason')]);
    expect(rejects(onIndex)).toEqual(rejects(onCsv));
    expect(rejects(onIndex).map((r) => r[0])).toEqual(['11', '21', '31', '32', '41']);
    expect(rejects(onIndex).slice(2).map((r) => r[1])).toEqual(['field_empty (dose_id)', 'field_empty (dose_id)', 'cell_too_long (full_name)']);
    expect(readFileSync(join(onIndex, 'results.csv'), 'utf8')).toBe(readFileSync(join(onCsv, 'results.csv'), 'utf8'));
    expect(si.rows_read.doses).toBe(si.results + si.rejects.doses);
  });

  it.each(['csv', 'ndjson'] as const)('two stray quotes lines apart, %s out: each line a row or a reject, as on the CSV register', async (format) => {
    const lines = readFileSync(DOSES, 'utf8').split('\n').slice(0, 12);
    const open = lines[3].split(',');
    open[2] = `"${open[2]}`;
    lines[3] = open.join(',');
    const close = lines[5].split(',');
    close[2] = `${close[2]}"`;
    lines[5] = close.join(',');
    lines.push('D99,"079090001234,An');
    const d = dir();
    writeFileSync(join(d, 'doses.csv'), lines.join('\n') + '\n');
    const [onIndex, onCsv] = [join(d, 'i'), join(d, 'c')];
    const si = await runMatch({ registry: index, doses: join(d, 'doses.csv'), out: onIndex, model, format });
    await runMatch({ registry: REGISTRY, doses: join(d, 'doses.csv'), out: onCsv, model, format });
    const rejects = (p: string) => parseCsvSync(readFileSync(join(p, 'rejects.csv')), { file: p }).rows.map((r) => [r.get('line'), r.get('reason')?.split(' ')[0]]);
    expect(rejects(onIndex)).toEqual([
      ['4', 'quote_unclosed'],
      ['6', 'quote_misplaced:'],
      ['13', 'quote_unclosed'],
    ]);
    expect(rejects(onCsv)).toEqual(rejects(onIndex));
    expect(si.rows_read.doses).toBe(12);
    expect(si.results).toBe(9);
    expect(readFileSync(join(onIndex, `results.${format}`), 'utf8')).toBe(readFileSync(join(onCsv, `results.${format}`), 'utf8'));
  });

  it('a refused CSV row keeps its raw text as read, NDJSON out on the index as CSV out on the register', async () => {
    const lines = readFileSync(DOSES, 'utf8').split('\n').slice(0, 20);
    // An empty dose_id (refused by every path), quoted; an ID quoted though it need not be; a name
    // holding a comma and quotes: text no re-quoting of the cells would give back.
    const cells = lines[2].split(',');
    lines.splice(5, 0, ['""', `"${cells[1]}"`, '"Nguyễn, ""Văn"" An"', ...cells.slice(3)].join(','));
    const d = dir();
    writeFileSync(join(d, 'doses.csv'), lines.join('\n') + '\n');
    const [onIndex, onCsv] = [join(d, 'i'), join(d, 'c')];
    await runMatch({ registry: index, doses: join(d, 'doses.csv'), out: onIndex, model, format: 'ndjson' });
    await runMatch({ registry: REGISTRY, doses: join(d, 'doses.csv'), out: onCsv, model });
    const rejects = (p: string) => parseCsvSync(readFileSync(join(p, 'rejects.csv')), { file: p }).rows.map((r) => [r.get('line'), r.get('reason'), r.get('raw')]);
    expect(rejects(onIndex)).toEqual(rejects(onCsv));
    expect(rejects(onIndex)[0][2]).toBe(lines[5]);
  });

  it('doses without a required column: COLUMN_MISSING, and results.csv closed holding what the CSV job leaves (the header)', async () => {
    const d = dir();
    writeFileSync(join(d, 'doses.csv'), 'dose_id,full_name\nD1,An\n');
    const [onIndex, onCsv, onIndexNdjson] = [join(d, 'i'), join(d, 'c'), join(d, 'n')];
    await expect(runMatch({ registry: index, doses: join(d, 'doses.csv'), out: onIndex, model })).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    await expect(runMatch({ registry: REGISTRY, doses: join(d, 'doses.csv'), out: onCsv, model })).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    const written = readFileSync(join(onIndex, 'results.csv'), 'utf8');
    expect(written).toMatch(/^dose_id,decision,[^\n]*\n$/);
    expect(written).toBe(readFileSync(join(onCsv, 'results.csv'), 'utf8'));
    // NDJSON has no header: the index path leaves an empty file (the CSV job writes NDJSON after linking, so none).
    await expect(runMatch({ registry: index, doses: join(d, 'doses.csv'), out: onIndexNdjson, model, format: 'ndjson' })).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    expect(readFileSync(join(onIndexNdjson, 'results.ndjson'), 'utf8')).toBe('');
  });

  it('reports the results written so far as progress, batch by batch (stage link, no total in a stream)', async () => {
    const calls: [string, number, number][] = [];
    const summary = await matchOnIndex({ index, doses: DOSES, dosesName: 'doses.csv', model, thresholds: {}, format: 'csv', results: join(dir(), 'results.csv'), onReject: () => {}, onProgress: (...a) => calls.push(a) });
    expect(calls).toEqual([['link', 2000, 0]]);
    expect(summary.results).toBe(2000);
  });

  it('a register row that cannot be read is counted and written to --rejects', async () => {
    const d = dir();
    const reg = readFileSync(REGISTRY, 'utf8').split('\n').slice(0, 50);
    reg.splice(7, 0, '001190000001,"Nguyễn Văn,1990');
    writeFileSync(join(d, 'reg.csv'), reg.join('\n') + '\n');
    const report = await runIndex({ registry: join(d, 'reg.csv'), out: join(d, 'reg.idx'), rejects: join(d, 'rejects.csv') });
    const rejected = parseCsvSync(readFileSync(join(d, 'rejects.csv')), { file: 'rejects.csv' }).rows;
    expect(report.rejects).toBe(rejected.length);
    expect(rejected[0].get('line')).toBe('8');
    expect(report.persons + report.rejects).toBe(report.rows_read);
    // A match on that index: "rejected" is what its own rejects.csv holds; the register's are told apart.
    const out = join(d, 'out');
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    try {
      expect(await main(['match', '--registry', join(d, 'reg.idx'), '--doses', DOSES, '--model', model, '--out', out])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    expect(stderr).toContain('; 0 rejected (and 1 register row when the index was built);');
    expect(parseCsvSync(readFileSync(join(out, 'rejects.csv')), { file: 'rejects.csv' }).rows).toHaveLength(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ rejects: { registry: 1, doses: 0 }, reconciles: true });
  });

  it('a register row with an empty person_id is refused alike by the CSV job and khop index (field_empty), never linked to an empty ID', async () => {
    const d = dir();
    const reg = readFileSync(REGISTRY, 'utf8').split('\n').slice(0, 301);
    const cells = reg[5].split(',');
    reg.splice(7, 0, ['', ...cells.slice(1)].join(','));
    writeFileSync(join(d, 'reg.csv'), reg.join('\n') + '\n');
    const report = await runIndex({ registry: join(d, 'reg.csv'), out: join(d, 'reg.idx'), rejects: join(d, 'index-rejects.csv') });
    const indexRejects = parseCsvSync(readFileSync(join(d, 'index-rejects.csv')), { file: 'r' }).rows.map((r) => [r.get('line'), r.get('reason')]);
    expect(indexRejects).toEqual([['8', 'field_empty (person_id)']]);
    expect(report.persons).toBe(300);
    const out = join(d, 'csv');
    const summary = await runMatch({ registry: join(d, 'reg.csv'), doses: DOSES, out, model });
    const matchRejects = parseCsvSync(readFileSync(join(out, 'rejects.csv')), { file: 'r' }).rows.map((r) => [r.get('line'), r.get('reason')]);
    expect(matchRejects).toEqual(indexRejects);
    expect(summary.rejects.registry).toBe(1);
    const results = parseCsvSync(readFileSync(join(out, 'results.csv')), { file: 'r' }).rows;
    expect(results.filter((r) => r.get('decision') !== 'unmatched' && r.get('person_id') === '')).toHaveLength(0);
  });

  it.each([
    ['match on an index without --model', () => runMatch({ registry: index, doses: DOSES, out: dir() }), /--model is required/],
    ['an index written over its register', () => runIndex({ registry: REGISTRY, out: REGISTRY }), /must not be one of the inputs/],
  ])('%s → BAD_ARGUMENT', async (_name, run, message) => {
    await expect(run()).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(message) });
  });
});
