/**
 * The report's Vega-Lite specifications (Satyanarayan et al., "Vega-Lite: A Grammar of Interactive
 * Graphics", IEEE TVCG 2017), modelled on Splink's charts: the threshold selection tool
 * (precision, recall and F1 against the match-weight threshold), the precision-recall curve, the
 * match-weights histogram and the m/u parameters chart
 * (moj-analytical-services.github.io/splink/charts/). Thresholds are drawn on the match-weight
 * axis (bits, log2 of the odds): on the probability axis everything above 0.99 would be squeezed
 * into the right edge, and that is where thresholds are chosen.
 *
 * Charts that show thresholds declare the parameters `auto_w` and `review_w` (weights) and draw a
 * rule at each; the page's slider script sets them (`view.signal`).
 */
import type { TagRecall } from '../evaluate/tag-recall.js';
import { levelWeight, type ModelParameters } from '../model/fellegi-sunter.js';
import { GRID_BITS, type CurvePoint } from './report-data.js';
import type { HistogramBin, WeightSeries } from './weight-histogram.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const THRESHOLD_PARAMS = ['auto_w', 'review_w'] as const;

/** Rules at the auto-accept and review thresholds, moved by the slider. */
function thresholdRules(autoWeight: number, reviewWeight: number): { params: object[]; layer: object } {
  return {
    params: [
      { name: 'auto_w', value: autoWeight },
      { name: 'review_w', value: reviewWeight },
    ],
    layer: {
      data: { values: [{ threshold: 'auto-accept' }, { threshold: 'review' }] },
      transform: [{ calculate: "datum.threshold === 'auto-accept' ? auto_w : review_w", as: 'w' }],
      mark: { type: 'rule', strokeWidth: 2, clip: true },
      encoding: {
        x: { field: 'w', type: 'quantitative' },
        color: { field: 'threshold', type: 'nominal', scale: { domain: ['auto-accept', 'review'], range: ['#1a7f37', '#bf8700'] }, legend: { title: 'threshold' } },
      },
    },
  };
}

const fmt = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Number(x.toFixed(6)));

