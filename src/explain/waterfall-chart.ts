/**
 * The waterfall of one decision as a chart: one bar per term of the match weight, from the
 * running total before it to the running total after it, green for evidence for a match, red for
 * evidence against, the prior and the total in their own colours; the review and auto-accept
 * thresholds drawn as weights (log2(p / (1 − p))). This is Splink's waterfall chart
 * (https://moj-analytical-services.github.io/splink/charts/waterfall_chart.html) over the terms of
 * waterfall.ts (Fellegi & Sunter 1969), written as a Vega-Lite spec with its data inlined and put
 * on a self-contained page (src/report/vega-page.ts: no network, scripts inlined), under the text
 * explanation.
 */
import { escapeHtml, renderVegaPage } from '../report/vega-page.js';
import { weightForProbability } from '../model/fellegi-sunter.js';
import { formatBits, formatProbability } from './decision-reasons.js';
import type { DoseExplanation } from './explain-pair.js';
import { explanationText, formatShare, termLabel } from './explain-text.js';

/** One bar of the chart, every value precomputed (the page evaluates no expressions of ours). */
export interface WaterfallBar {
  order: number;
  term: string;
  /** The bar's colour: the prior, a term of weight ≥ 0 or < 0, the total. */
  role: (typeof ROLES)[number];
  start: number;
  end: number;
  /** The top of the bar, where its label sits. */
  top: number;
  weight: number;
  label: string;
  level: string;
  m: string;
  u: string;
  dose: string;
  register: string;
}

const ROLES = ['prior', 'evidence for', 'evidence against', 'total'] as const;
const COLOURS = ['#8c959f', '#2da44e', '#cf222e', '#0969da'];

/** The bars of the explained pair's waterfall, in reading order, with a total bar from 0. */
export function waterfallBars(e: DoseExplanation): WaterfallBar[] {
  const pair = e.pair;
  if (pair === null) return [];
  const value = (name: string, side: 'dose' | 'person'): string => e.values.find((v) => v.field === name)?.[side] ?? '';
  let before = 0;
  const bars = pair.terms.map((t, order): WaterfallBar => {
    const start = t.kind === 'prior' ? 0 : before;
    before = t.cumulative;
    const field = t.kind === 'level' ? t.field : '';
    const shares = t.kind === 'level' && t.levelKind !== 'null';
    return {
      order,
      term: t.name,
      role: t.kind === 'prior' ? 'prior' : t.weight >= 0 ? 'evidence for' : 'evidence against',
      start,
      end: t.cumulative,
      top: Math.max(start, t.cumulative),
      weight: t.weight,
      label: formatBits(t.weight),
      level: termLabel(t),
      // As the text's table writes them (4 decimals, or 3 significant digits when small).
      m: shares ? formatShare(t.m) : '',
      u: shares ? formatShare(t.u) : '',
      dose: value(field, 'dose'),
      register: value(field, 'person'),
    };
  });
  const total = pair.weight;
  bars.push({
    order: bars.length,
    term: 'total',
    role: 'total',
    start: 0,
    end: total,
    top: Math.max(0, total),
    weight: total,
    label: formatBits(total),
    level: `probability ${formatProbability(pair.probability)}`,
    m: '',
    u: '',
    dose: '',
    register: '',
  });
  return bars;
}

/** The Vega-Lite spec of the waterfall (no $schema URL: the page must name no address). */
export function waterfallSpec(e: DoseExplanation): object {
  const bars = waterfallBars(e);
  const t = e.thresholds;
  const lines = [
    { name: `review ${t.review}`, weight: weightForProbability(t.review) },
    { name: `auto-accept ${t.auto_accept}`, weight: weightForProbability(t.auto_accept) },
  ].filter((l) => Number.isFinite(l.weight));
  const x = { field: 'term', type: 'ordinal', sort: bars.map((b) => b.term), axis: { labelAngle: -30, title: null } };
  return {
    description: `Waterfall of the match weight of dose ${e.doseId} against person ${e.pair?.personId ?? ''}`,
    width: { step: 72 },
    height: 340,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', width: { band: 0.7 } },
        encoding: {
          x,
          y: { field: 'start', type: 'quantitative', title: 'match weight (bits)' },
          y2: { field: 'end' },
          color: { field: 'role', type: 'nominal', scale: { domain: [...ROLES], range: COLOURS }, legend: { title: null, orient: 'top' } },
          tooltip: [
            { field: 'term', title: 'term' },
            { field: 'level', title: 'level' },
            { field: 'dose', title: 'dose' },
            { field: 'register', title: 'register' },
            { field: 'm', title: 'm' },
            { field: 'u', title: 'u' },
            { field: 'weight', title: 'weight (bits)', format: '+.3f' },
            { field: 'end', title: 'running total', format: '+.3f' },
          ],
        },
      },
      {
        data: { values: bars },
        mark: { type: 'text', dy: -7, fontSize: 11 },
        encoding: { x, y: { field: 'top', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: lines },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#57606a' },
        encoding: { y: { field: 'weight', type: 'quantitative' } },
      },
      {
        data: { values: lines },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, x: 'width', fontSize: 11, color: '#57606a' },
        encoding: { y: { field: 'weight', type: 'quantitative' }, text: { field: 'name' } },
      },
    ],
  };
}

/** The page: the chart, then the text explanation. */
export function waterfallPage(e: DoseExplanation): string {
  const pair = e.pair;
  const heading = pair === null ? 'No candidate: nothing to draw' : `Match weight of the pair, term by term`;
  const note =
    pair === null
      ? '<p class="note">No blocking rule proposed any register person for this dose.</p>'
      : `<p class="note">Each bar runs from the total before the term to the total after it. A level weighs log2(m/u) bits; the probability is 2^w / (1 + 2^w). Dashed lines: the thresholds as weights. Register person ${escapeHtml(pair.personId)}${pair.chosenByJob ? ", the match job's choice" : ', asked for with --person-id'}.</p>`;
  return renderVegaPage({
    title: `khop explain: dose ${e.doseId}, ${pair?.decision ?? e.job.decision}`,
    css: 'pre{overflow-x:auto;font-size:12px}',
    sections: [
      { heading, html: note, ...(pair === null ? {} : { spec: waterfallSpec(e) }) },
      { heading: 'Explanation', html: `<pre>${escapeHtml(explanationText(e))}</pre>` },
    ],
  });
}
