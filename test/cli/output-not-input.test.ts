/**
 * Every command refuses an output path that is one of its inputs (BAD_ARGUMENT, exit 2) and leaves
 * the input as it was; `khop match` refuses two of its outputs on one file.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const COMPANIES = fileURLToPath(new URL('../../datasets/synthetic-schema/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** `khop` with `args(d)`, d a new folder holding the sample's register and doses: exit code and stderr. */
async function runInSampleFolder(args: (d: string) => string[]): Promise<{ d: string; code: number; stderr: string }> {
  const d = mkdtempSync(join(tmpdir(), 'khop-out-'));
  for (const f of ['registry.csv', 'doses.csv']) copyFileSync(join(SAMPLE, f), join(d, f));
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await main(args(d));
  return { d, code, stderr };
}

describe('an output that is an input', () => {
  it.each([
    ['train --out = the doses', (d: string) => ['train', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'doses.csv')]],
    ['evaluate --report = the results', (d: string) => ['evaluate', '--results', join(d, 'doses.csv'), '--truth', join(d, 'truth.csv'), '--report', join(d, 'doses.csv')]],
    ['explain --html = the doses', (d: string) => ['explain', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--dose', 'D00000001', '--html', join(d, 'doses.csv')]],
    ['index --rejects = the register', (d: string) => ['index', '--registry', join(d, 'registry.csv'), '--out', join(d, 'r.idx'), '--rejects', join(d, 'registry.csv')]],
    ['index --rejects = --out', (d: string) => ['index', '--registry', join(d, 'registry.csv'), '--out', join(d, 'r.idx'), '--rejects', join(d, 'r.idx')]],
    ['serve --rejects = the model', (d: string) => ['serve', '--registry', join(d, 'registry.csv'), '--model', join(d, 'model.json'), '--port', '0', '--rejects', join(d, 'model.json')]],
    ['index --rejects = the settings', (d: string) => ['index', '--registry', join(d, 'registry.csv'), '--settings', join(d, 'settings.json'), '--out', join(d, 'r.idx'), '--rejects', join(d, 'settings.json')]],
    ['dedupe --out holding the input as pairs.csv', (d: string) => ['dedupe', '--input', join(d, 'pairs.csv'), '--settings', join(d, 'settings.json'), '--out', d]],
    ['evaluate --report = the model.json beside the results (the model it shows)', (d: string) => ['evaluate', '--results', join(d, 'doses.csv'), '--report', join(d, 'model.json')]],
  ])('%s: exit 2, the input unchanged', async (_, args) => {
    const d = mkdtempSync(join(tmpdir(), 'khop-out-in-'));
    for (const f of ['registry.csv', 'doses.csv', 'truth.csv']) copyFileSync(join(SAMPLE, f), join(d, f));
    copyFileSync(join(COMPANIES, 'companies.csv'), join(d, 'pairs.csv'));
    copyFileSync(join(COMPANIES, 'dedupe.json'), join(d, 'settings.json'));
    copyFileSync(join(COMPANIES, 'dedupe.json'), join(d, 'model.json'));
    const before = Object.fromEntries(['registry.csv', 'doses.csv', 'pairs.csv', 'model.json', 'settings.json'].map((f) => [f, readFileSync(join(d, f))]));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(args(d))).toBe(2);
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(d, f)).equals(bytes)).toBe(true);
  });

  it.each([
    ['match --rejects = its results.csv', (d: string) => ['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'o'), '--rejects', join(d, 'o', 'results.csv')]],
    ['match --summary = its results.csv', (d: string) => ['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'o'), '--summary', join(d, 'o', 'results.csv')]],
    ['match --summary = --rejects', (d: string) => ['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'o'), '--summary', join(d, 's'), '--rejects', join(d, 's')]],
    ['match --summary = the model.json it estimates', (d: string) => ['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'o'), '--summary', join(d, 'o', 'model.json')]],
    ['match --out - with --summary = --rejects', (d: string) => ['match', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', '-', '--summary', join(d, 's'), '--rejects', join(d, 's')]],
  ])('two outputs on one file: %s is exit 2 before anything is written', async (_, args) => {
    const { d, code, stderr } = await runInSampleFolder(args);
    expect(code).toBe(2);
    expect(stderr).toContain('BAD_ARGUMENT');
    expect(stderr).toContain('name the same file');
    expect(existsSync(join(d, 'o'))).toBe(false);
    expect(existsSync(join(d, 's'))).toBe(false);
  });

  it('an output that is the file standard input was redirected from (--doses - < x.csv, --rejects x.csv)', () => {
    const d = mkdtempSync(join(tmpdir(), 'khop-out-stdin-'));
    copyFileSync(join(SAMPLE, 'doses.csv'), join(d, 'x.csv'));
    const before = readFileSync(join(d, 'x.csv'));
    const stdin = openSync(join(d, 'x.csv'), 'r');
    try {
      const args = ['--import', 'tsx', MAIN, 'match', '--registry', join(SAMPLE, 'registry.csv'), '--doses', '-', '--out', '-', '--rejects', join(d, 'x.csv')];
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, KHOP_NO_RELAUNCH: '1' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('the output must not be one of the inputs');
    } finally {
      closeSync(stdin);
    }
    expect(readFileSync(join(d, 'x.csv')).equals(before)).toBe(true);
  });

  it('two outputs on one device (both on /dev/null) are not refused', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const d = mkdtempSync(join(tmpdir(), 'khop-out-out-'));
    const args = ['match', '--registry', join(SAMPLE, 'registry.csv'), '--doses', join(SAMPLE, 'doses.csv'), '--out', join(d, 'o'), '--summary', '/dev/null', '--rejects', '/dev/null'];
    expect(await main(args)).toBe(0);
  });

  it.each([
    ['train --out a folder', (d: string) => ['train', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', d]],
    ['train --out in a missing folder', (d: string) => ['train', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', join(d, 'no', 'm.json')]],
    ['index --rejects a folder', (d: string) => ['index', '--registry', join(d, 'registry.csv'), '--out', join(d, 'r.idx'), '--rejects', d]],
    ['evaluate --report in a missing folder', (d: string) => ['evaluate', '--results', join(d, 'doses.csv'), '--report', join(d, 'no', 'r.html')]],
    ['evaluate --report -', (d: string) => ['evaluate', '--results', join(d, 'doses.csv'), '--report', '-']],
    ['train --out -', (d: string) => ['train', '--registry', join(d, 'registry.csv'), '--doses', join(d, 'doses.csv'), '--out', '-']],
    ['train with both inputs on stdin', () => ['train', '--registry', '-', '--doses', '-', '--out', 'm.json']],
  ])('an output file that cannot be written: %s is exit 2 before the work', async (_, args) => {
    const { code, stderr } = await runInSampleFolder(args);
    expect(code).toBe(2);
    expect(stderr).toContain('BAD_ARGUMENT');
    expect(stderr).not.toContain('INTERNAL');
  });
});
