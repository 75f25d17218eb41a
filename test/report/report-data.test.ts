/**
 * The report's data on the bundled sample (matched once here): the true curve is the evaluator's,
 * the tally holds every dose once, the worst cases carry the fields of the files, and the
 * unlabelled estimate stays within the stated bound of the truth.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatch } from '../../src/cli/commands/match.js';
import { loadProfile } from '../../src/generate/profile.js';
import { writeDataset } from '../../src/generate/write-dataset.js';
import { evaluateFiles } from '../../src/evaluate/evaluate-files.js';
import { isKhopError } from '../../src/errors.js';
import { OUTCOMES } from '../../src/report/dose-outcome.js';
import { buildReportData, GAP_FROM, thresholdGrid, type ReportData } from '../../src/report/report-data.js';
import { countAbove } from '../../src/report/score-tally.js';
import { holdsOpen, longCsv } from '../open-files.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const ANY_SCHEMA = fileURLToPath(new URL('../../datasets/synthetic-schema/', import.meta.url));
/** The bound the README states for the sample: |estimated − true| precision and recall at p ≥ 0.5. */
const SAMPLE_GAP_BOUND = 0.005;

let results = '';
let labelled: ReportData;
let unlabelled: ReportData;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'khop-report-data-')), 'run');
  await runMatch({ registry: `${SAMPLE}registry.csv`, doses: `${SAMPLE}doses.csv`, out });
  results = join(out, 'results.csv');
  labelled = await buildReportData({ results, truth: `${SAMPLE}truth.csv`, doses: `${SAMPLE}doses.csv`, registry: `${SAMPLE}registry.csv` });
  unlabelled = await buildReportData({ results });
}, 120_000);

const total = (d: ReportData): number => OUTCOMES.reduce((n, o) => n + d.tally.counts[o].reduce((a, b) => a + b, 0), 0);

describe('buildReportData on the sample', () => {
  it('the unlabelled estimate is within the stated bound of the true precision and recall at p ≥ 0.5', () => {
    expect(labelled.gap!.precision!.gap).toBeLessThanOrEqual(SAMPLE_GAP_BOUND);
    expect(labelled.gap!.recall!.gap).toBeLessThanOrEqual(SAMPLE_GAP_BOUND);
    expect(labelled.gap!.precision!.threshold).toBeGreaterThanOrEqual(GAP_FROM);
  });

  it('draws the true curve from the evaluator, at every grid threshold', async () => {
    const grid = thresholdGrid();
    const reference = await evaluateFiles({ results, truth: `${SAMPLE}truth.csv` }, { thresholds: grid });
    expect(labelled.curve.map((c) => c.truth)).toEqual(reference.thresholds);
    expect(labelled.evaluation!.recall_by_tag).toEqual(reference.recall_by_tag);
  });

  it('tallies every dose once, with or without truth, and the same estimate either way', () => {
    expect(total(labelled)).toBe(2000);
    expect(total(unlabelled)).toBe(2000);
    expect(unlabelled.labelled).toBe(false);
    expect(unlabelled.evaluation).toBeUndefined();
    expect(unlabelled.curve.map((c) => c.estimate)).toEqual(labelled.curve.map((c) => c.estimate));
  });

  it('the tally at a threshold gives the evaluator\'s TP and FP there', () => {
    for (const point of labelled.evaluation!.thresholds.filter((p) => p.threshold >= 0.5)) {
      const above = countAbove(labelled.tally, point.threshold);
      expect([above.correct, above.wrong]).toEqual([point.tp, point.fp]);
    }
  });

  it('lists the false negatives lowest weight first, with the fields of the dose and of both persons', () => {
    const fn = labelled.worst!.false_negatives;
    expect(fn.length).toBeGreaterThan(0);
    for (let i = 1; i < fn.length; i++) expect(fn[i].dose.weight).toBeGreaterThanOrEqual(fn[i - 1].dose.weight);
    for (const c of fn) {
      expect(c.dose_fields?.full_name).toBeTruthy();
      expect(c.true_fields?.person_id).toBe(c.dose.true_person_id);
    }
  });

  it('counts a truth dose with no results row as a miss with no candidate, and lists it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-report-data-'));
    writeFileSync(join(dir, 'results.csv'), 'dose_id,decision,person_id,match_probability,match_weight\nD1,corrected,P1,0.999,10\n');
    writeFileSync(join(dir, 'truth.csv'), 'dose_id,person_id,tags\nD1,P1,\nD2,P2,name_typo\nD3,,absent\n');
    const d = await buildReportData({ results: join(dir, 'results.csv'), truth: join(dir, 'truth.csv') });
    expect(d.doses).toBe(3);
    expect(d.no_candidate).toBe(2);
    expect(d.worst!.false_negatives.map((c) => [c.dose.dose_id, c.dose.decision])).toEqual([['D2', 'unmatched']]);
    expect(d.evaluation!.missing.count).toBe(2);
    expect(countAbove(d.tally, 0)).toMatchObject({ links: 1, correct: 1, wrong: 0, scored: 3 });
  });
});

/**
 * The bound on generated data with every dose damaged: 3,000 persons and doses of the
 * `mismatched` profile, seed 11, one thread (measured: precision gap 0.0003, recall gap 0.0064;
 * the recall estimate runs high by the doses blocking gave no candidate). The README states the
 * 100,000-dose figures.
 */
