/**
 * `khop match` as a user runs it: the files it writes, and bad input — every damaged row ends in
 * rejects.csv with its line and reason, nothing crashes, and rows read = results + rejects.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMatch } from '../../src/cli/commands/match.js';
import { main } from '../../src/cli/program.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const registryLines = readFileSync(`${SAMPLE}registry.csv`, 'utf8').split('\n');
const doseLines = readFileSync(`${SAMPLE}doses.csv`, 'utf8').split('\n');
const REGISTRY = registryLines.slice(0, 301).join('\n') + '\n';
const DOSE_HEADER = doseLines[0];

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'khop-match-'));
}

/** A model estimated once on the whole sample: a handful of doses is too little for EM. */
let sampleModel = '';
beforeAll(async () => {
  const out = join(dir(), 'trained');
  await runMatch({ registry: `${SAMPLE}registry.csv`, doses: `${SAMPLE}doses.csv`, out });
  sampleModel = join(out, 'model.json');
});

async function matchDoses(
  doses: string | Buffer,
  registry: string | Buffer = REGISTRY,
  withModel = true,
): Promise<{ out: string; summary: Awaited<ReturnType<typeof runMatch>> }> {
  const d = dir();
  writeFileSync(join(d, 'registry.csv'), registry);
  writeFileSync(join(d, 'doses.csv'), doses);
  const out = join(d, 'out');
  const summary = await runMatch({ registry: join(d, 'registry.csv'), doses: join(d, 'doses.csv'), out, ...(withModel ? { model: sampleModel } : {}) });
  return { out, summary };
}

function csv(path: string): { header: readonly string[]; rows: string[][] } {
  const t = parseCsvSync(readFileSync(path), { file: path });
  return { header: t.header.names, rows: t.rows.map((r) => [...r.values]) };
}

describe('khop match writes the data contract', () => {
  it('results.csv, rejects.csv, summary.json and model.json', async () => {
    const doses = [DOSE_HEADER, ...doseLines.slice(1, 301)].join('\n') + '\n';
    const { out, summary } = await matchDoses(doses, REGISTRY, false);
    const results = csv(join(out, 'results.csv'));
    expect(results.header).toEqual([
      'dose_id',
      'decision',
      'person_id',
      'match_probability',
      'match_weight',
      'corrections',
      'suggested_full_name',
      'suggested_dob',
      'suggested_citizen_id',
      'suggested_gender',
    ]);
    expect(results.rows).toHaveLength(300);
    expect(csv(join(out, 'rejects.csv')).header).toEqual(['file', 'line', 'reason', 'raw']);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(summary.rows_read.doses).toBe(300);
    expect(summary.reconciles).toBe(true);
    expect(Object.keys(summary.timings_ms)).toEqual(['read_registry', 'read_doses', 'index', 'train', 'link_decide', 'write_wait']);
  });
});

describe('khop match estimating a model with --auto and --review', () => {
  it('saves the thresholds it decided with in model.json: a rerun with that model alone gives the same results', async () => {
    const d = dir();
    const first = await runMatch({ registry: `${SAMPLE}registry.csv`, doses: `${SAMPLE}doses.csv`, out: join(d, 'a'), auto: '0.9', review: '0.3' });
    const model = JSON.parse(readFileSync(join(d, 'a', 'model.json'), 'utf8'));
    expect(model.settings.thresholds).toMatchObject({ auto_accept: 0.9, review: 0.3 });
    expect(first.thresholds).toMatchObject({ auto_accept: 0.9, review: 0.3 });
    await runMatch({ registry: `${SAMPLE}registry.csv`, doses: `${SAMPLE}doses.csv`, out: join(d, 'b'), model: join(d, 'a', 'model.json') });
    expect(readFileSync(join(d, 'b', 'results.csv'), 'utf8')).toBe(readFileSync(join(d, 'a', 'results.csv'), 'utf8'));
    // …which the default thresholds would not have given.
    expect(readFileSync(join(d, 'a', 'results.csv'), 'utf8')).not.toBe(readFileSync(join(sampleModel, '..', 'results.csv'), 'utf8'));
  });
});

