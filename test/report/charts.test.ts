/**
 * Every chart of the report is a valid Vega-Lite spec: vega-lite compiles it without an error or
 * a warning, and the charts the slider moves declare its two parameters.
 */
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ProbabilityEstimate } from '../../src/evaluate/unlabelled-estimate.js';
import { SortedCandidates } from '../../src/evaluate/threshold-sweep.js';
import { weightForProbability } from '../../src/model/fellegi-sunter.js';
import { modelChart, precisionRecallChart, tagRecallChart, thresholdChart, weightHistogramChart, THRESHOLD_PARAMS } from '../../src/report/charts.js';
import type { CurvePoint } from '../../src/report/report-data.js';

const ts = [0.5, 0.9, 0.99];
const estimate = new ProbabilityEstimate([1, 0.99, 0.7, 0.2]).at(ts);
const truth = SortedCandidates.from([{ probability: 1, correct: true }, { probability: 0.7, correct: false }]).at(ts, 2);
const curve: CurvePoint[] = ts.map((t, i) => ({ threshold: t, weight: weightForProbability(t), estimate: estimate[i], truth: truth[i] }));
const tag = { count: 4, present: 4, auto_found: 3, review_found: 4, auto_recall: 0.75, review_recall: 1 };
const model = {
  lambda: 0.001,
  comparisons: [{ name: 'dob', levels: [{ label: 'missing', kind: 'null' as const, m: 1, u: 1 }, { label: 'exact', kind: 'date_exact' as const, m: 0.9, u: 0.01 }, { label: 'else', kind: 'else' as const, m: 0.1, u: 0.99 }] }],
};

function compileQuietly(spec: object): string[] {
  const messages: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => (messages.push(`error ${m.join(' ')}`), logger),
    warn: (...m: unknown[]) => (messages.push(`warn ${m.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  compile(spec as TopLevelSpec, { logger: logger as never });
  return messages;
}

describe('report charts', () => {
  it.each([
    ['threshold', thresholdChart(curve, 6.6, 0), true],
    ['precision-recall', precisionRecallChart(curve), false],
    ['histogram', weightHistogramChart([{ series: 'true match', from: 5, to: 6, count: 9 }, { series: 'non-match', from: -3, to: -2, count: 2 }], 6.6, 0), true],
    ['tag recall', tagRecallChart({ name_typo: tag, dob_digit: { ...tag, auto_recall: 0.5 } }), false],
    ['model', modelChart(model), false],
  ])('%s compiles without a warning', (_name, spec, sliderParams) => {
    expect(compileQuietly(spec)).toEqual([]);
    const params = ((spec as { params?: { name: string }[] }).params ?? []).map((p) => p.name);
    expect(params).toEqual(sliderParams ? [...THRESHOLD_PARAMS] : []);
  });

  it('leaves out the null level (no evidence) from the model chart', () => {
    const values = (modelChart(model) as { data: { values: { level: string }[] } }).data.values;
    expect(values.map((v) => v.level)).toEqual(['dob: exact', 'dob: else']);
  });
});