const MISMATCHED_GAP_BOUND = 0.01;

describe('buildReportData on the mismatched profile', () => {
  it('the unlabelled estimate is within the stated bound of the true precision and recall at p ≥ 0.5', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-report-mismatched-'));
    await writeDataset({ people: 3000, doses: 3000, seed: 11, profile: loadProfile('mismatched') }, dir);
    await runMatch({ registry: join(dir, 'registry.csv'), doses: join(dir, 'doses.csv'), out: join(dir, 'out'), threads: '1' });
    const d = await buildReportData({ results: join(dir, 'out', 'results.csv'), truth: join(dir, 'truth.csv') });
    expect(d.gap!.precision!.gap).toBeLessThanOrEqual(MISMATCHED_GAP_BOUND);
    expect(d.gap!.recall!.gap).toBeLessThanOrEqual(MISMATCHED_GAP_BOUND);
  }, 60_000);
});

describe('buildReportData on repeated rows', () => {
  const csv = 'dose_id,decision,person_id,match_probability,match_weight\nD1,corrected,P1,0.999,10\nD1,unmatched,,0.1,-3\nD2,review,P9,0.6,0.6\n';

  it.each([
    ['with truth, the first row of a dose counts, as in the evaluator', true, 2, [0.999, 0.6]],
    ['without truth, every row read is a dose (no dose_id is kept)', false, 3, [0.999, 0.6, 0.1]],
  ])('%s', async (_name, withTruth, doses, ps) => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-report-data-'));
    writeFileSync(join(dir, 'results.csv'), csv);
    writeFileSync(join(dir, 'truth.csv'), 'dose_id,person_id,tags\nD1,P1,\nD2,P2,\n');
    const d = await buildReportData({ results: join(dir, 'results.csv'), ...(withTruth ? { truth: join(dir, 'truth.csv') } : {}) });
    expect(d.doses).toBe(doses);
    expect(d.tally.p).toEqual(ps);
    expect(d.estimated_matches).toBeCloseTo(ps.reduce((a, b) => a + b, 0), 12);
    if (withTruth) expect([d.evaluation!.duplicates.results.count, d.evaluation!.missing.count]).toEqual([1, 0]);
  });
});

describe('buildReportData on the results of another schema', () => {
  it('reads ID columns named after the settings (company_id_r, company_id_l) as dose and person', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'khop-report-data-')), 'run');
    await runMatch({ left: `${ANY_SCHEMA}companies-a.csv`, right: `${ANY_SCHEMA}companies-b.csv`, settings: `${ANY_SCHEMA}link.json`, out });
    const own = join(out, 'results.csv');
    const text = readFileSync(own, 'utf8');
    expect(text.slice(0, text.indexOf('\n')).split(',').slice(0, 4)).toEqual(['company_id_r', 'decision', 'company_id_l', 'match_probability']);
    // The same file with the vn-vaccination preset's names: the report must not tell them apart.
    const renamed = join(out, 'renamed.csv');
    writeFileSync(renamed, text.replace(/^company_id_r,decision,company_id_l,/, 'dose_id,decision,person_id,'));
    const [a, b] = await Promise.all([buildReportData({ results: own }), buildReportData({ results: renamed })]);
    expect(a.doses).toBe(400);
    expect(a.tally).toEqual(b.tally);
    expect(a.curve).toEqual(b.curve);
    expect(countAbove(a.tally, 0.5).links).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['id,result,other,p\nD1,verified,P1,1\n'],
    ['dose_id,decision,match_probability\nD1,verified,1\n'],
  ])('a header that is neither is COLUMN_MISSING, naming the file: %j', async (csv) => {
    const file = join(mkdtempSync(join(tmpdir(), 'khop-report-data-')), 'results.csv');
    writeFileSync(file, csv);
    const error = await buildReportData({ results: file }).catch((e: unknown) => e);
    expect(isKhopError(error) && error.code).toBe('COLUMN_MISSING');
    expect(error).toMatchObject({ where: { file } });
    // The file's own name is there by design; its random temporary directory may hold "D1" too.
    expect(String(error).replaceAll(file, '')).not.toContain('D1');
  });

  it('closes the results file when its header is neither (not left to garbage collection)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'khop-report-data-')), 'results.csv');
    writeFileSync(file, longCsv('decision,match_probability,x', 'verified,1,a'));
    const error = await buildReportData({ results: file }).catch((e: unknown) => e);
    expect(isKhopError(error) && error.code).toBe('COLUMN_MISSING');
    expect(holdsOpen(file)).not.toBe(true);
  });

  it('an empty results file is FILE_EMPTY; a header alone gives an empty report with undefined ratios', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-report-data-'));
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'header.csv'), 'dose_id,decision,person_id,match_probability,match_weight\n');
    const error = await buildReportData({ results: join(dir, 'empty.csv') }).catch((e: unknown) => e);
    expect(isKhopError(error) && error.code).toBe('FILE_EMPTY');
    const d = await buildReportData({ results: join(dir, 'header.csv') });
    expect(d.doses).toBe(0);
    expect(d.estimated_matches).toBe(0);
    expect(d.curve.every((c) => c.estimate.precision === null && c.estimate.recall === null)).toBe(true);
  });
});
