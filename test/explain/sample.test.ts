/**
 * `khop explain` against the match job on every dose of the bundled sample (2,000 doses, model
 * estimated by EM): the explained pair's waterfall adds up to the job's match weight bit for bit,
 * the results.csv row is the job's, and the decision's reasons tell the same story as the decision.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/engine/decide.js';
import { runMatchJob, type MatchJob } from '../../src/engine/match-job.js';
import { resultCells } from '../../src/engine/result-rows.js';
import { Explainer } from '../../src/explain/explain-pair.js';
import { loadSettings } from '../../src/model/load-settings.js';
import { decisionOf } from './fixture.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
let job: MatchJob;
let explainer: Explainer;

beforeAll(async () => {
  const settings = loadSettings(fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url)));
  job = await runMatchJob({ registry: `${SAMPLE}registry.csv`, registryName: 'registry.csv', doses: `${SAMPLE}doses.csv`, dosesName: 'doses.csv', settings });
  explainer = new Explainer({ settings, parameters: job.model.parameters, thresholds: job.thresholds, left: job.left, right: job.right });
}, 60_000);


describe('every dose of the sample, explained', () => {
  it('total = the job’s weight, same results.csv row, reasons agreeing with the decision', () => {
    const decisions = new Map<Decision, number>();
    for (let row = 0; row < job.right.size; row++) {
      const e = explainer.explain(row);
      const expected = job.results.build(job.link, row);
      expect(resultCells(e.job)).toEqual(resultCells(expected));
      expect(decisionOf(e.jobReasons)).toBe(expected.decision);
      decisions.set(expected.decision, (decisions.get(expected.decision) ?? 0) + 1);
      if (e.pair === null) {
        expect(job.link.best[row]).toBe(-1);
        continue;
      }
      expect(e.pair.weight).toBe(job.link.bestWeight[row]);
      expect(e.pair.personRow).toBe(job.link.best[row]);
      expect(e.pair.terms.at(-1)!.cumulative).toBeCloseTo(e.pair.weight, 9);
      expect(e.pair.reasons).toEqual(e.jobReasons);
      // The candidates' best is the job's choice (ties go to the lower register row).
      expect(e.candidates[0].personRow).toBe(job.link.best[row]);
      expect(e.pair.proposedBy.length).toBeGreaterThan(0);
    }
    // The sample exercises every decision, so each branch of the reasons was checked.
    expect([...decisions.keys()].sort()).toEqual(['corrected', 'review', 'unmatched', 'verified']);
  }, 60_000);
});