describe('khop match on a register that holds an ID twice', () => {
  it('counts it in summary.json and notes it on stderr, by count only', async () => {
    const d = dir();
    const [first, second] = registryLines.slice(1, 3);
    const twice = registryLines[1].split(',')[0];
    writeFileSync(join(d, 'registry.csv'), REGISTRY + `${first}\n${[twice, ...second.split(',').slice(1)].join(',')}\n`);
    writeFileSync(join(d, 'doses.csv'), doseLines.slice(0, 21).join('\n') + '\n');
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    try {
      expect(await main(['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'out'), '--model', sampleModel])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    const summary = JSON.parse(readFileSync(join(d, 'out', 'summary.json'), 'utf8'));
    expect(summary.registry_duplicate_ids).toEqual({ rule: 'exact_id', ids: 1, rows: 3 });
    expect(stderr).toContain('khop match: note: 1 register ID is held by more than one register row (3 rows, per blocking rule exact_id)');
    expect(stderr).not.toContain(twice);
  });
});

describe('khop match on bad input', () => {
  const good = doseLines.slice(1, 6);
  it.each([
    ['wrong column count', `${good[0]},extra`, 'column_count'],
    ['broken quotes', 'D9,"0790,Nguyễn" Văn,01/01/1990,Nam,079', 'quote_misplaced'],
  ])('%s: the row is rejected with its line and reason, the rest is linked', async (_name, bad, reason) => {
    const { out, summary } = await matchDoses([DOSE_HEADER, good[1], bad, good[2]].join('\r\n') + '\r\n');
    const rejects = csv(join(out, 'rejects.csv')).rows;
    expect(rejects).toHaveLength(1);
    expect(rejects[0][1]).toBe('3');
    expect(rejects[0][2]).toContain(reason);
    expect(csv(join(out, 'results.csv')).rows).toHaveLength(2);
    expect(summary.rows_read.doses).toBe(3);
    expect(summary.rejects.doses).toBe(1);
    expect(summary.reconciles).toBe(true);
  });

  // Cells of the data contract hold no line breaks, so a quote still open at the end of its line
  // is a stray one: a second stray quote lines later must not make the lines between one dose.
  const strayQuotes = (): string => {
    const cells = good.slice(0, 3).map((l) => l.split(','));
    cells[0][2] = `"${cells[0][2]}`;
    cells[2][2] = `${cells[2][2]}"`;
    return [DOSE_HEADER, ...cells.map((c) => c.join(',')), good[3]].join('\n') + '\n';
  };

  it('two stray quotes lines apart: each line is a row or a reject, none merged into another', async () => {
    const { out, summary } = await matchDoses(strayQuotes());
    expect(csv(join(out, 'rejects.csv')).rows.map((r) => [r[1], r[2]])).toEqual([
      ['2', 'quote_unclosed (full_name)'],
      ['4', 'quote_misplaced: field 3 (full_name)'],
    ]);
    expect(csv(join(out, 'results.csv')).rows.map((r) => r[0])).toEqual([good[1], good[3]].map((l) => l.split(',')[0]));
    expect(summary.rows_read.doses).toBe(4);
    expect(summary.reconciles).toBe(true);
  });

  it('with the side\'s multiline_cells set, a quoted cell spanning lines is read as RFC 4180 reads it', async () => {
    const d = dir();
    const settings = JSON.parse(readFileSync(fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url)), 'utf8'));
    settings.right.multiline_cells = true;
    writeFileSync(join(d, 'settings.json'), JSON.stringify(settings));
    writeFileSync(join(d, 'registry.csv'), REGISTRY);
    writeFileSync(join(d, 'doses.csv'), strayQuotes());
    const summary = await runMatch({ registry: join(d, 'registry.csv'), doses: join(d, 'doses.csv'), out: join(d, 'out'), model: sampleModel, settings: join(d, 'settings.json') });
    // The three lines are one record of the header's width: one dose, its name spanning lines.
    expect(summary.rows_read.doses).toBe(2);
    expect(summary.rejects.doses).toBe(0);
  });

  it('invalid UTF-8: the row is rejected, not silently altered', async () => {
    const bytes = Buffer.concat([Buffer.from(`${DOSE_HEADER}\n${good[0]}\nD7,079090001234,Nguy`), Buffer.from([0xff, 0xfe]), Buffer.from('n,1990,Nam,079\n')]);
    const { out, summary } = await matchDoses(bytes);
    expect(csv(join(out, 'rejects.csv')).rows[0][2]).toContain('invalid_utf8');
    expect(summary.rows_read.doses).toBe(2);
    expect(summary.results).toBe(1);
  });

  it('a BOM and CRLF line ends are read as usual', async () => {
    const { summary } = await matchDoses(`\uFEFF${[DOSE_HEADER, ...good].join('\r\n')}\r\n`);
    expect(summary.results).toBe(5);
    expect(summary.rejects.doses).toBe(0);
  });

  it('an empty doses file is a clear FILE_EMPTY error naming the file', async () => {
    await expect(matchDoses('')).rejects.toMatchObject({ code: 'FILE_EMPTY', where: { file: expect.stringContaining('doses.csv') } });
  });

  it('a missing column is COLUMN_MISSING naming it', async () => {
    await expect(matchDoses('dose_id,full_name,dob,gender,province\nD1,A,1990,Nam,079\n')).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
  });

  it('too little data to estimate a model is a clear BAD_ARGUMENT pointing to --model', async () => {
    await expect(matchDoses(`${DOSE_HEADER}\n${good[0]}\n`, REGISTRY, false)).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringContaining('--model'),
    });
  });

  it.each([1, 2])('a register of two records estimates no model (EM needs 20; it linked doses to the wrong person at probability 1), with %i thread(s)', async (threads) => {
    const d = dir();
    writeFileSync(join(d, 'registry.csv'), registryLines.slice(0, 3).join('\n') + '\n');
    const run = runMatch({ registry: join(d, 'registry.csv'), doses: `${SAMPLE}doses.csv`, out: join(d, 'out'), threads: String(threads) });
    await expect(run).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('the register holds 2 records, EM needs at least 20') });
  });

  it('a header-only doses file gives empty results, not an error', async () => {
    const { summary } = await matchDoses(`${DOSE_HEADER}\n`);
    expect(summary.results).toBe(0);
  });

  it('bad arguments exit 2', async () => {
    expect(await main(['match', '--registry', 'r.csv', '--doses', 'd.csv'])).toBe(2);
    expect(await main(['match', '--registry', 'r.csv', '--doses', 'd.csv', '--out', dir(), '--auto', '2'])).toBe(2);
    expect(await main(['match', '--registry', 'r.csv', '--doses', 'd.csv', '--out', dir(), '--threads', '0'])).toBe(2);
  });

  it('a failed run into a folder leaves no summary.json, not the earlier run\'s', async () => {
    const { out } = await matchDoses(doseLines.slice(0, 21).join('\n') + '\n');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    const bad = join(dir(), 'doses.csv');
    writeFileSync(bad, DOSE_HEADER.replace(',dob', '') + '\n');
    await expect(runMatch({ registry: `${SAMPLE}registry.csv`, doses: bad, out, model: sampleModel })).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it.each([
    ['--summary', (d: string) => ({ out: join(d, 'out'), summary: join(d, 'doses.csv') })],
    ['--rejects', (d: string) => ({ out: join(d, 'out'), rejects: join(d, 'doses.csv') })],
    ['--out (its results.csv)', (d: string) => ({ out: d, doses: join(d, 'results.csv') })],
  ])('%s naming an input is refused before anything is written or removed', async (_, paths) => {
    const d = dir();
    writeFileSync(join(d, 'doses.csv'), doseLines.slice(0, 21).join('\n') + '\n');
    writeFileSync(join(d, 'results.csv'), doseLines.slice(0, 21).join('\n') + '\n');
    const before = readFileSync(join(d, 'doses.csv'));
    await expect(runMatch({ registry: `${SAMPLE}registry.csv`, doses: join(d, 'doses.csv'), model: sampleModel, ...paths(d) })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(readFileSync(join(d, 'doses.csv')).equals(before)).toBe(true);
    expect(readFileSync(join(d, 'results.csv')).equals(before)).toBe(true);
  });

  it('an --out that cannot be a folder, or a register that is a folder, exits 2 (BAD_ARGUMENT), not an internal error', async () => {
    const d = dir();
    writeFileSync(join(d, 'file'), 'x');
    const args = ['match', '--doses', `${SAMPLE}doses.csv`, '--model', sampleModel];
    expect(await main([...args, '--registry', `${SAMPLE}registry.csv`, '--out', join(d, 'file')])).toBe(2);
    expect(await main([...args, '--registry', `${SAMPLE}registry.csv`, '--out', join(d, 'file', 'sub')])).toBe(2);
    expect(await main([...args, '--registry', d, '--out', join(d, 'out')])).toBe(2);
  });

  it('a missing file exits 1 with FILE_NOT_FOUND', async () => {
    expect(await main(['match', '--registry', join(dir(), 'nope.csv'), '--doses', 'd.csv', '--out', dir()])).toBe(1);
  });
});
