/**
 * `writeReport`'s starting thresholds: the ones given, else the model's beside the results, where
 * a settings threshold of 0 or 1 (a decision switched off) starts the slider at its nearest end
 * instead of failing the report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKhopError } from '../../src/errors.js';
import { matchProbability, weightForProbability } from '../../src/model/fellegi-sunter.js';
import { createModel, saveModel } from '../../src/model/model-file.js';
import { GRID_BITS } from '../../src/report/report-data.js';
import type { SliderData } from '../../src/report/slider.js';
import { writeReport } from '../../src/report/write-report.js';
import { handModel } from '../explain/fixture.js';

const RESULTS = 'dose_id,decision,person_id,match_probability,match_weight\nD1,verified,P1,1,30\nD2,review,P2,0.7,1.2\n';

/** A results file with a model.json beside it whose thresholds are `auto` and `review`. */
function runDir(auto: number, review: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'khop-write-report-'));
  writeFileSync(join(dir, 'results.csv'), RESULTS);
  const hand = handModel();
  saveModel(join(dir, 'model.json'), createModel({ ...hand.settings, thresholds: { auto_accept: auto, review } }, hand.parameters, hand.provenance));
  return dir;
}

function sliderStart(html: string): { auto_w: number; review_w: number } {
  const json = /window\.KHOP_DATA=(\{.*?\});/s.exec(html)![1]!;
  const data = JSON.parse(json) as SliderData;
  return { auto_w: data.auto_w, review_w: data.review_w };
}

describe('writeReport: where the sliders start', () => {
  it.each([
    [0.99, 0.5, weightForProbability(0.99), 0],
    [1, 0, GRID_BITS.to, GRID_BITS.from],
    [1, 1, GRID_BITS.to, GRID_BITS.to],
  ])('model thresholds auto %d, review %d → %d and %d bits', async (auto, review, autoW, reviewW) => {
    const dir = runDir(auto, review);
    await writeReport({ results: join(dir, 'results.csv'), out: join(dir, 'r.html') });
    const start = sliderStart(readFileSync(join(dir, 'r.html'), 'utf8'));
    expect(start.auto_w).toBeCloseTo(autoW, 9);
    expect(start.review_w).toBeCloseTo(reviewW, 9);
  });

  it('given thresholds win over the model, and must be on the sliders (never moved onto them unseen)', async () => {
    const dir = runDir(1, 0);
    await writeReport({ results: join(dir, 'results.csv'), out: join(dir, 'r.html'), auto: 0.9, review: 0.6 });
    expect(sliderStart(readFileSync(join(dir, 'r.html'), 'utf8')).auto_w).toBeCloseTo(weightForProbability(0.9), 12);
    expect(matchProbability(GRID_BITS.to)).toBeLessThan(1);
    for (const given of [{ auto: 1 }, { auto: 0.9999999 }, { review: 0.0001 }, { review: 0 }]) {
      const error = await writeReport({ results: join(dir, 'results.csv'), out: join(dir, 'r.html'), ...given }).catch((e: unknown) => e);
      expect(isKhopError(error) && error.code).toBe('BAD_ARGUMENT');
      expect((error as Error).message).toContain('bits');
    }
  });

  it('says in the page which results rows could not be read, by line and reason', async () => {
    const dir = runDir(0.99, 0.5);
    writeFileSync(join(dir, 'results.csv'), `${RESULTS}D3,bogus,P3,0.5,0\nD4,review,P4,abc,0\n`);
    await writeReport({ results: join(dir, 'results.csv'), out: join(dir, 'r.html') });
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/<p id="unreadable" class="note">2 results rows could not be read and are in no count: line 4 \([^)]*decision[^)]*\); line 5 \([^)]*match_probability[^)]*\)\.<\/p>/);
  });

  it('a report file that cannot be written is BAD_ARGUMENT naming the file', async () => {
    const dir = runDir(0.99, 0.5);
    const out = join(dir, 'no-such-dir', 'r.html');
    const error = await writeReport({ results: join(dir, 'results.csv'), out }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_ARGUMENT', where: { file: out } });
  });
});
