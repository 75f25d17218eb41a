import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseThresholds, type EvaluateCommandOptions } from '../../src/cli/commands/evaluate.js';
import { evaluateHelp, RESULTS, runCommand } from './evaluate-fixture.js';

let dir = '';
const path = (name: string): string => join(dir, name);

const TRUTH = [
  'dose_id,person_id,tags',
  'd1,001090000001,',
  'd2,001090000002,diacritics_missing',
  'd3,001090000003,diacritics_missing|dob_swapped',
  'd4,,id_typo',
  '-d5,001090000005,id_typo',
  'd6,001090000006,',
  'd7,001090000007,dob_swapped',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'khop-evaluate-'));
  await writeFile(path('results.csv'), RESULTS);
  await writeFile(path('truth.csv'), '\uFEFF' + TRUTH);
  await writeFile(path('no-decision.csv'), 'dose_id,person_id,match_probability\nd1,001090000001,0.9\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (opts: Partial<EvaluateCommandOptions>): Promise<{ text: string; error: unknown }> =>
  runCommand(() => ({ results: path('results.csv'), truth: path('truth.csv') }), opts);

describe('khop evaluate --json', () => {
  it('prints one JSON object with the figures, counts and rows problems', async () => {
    const { text, error } = await run({ json: true, thresholds: '0.5,0.95' });
    expect(error).toBeUndefined();
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const rep = JSON.parse(text);
    // present d1 d2 d3 -d5 d6 d7 (6), absent d4. auto links: d1 d2 d6 ✓, -d5 ✗ (wrong person).
    expect(rep).toMatchObject({
      doses: 7,
      present: 6,
      absent: 1,
      results_rows: 6,
      auto_precision: 3 / 4,
      auto_recall: 3 / 6,
      review_recall: 4 / 6,
      // candidates (rows naming a person) 1✓ .999✓ .97✗ .93✓ .61✓: best at .61 → TP4 FP1 FN2 → 8/11
      best_f1: 8 / 11,
      best_threshold: 0.61,
      missing: { count: 1, examples: ['d7'] },
      extra: { count: 0 },
      unreadable: { results: { count: 1, examples: [{ line: 8 }] }, truth: { count: 0 } },
    });
    expect(rep.thresholds.map((p: { threshold: number; tp: number; fp: number }) => [p.threshold, p.tp, p.fp])).toEqual([
      [0.5, 4, 1],
      [0.95, 2, 1],
    ]);
    expect(rep.recall_by_tag).toEqual({
      dob_swapped: { count: 2, present: 2, auto_found: 0, review_found: 1, auto_recall: 0, review_recall: 0.5 },
      id_typo: { count: 2, present: 1, auto_found: 0, review_found: 0, auto_recall: 0, review_recall: 0 },
      diacritics_missing: { count: 2, present: 2, auto_found: 1, review_found: 2, auto_recall: 0.5, review_recall: 1 },
    });
  });

  it('never prints names, IDs or dates from the files', async () => {
    const { text } = await run({ json: true });
    const { text: plain } = await run({});
    for (const t of [text, plain]) {
      expect(t).not.toMatch(/00109000000\d/);
      expect(t).not.toContain('Nguyễn');
    }
  });
});

describe('khop evaluate (text)', () => {
  it('prints the tables', async () => {
    const { text } = await run({ thresholds: '0.9' });
    expect(text).toMatch(/auto \(verified \+ corrected\)\s+0\.7500\s+0\.5000/);
    expect(text).toMatch(/Best F1: 0\.7273 at match_probability >= 0\.61/);
    expect(text).toMatch(/^\s+0\.9\s+/m);
    expect(text).toContain('Unreadable rows in results (their doses count as missing): 1 (line 8: column_count');
  });

  it('--examples 0 gives the counts alone', async () => {
    const { text } = await run({ examples: '0' });
    expect(text).toContain('Unreadable rows in results (their doses count as missing): 1\n');
    expect(text).not.toContain('(, ');
    expect(text).not.toContain('()');
  });
});

describe('khop evaluate errors', () => {
  it.each<[string, Partial<EvaluateCommandOptions>, string]>([
    ['a missing results file', { results: '/nonexistent/results.csv' }, 'FILE_NOT_FOUND'],
    ['a missing truth file', { truth: '/nonexistent/truth.csv' }, 'FILE_NOT_FOUND'],
    ['a threshold above 1', { thresholds: '0.5,1.5' }, 'BAD_ARGUMENT'],
    ['a threshold that is not a number', { thresholds: 'high' }, 'BAD_ARGUMENT'],
    ['an empty threshold in the list', { thresholds: '0.5,,0.9' }, 'BAD_ARGUMENT'],
    ['a threshold in hexadecimal', { thresholds: '0x1' }, 'BAD_ARGUMENT'],
    ['a negative example count', { examples: '-1' }, 'BAD_ARGUMENT'],
    ['both files on stdin', { results: '-', truth: '-' }, 'BAD_ARGUMENT'],
  ])('%s → %s', async (_name, opts, code) => {
    const { error } = await run(opts);
    expect(error).toMatchObject({ code });
  });

  it('names the file and the column when the results file lacks one', async () => {
    const { error } = await run({ results: path('no-decision.csv') });
    expect(error).toMatchObject({ code: 'COLUMN_MISSING', where: { file: path('no-decision.csv') } });
    expect((error as Error).message).toContain("'decision'");
  });
});

describe('khop evaluate options', () => {
  it.each([
    ['0.5,0.9', [0.5, 0.9]],
    [' 0.99 , 1 ', [0.99, 1]],
    ['0', [0]],
    // One row per threshold asked, as asked (evaluate-report-command.test.ts): a repeat is kept.
    ['0.99,0.5,0.99', [0.99, 0.5, 0.99]],
    ['1e-1', [0.1]],
  ])('parseThresholds(%j) → %j', (input, expected) => {
    expect(parseThresholds(input)).toEqual(expected);
  });

  it.each([[''], ['  '], [','], ['0.5,'], ['0x1'], ['1.5']])('parseThresholds(%j) is BAD_ARGUMENT', (input) => {
    expect(() => parseThresholds(input)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining('--thresholds') }));
  });

  it('documents every flag and the definitions in --help', () => {
    const help = evaluateHelp();
    for (const flag of ['--results <file>', '--truth <file>', '--json', '--thresholds <list>', '--examples <n>', 'TP  linked to its true person', 'best F1']) {
      expect(help).toContain(flag);
    }
  });
});