/** Precision, recall and F1 against the threshold; the estimate dashed beside the truth. */
export function thresholdChart(curve: readonly CurvePoint[], autoWeight: number, reviewWeight: number): object {
  const values: object[] = [];
  for (const c of curve) {
    const sources = [['estimated without labels', c.estimate] as const, ...(c.truth ? [['true (from labels)', c.truth] as const] : [])];
    for (const [source, s] of sources) {
      for (const metric of ['precision', 'recall', 'F1'] as const) {
        const v = metric === 'F1' ? s.f1 : s[metric];
        if (v !== null) values.push({ weight: fmt(c.weight), threshold: c.threshold, metric, source, value: fmt(v) });
      }
    }
  }
  const rules = thresholdRules(autoWeight, reviewWeight);
  return {
    $schema: SCHEMA,
    width: 760,
    height: 300,
    params: rules.params,
    layer: [
      {
        data: { values },
        mark: { type: 'line', clip: true },
        encoding: {
          x: { field: 'weight', type: 'quantitative', title: 'threshold: match weight (bits); p = 2^w / (1 + 2^w)', scale: { domain: [GRID_BITS.from, GRID_BITS.to], nice: false } },
          y: { field: 'value', type: 'quantitative', title: 'share', scale: { zero: false } },
          stroke: { field: 'metric', type: 'nominal', title: 'metric', scale: { domain: ['precision', 'recall', 'F1'], range: ['#0969da', '#cf222e', '#8250df'] } },
          strokeDash: { field: 'source', type: 'nominal', title: 'curve' },
          tooltip: [
            { field: 'source', type: 'nominal' },
            { field: 'metric', type: 'nominal' },
            { field: 'threshold', type: 'quantitative', title: 'match probability ≥', format: '.6f' },
            { field: 'weight', type: 'quantitative', title: 'match weight ≥', format: '.2f' },
            { field: 'value', type: 'quantitative', format: '.4f' },
          ],
        },
      },
      rules.layer,
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** The precision-recall curve, one line per source, drawn in threshold order. */
export function precisionRecallChart(curve: readonly CurvePoint[]): object {
  const values: object[] = [];
  for (const c of curve) {
    values.push({ source: 'estimated without labels', order: c.threshold, threshold: c.threshold, precision: fmt(c.estimate.precision), recall: fmt(c.estimate.recall) });
    if (c.truth) values.push({ source: 'true (from labels)', order: c.threshold, threshold: c.threshold, precision: fmt(c.truth.precision), recall: fmt(c.truth.recall) });
  }
  return {
    $schema: SCHEMA,
    width: 420,
    height: 320,
    data: { values: values.filter((v) => (v as { precision: number | null }).precision !== null) },
    mark: { type: 'line', point: { size: 10 } },
    encoding: {
      x: { field: 'recall', type: 'quantitative', scale: { zero: false } },
      color: { field: 'source', type: 'nominal', title: 'curve', scale: { domain: ['estimated without labels', 'true (from labels)'], range: ['#8250df', '#1b1f24'] } },
      y: { field: 'precision', type: 'quantitative', scale: { zero: false } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'source', type: 'nominal' },
        { field: 'threshold', type: 'quantitative', title: 'match probability ≥', format: '.6f' },
        { field: 'precision', type: 'quantitative', format: '.4f' },
        { field: 'recall', type: 'quantitative', format: '.4f' },
      ],
    },
  };
}

const SERIES_COLOURS: readonly (readonly [WeightSeries, string])[] = [
  ['true match', '#2da44e'],
  ['non-match', '#cf222e'],
  ['not named, person present', '#9a6700'],
  ['all doses', '#0969da'],
];

/** Match-weight histogram per series, counts on a symlog axis (matches outnumber the rest). */
export function weightHistogramChart(bins: readonly HistogramBin[], autoWeight: number, reviewWeight: number): object {
  const rules = thresholdRules(autoWeight, reviewWeight);
  const series = SERIES_COLOURS.filter(([s]) => bins.some((b) => b.series === s));
  return {
    $schema: SCHEMA,
    width: 760,
    height: 260,
    params: rules.params,
    layer: [
      {
        data: { values: bins },
        mark: { type: 'bar', opacity: 0.65, binSpacing: 0 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'match weight of the best candidate (bits)' },
          x2: { field: 'to' },
          y: { field: 'count', type: 'quantitative', title: 'doses (symlog scale)', stack: null, scale: { type: 'symlog' } },
          y2: { datum: 0 },
          fill: { field: 'series', type: 'nominal', title: 'doses', scale: { domain: series.map(([s]) => s), range: series.map(([, colour]) => colour) } },
          tooltip: [
            { field: 'series', type: 'nominal' },
            { field: 'from', type: 'quantitative', title: 'weight from' },
            { field: 'to', type: 'quantitative', title: 'weight to' },
            { field: 'count', type: 'quantitative' },
          ],
        },
      },
      rules.layer,
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/**
 * Recall per damage tag, auto-accepted and with review, worst first: a dot plot (Cleveland &
 * McGill 1984), so that recalls between 0.95 and 1 stay apart without bars cut off at the baseline.
 */
export function tagRecallChart(byTag: Readonly<Record<string, TagRecall>>): object {
  const values: object[] = [];
  Object.entries(byTag).forEach(([tag, t], rank) => {
    if (t.auto_recall !== null) values.push({ tag, rank, set: 'auto-accepted', recall: fmt(t.auto_recall), doses: t.present });
    if (t.review_recall !== null) values.push({ tag, rank, set: 'with review', recall: fmt(t.review_recall), doses: t.present });
  });
  return {
    $schema: SCHEMA,
    width: 560,
    height: { step: 16 },
    data: { values },
    mark: { type: 'point', filled: true, size: 70 },
    encoding: {
      y: { field: 'tag', type: 'nominal', sort: { field: 'rank' }, title: null },
      x: { field: 'recall', type: 'quantitative', scale: { zero: false, domainMax: 1 } },
      color: { field: 'set', type: 'nominal', title: 'links counted', scale: { domain: ['auto-accepted', 'with review'], range: ['#0969da', '#bf8700'] } },
      tooltip: [{ field: 'tag' }, { field: 'set' }, { field: 'recall', type: 'quantitative', format: '.4f' }, { field: 'doses', type: 'quantitative', title: 'doses with person present' }],
    },
  };
}

/** Every level's weight, and its m and u on a log axis, in the settings' order. */
export function modelChart(parameters: ModelParameters): object {
  const values: object[] = [];
  let order = 0;
  for (const c of parameters.comparisons) {
    for (const l of c.levels) {
      if (l.kind === 'null') continue;
      values.push({ level: `${c.name}: ${l.label}`, comparison: c.name, order: order++, weight: fmt(levelWeight(l)), m: l.m, u: l.u });
    }
  }
  const y = { field: 'level', type: 'nominal', sort: { field: 'order' }, title: null };
  return {
    $schema: SCHEMA,
    data: { values },
    hconcat: [
      {
        width: 300,
        mark: 'bar',
        encoding: {
          y,
          x: { field: 'weight', type: 'quantitative', title: 'weight log2(m/u), bits' },
          color: { condition: { test: 'datum.weight < 0', value: '#cf222e' }, value: '#2da44e' },
          tooltip: [{ field: 'level' }, { field: 'weight', type: 'quantitative', format: '+.2f' }],
        },
      },
      {
        width: 300,
        transform: [{ fold: ['m', 'u'], as: ['parameter', 'probability'] }],
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y: { ...y, axis: null },
          x: { field: 'probability', type: 'quantitative', scale: { type: 'log' }, title: 'm = P(level | match), u = P(level | non-match)' },
          color: { field: 'parameter', type: 'nominal', scale: { domain: ['m', 'u'], range: ['#2da44e', '#cf222e'] } },
          tooltip: [{ field: 'level' }, { field: 'parameter' }, { field: 'probability', type: 'quantitative', format: '.3~e' }],
        },
      },
    ],
  };
}
