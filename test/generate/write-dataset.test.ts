import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCsvChunks } from '../../src/generate/dataset-csv.js';
import { loadProfile } from '../../src/generate/profile.js';
import { datasetPaths, writeDataset } from '../../src/generate/write-dataset.js';
import { NAMES } from './fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'khop-generate-'));
const opts = { people: 5000, doses: 6000, seed: 21, profile: loadProfile('mismatched'), names: NAMES, window: 1024 };

describe('writeDataset', () => {
  it('writes exactly the generated CSV text to the three files and returns the summary', async () => {
    const dir = join(tmp, 'nested', 'out');
    const summary = await writeDataset(opts, dir);
    const expected: Record<string, string> = { registry: '', doses: '', truth: '' };
    for (const c of generateCsvChunks(opts)) expected[c.file] += c.text;
    const paths = datasetPaths(dir);
    for (const f of ['registry', 'doses', 'truth'] as const) expect(readFileSync(paths[f], 'utf8')).toBe(expected[f]);
    expect(summary).toMatchObject({ people: 5000, doses: 6000, absentDoses: Math.round(6000 * 0.03), damagedDoses: 6000 });
    expect(summary.tagCounts.absent).toBe(summary.absentDoses);
  });

  it('reports an --out that cannot be a directory as BAD_ARGUMENT', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    await expect(writeDataset(opts, join(file, 'sub'))).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk is WRITE_FAILED, and leaves no cut file and an earlier data set as it was', async () => {
    const dir = join(tmp, 'full');
    mkdirSync(dir, { recursive: true });
    const paths = datasetPaths(dir);
    for (const f of ['registry', 'doses', 'truth'] as const) writeFileSync(paths[f], `earlier ${f}\n`);
    // The doses are written under a temporary name first (write-dataset.ts): make that one a full disk.
    symlinkSync('/dev/full', `${paths.doses}.partial`);
    await expect(writeDataset(opts, dir)).rejects.toMatchObject({ code: 'WRITE_FAILED', where: { file: dir } });
    for (const f of ['registry', 'doses', 'truth'] as const) expect(readFileSync(paths[f], 'utf8')).toBe(`earlier ${f}\n`);
    expect(readdirSync(dir).sort()).toEqual(['doses.csv', 'registry.csv', 'truth.csv']);
  });

  it('refuses a folder in a file\'s place before writing anything (a late rename would mix two data sets)', async () => {
    const dir = join(tmp, 'folder-in-place');
    mkdirSync(join(dir, 'truth.csv'), { recursive: true });
    writeFileSync(join(dir, 'registry.csv'), 'earlier\n');
    await expect(writeDataset(opts, dir)).rejects.toMatchObject({ code: 'BAD_ARGUMENT', where: { file: join(dir, 'truth.csv') } });
    expect(readFileSync(join(dir, 'registry.csv'), 'utf8')).toBe('earlier\n');
    expect(readdirSync(dir).sort()).toEqual(['registry.csv', 'truth.csv']);
  });

  it('fails on bad arguments before creating anything', async () => {
    const dir = join(tmp, 'never');
    await expect(writeDataset({ ...opts, doses: 10 ** 6 }, dir)).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(() => readFileSync(join(dir, 'registry.csv'))).toThrow();
  });
});
