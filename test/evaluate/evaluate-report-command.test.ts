/**
 * `khop evaluate` without labels and with --report: the estimate printed without --truth, the
 * report flags checked, the HTML written, and the text report unchanged by --report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EvaluateCommandOptions, type EstimateOutput } from '../../src/cli/commands/evaluate.js';
import { isKhopError } from '../../src/errors.js';
import { evaluateHelp, RESULTS, runCommand } from './evaluate-fixture.js';

const TRUTH = ['dose_id,person_id,tags', 'd1,001090000001,', 'd2,001090000002,diacritics_missing', 'd3,001090000003,dob_swapped', 'd4,,id_typo', '-d5,001090000005,id_typo', 'd6,001090000006,', 'd7,001090000007,dob_swapped'].join('\n');
const DOSES = ['dose_id,citizen_id,full_name,dob,gender,province', 'd2,001090000002,Nguyen Van An,01/02/1990,Nam,001', '-d5,001090000005,Trần Thị Bích,03/04/1990,Nữ,001'].join('\n');
const REGISTRY = ['person_id,full_name,dob,gender,province,old_id', '001090000009,Trần Thị Bính,03/04/1990,Nữ,001,', '001090000005,Trần Thị Bích,03/04/1990,Nữ,001,'].join('\n');

let dir = '';
const path = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'khop-evaluate-report-'));
  await Promise.all([
    writeFile(path('results.csv'), RESULTS),
    writeFile(path('truth.csv'), TRUTH),
    writeFile(path('doses.csv'), DOSES),
    writeFile(path('registry.csv'), REGISTRY),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (opts: Partial<EvaluateCommandOptions>): Promise<{ text: string; error: unknown }> => runCommand(() => ({ results: path('results.csv') }), opts);

describe('khop evaluate without --truth', () => {
  it('prints the estimate from the probabilities: at 0.9, 4 doses expected to hold 3.899 matches', async () => {
    const { text, error } = await run({ json: true, thresholds: '0.5,0.9' });
    expect(error).toBeUndefined();
    const out = JSON.parse(text) as EstimateOutput;
    expect(out.doses).toBe(6);
    expect(out.expected_matches).toBeCloseTo(0.999 + 0.93 + 0.61 + 0.02 + 0.97 + 1, 9);
    expect(out.estimate.map((p) => p.threshold)).toEqual([0.5, 0.9]);
    expect(out.estimate[1].links).toBe(4);
    expect(out.estimate[1].expected_tp).toBeCloseTo(3.899, 9);
    expect(out.estimate[1].precision).toBeCloseTo(3.899 / 4, 9);
    // The broken last row is in no count, and said so with its line.
    expect(out.unreadable).toEqual({ rows: 1, first: [{ line: 8, reason: expect.stringContaining('column_count') }] });
  });

  it.each([
    ['0.99,0.5', [0.99, 0.5]],
    ['0.9,0.5,0.9', [0.9, 0.5, 0.9]],
  ])('--thresholds %s: one row per threshold asked, in the order asked (as with --truth)', async (list, expected) => {
    for (const report of [undefined, path('order.html')]) {
      const estimate = JSON.parse((await run({ json: true, thresholds: list, report })).text) as EstimateOutput;
      expect(estimate.estimate.map((p) => p.threshold)).toEqual(expected);
      const labelled = JSON.parse((await run({ json: true, thresholds: list, report, truth: path('truth.csv') })).text) as { thresholds: { threshold: number }[] };
      expect(labelled.thresholds.map((p) => p.threshold)).toEqual(expected);
    }
  });

  it('prints a text table naming its assumptions', async () => {
    const { text } = await run({ thresholds: '0.9' });
    expect(text).toContain('Estimate without labels from 6 doses');
    expect(text).toContain('1 results row could not be read and is in no count: line 8 (column_count');
    expect(text).toMatch(/0\.9\s+4\s+3\.9\s+0\.9748/);
  });
});

describe('khop evaluate --report', () => {
  it.each([
    [{ model: 'm.json' }, '--model'],
    [{ doses: 'd.csv' }, '--doses'],
    [{ auto: '0.9' }, '--auto'],
  ])('%j without --report is BAD_ARGUMENT', async (opts, flag) => {
    const { error } = await run(opts);
    expect(isKhopError(error) && error.code).toBe('BAD_ARGUMENT');
    expect(String(error)).toContain(flag);
  });

  it.each([
    [{ auto: '1.5' }],
    [{ auto: '0.9', review: '0.95' }],
    [{ review: 'x' }],
  ])('thresholds %j are BAD_ARGUMENT', async (opts) => {
    const { error } = await run({ report: path('bad.html'), ...opts });
    expect(isKhopError(error) && error.code).toBe('BAD_ARGUMENT');
  });

  it('prints the same text report as without --report, and writes a self-contained page', async () => {
    const plain = await run({ truth: path('truth.csv') });
    const withReport = await run({ truth: path('truth.csv'), report: path('r.html') });
    expect(withReport.error).toBeUndefined();
    expect(withReport.text).toBe(plain.text);
    const html = await readFile(path('r.html'), 'utf8');
    // Assertions on slices: a failure must not print the megabyte of inlined Vega.
    expect(html.slice(0, 15)).toBe('<!DOCTYPE html>');
    expect(/Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toMatch(/^default-src &#39;none&#39;;/);
    expect(html.includes('id="worst-fp"')).toBe(true);
    // Without --doses/--registry the page names no one: only ids.
    expect(html.includes('Trần')).toBe(false);
  });

  it('with --doses and --registry shows the fields of a wrong link beside the true person', async () => {
    const { error } = await run({ truth: path('truth.csv'), report: path('f.html'), doses: path('doses.csv'), registry: path('registry.csv') });
    expect(error).toBeUndefined();
    const html = await readFile(path('f.html'), 'utf8');
    const fp = html.slice(html.indexOf('id="worst-fp"'), html.indexOf('</table>', html.indexOf('id="worst-fp"')));
    expect(fp).toContain('-d5');
    expect(fp).toContain('<td class="differs">Trần Thị Bính</td>');
    expect(fp).toContain('<td>Trần Thị Bích</td>');
  });

  it('documents the new flags in --help', () => {
    const help = evaluateHelp();
    for (const flag of ['--report <file.html>', '--model <file>', '--doses <file>', '--registry <file>', '--auto <p>', '--review <p>', 'Without --truth']) {
      expect(help).toContain(flag);
    }
  });
});
