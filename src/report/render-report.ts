/**
 * Assembles the threshold report: the slider and its counts, the threshold and precision-recall
 * charts, the weight histogram, the unlabelled estimate, recall per damage tag, the worst cases and
 * the model's parameters, as one self-contained page (vega-page.ts). Without a truth file only the
 * parts that need no labels are shown.
 */
import { weightForProbability } from '../model/fellegi-sunter.js';
import type { KhopModel } from '../model/model-file.js';
import { modelChart, precisionRecallChart, tagRecallChart, thresholdChart, weightHistogramChart } from './charts.js';
import type { ReportData } from './report-data.js';
import { estimateTable, TABLE_CSS, tagRecallTable, worstTable } from './report-tables.js';
import { SLIDER_CSS, SLIDER_SCRIPT, sliderHtml, type SliderData } from './slider.js';
import { escapeHtml, renderVegaPage, type VegaPageSection } from './vega-page.js';
import { unreadableSentence } from '../evaluate/estimate-text.js';

export interface ReportOptions {
  /** Initial slider positions (match probabilities). */
  auto: number;
  review: number;
  model?: KhopModel;
  /** File names shown in the page's header. */
  files: { results: string; truth?: string; model?: string };
}

const ESTIMATE_AT = [0.5, 0.8, 0.9, 0.95, 0.99, 0.995, 0.999];

const ESTIMATE_NOTE = `<p>Each dose's best candidate is a match with the probability the model gives it, so the links
at threshold t are expected to hold Σ p (over p ≥ t) true matches: estimated precision is the mean p of the links,
estimated recall that sum over Σ p of every dose (Enamorado, Fifield &amp; Imai 2019). It assumes the EM
probabilities are calibrated, that a dose has at most one true candidate, and it cannot see persons that blocking
never paired with their dose (they count as p = 0), so it reads recall against the persons the candidates could
find.</p>`;

export function renderReport(data: ReportData, options: ReportOptions): string {
  const autoW = weightForProbability(options.auto);
  const reviewW = weightForProbability(options.review);
  const doses = data.doses;
  const sections: VegaPageSection[] = [
    { heading: 'Choose the thresholds', html: sliderHtml(data.labelled), spec: thresholdChart(data.curve, autoW, reviewW), id: 'threshold-chart' },
    {
      heading: 'Match weights of each dose\'s best candidate',
      html: `<p class="note">${data.no_candidate} doses had no candidate at all and are not drawn.${data.labelled ? ' "Not named, person present": the run named nobody, so whether its best candidate was the person is unknown.' : ''}</p>`,
      spec: weightHistogramChart(data.histogram, autoW, reviewW),
      id: 'weight-histogram',
    },
    { heading: 'Precision-recall curve', spec: precisionRecallChart(data.curve), id: 'pr-curve' },
    { heading: 'Thresholds without labels', html: ESTIMATE_NOTE + estimateTable(data.curve, data.gap, ESTIMATE_AT) },
  ];
  const evaluation = data.evaluation;
  if (evaluation !== undefined) {
    sections.push({
      heading: 'Recall per damage tag (worst first)',
      html: tagRecallTable(evaluation.recall_by_tag, evaluation.untagged),
      spec: tagRecallChart(evaluation.recall_by_tag),
      id: 'tag-recall-chart',
    });
  }
  if (data.worst !== undefined) {
    sections.push(
      { heading: 'Ten worst false positives (most confident wrong links)', html: worstTable('worst-fp', data.worst.false_positives) },
      { heading: 'Ten worst false negatives (true persons not auto-accepted, lowest weight first)', html: worstTable('worst-fn', data.worst.false_negatives) },
    );
  }
  if (options.model !== undefined) {
    const p = options.model.parameters;
    sections.push({
      heading: 'Model: m, u and weight per comparison level',
      html: `<p class="note">Prior λ = ${p.lambda.toExponential(3)} (weight ${weightForProbability(p.lambda).toFixed(2)} bits). Null levels (a field missing) carry no evidence and are not drawn.</p>`,
      spec: modelChart(p),
      id: 'model-chart',
    });
  }

  const sliderData: SliderData = {
    tally: data.tally,
    labelled: data.labelled,
    doses,
    present: evaluation?.present ?? null,
    estimated_matches: data.estimated_matches,
    auto_w: autoW,
    review_w: reviewW,
    threshold_charts: ['threshold-chart', 'weight-histogram'],
  };
  return renderVegaPage({
    title: 'khớp: choose the thresholds',
    intro: intro(data, options, doses),
    sections,
    data: sliderData,
    script: SLIDER_SCRIPT,
    css: SLIDER_CSS + TABLE_CSS,
  });
}

function intro(data: ReportData, options: ReportOptions, doses: number): string {
  const f = options.files;
  const files = [`results <code>${escapeHtml(f.results)}</code>`];
  if (f.truth !== undefined) files.push(`truth <code>${escapeHtml(f.truth)}</code>`);
  if (f.model !== undefined) files.push(`model <code>${escapeHtml(f.model)}</code>`);
  const e = data.evaluation;
  const counts = e
    ? `${doses} doses, ${e.present} with their person in the register, ${e.absent} absent. At the run's decisions: auto precision ${e.auto_precision?.toFixed(4) ?? 'n/a'}, auto recall ${e.auto_recall?.toFixed(4) ?? 'n/a'}, recall with review ${e.review_recall?.toFixed(4) ?? 'n/a'}; best F1 ${e.best_f1?.toFixed(4) ?? 'n/a'} at p ≥ ${e.best_threshold ?? 'n/a'}.`
    : `${doses} doses, no truth file: every figure below is estimated from the model's probabilities (expected matches ${data.estimated_matches.toFixed(1)}).`;
  // As the text report says them: rows in no count, by line and reason (never their cells); a
  // reason may hold commas, so the rows are set apart by semicolons here.
  const unreadable = unreadableSentence(data.unreadable, '; ');
  return `<p>${files.join(', ')}.</p><p id="summary">${counts}</p>${unreadable === null ? '' : `<p id="unreadable" class="note">${escapeHtml(unreadable)}</p>`}`;
}
