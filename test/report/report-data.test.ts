/**
 * The report's data on the bundled sample (matched once here): the true curve is the evaluator's,
 * the tally holds every dose once, the worst cases carry the fields of the files, and the
 * unlabelled estimate stays within the stated bound of the truth.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatch } from '../../src/cli/commands/match.js';
import { evaluateFiles } from '../../src/evaluate/evaluate-files.js';
import { OUTCOMES } from '../../src/report/dose-outcome.js';
import { buildReportData, GAP_FROM, thresholdGrid, type ReportData } from '../../src/report/report-data.js';
import { countAbove } from '../../src/report/score-tally.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
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
