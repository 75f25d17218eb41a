/**
 * The report's threshold slider: two range inputs (auto-accept and review, in match-weight bits,
 * shown with their probability) and a table of what those thresholds would do, recomputed in the
 * browser from the per-probability tally (score-tally.ts) at every move. The script is a direct
 * port of `countAbove`, which is its reference; the browser test checks the two agree.
 *
 * Decisions here are by threshold alone (auto ≥ auto-accept, review ≥ review): a real run also
 * sends two close candidates to review (`margin`), so its counts can differ slightly.
 *
 * The sliders move in bits, so a threshold set as a probability makes a round trip p → w → p that
 * is off in the last bit for about a third of all probabilities (0.95 comes back as
 * 0.9500000000000001). The tally holds probabilities with six decimals (results.csv), so the doses
 * at exactly p = 0.95 would drop out of "p ≥ 0.95" and the slider would disagree with the text
 * report at the same threshold. `sliderProbability` therefore rounds to 12 significant digits,
 * far below the six decimals of the data and far above the round trip's error.
 */
import { matchProbability } from '../model/fellegi-sunter.js';
import { GRID_BITS } from './report-data.js';
import type { TallyColumns } from './score-tally.js';

/** The probability threshold of a slider at weight `w` bits (the page's `prob`; see the header). */
export function sliderProbability(w: number): number {
  return Number(matchProbability(w).toPrecision(12));
}

export interface SliderData {
  tally: TallyColumns;
  labelled: boolean;
  doses: number;
  /** With truth: doses whose person is in the register (the recall denominator). */
  present: number | null;
  /** Σ p over all doses: the estimated number of matches. */
  estimated_matches: number;
  auto_w: number;
  review_w: number;
  /** Chart ids whose Vega view has the `auto_w` and `review_w` params. */
  threshold_charts: string[];
}

function row(label: string, id: string, labelled: boolean): string {
  const truth = labelled ? `<td class="num" id="${id}-links"></td><td class="num" id="${id}-correct"></td><td class="num" id="${id}-wrong"></td><td class="num" id="${id}-precision"></td><td class="num" id="${id}-recall"></td>` : `<td class="num" id="${id}-links"></td>`;
  return `<tr><th>${label}</th>${truth}<td class="num" id="${id}-est-tp"></td><td class="num" id="${id}-est-precision"></td><td class="num" id="${id}-est-recall"></td></tr>`;
}

export function sliderHtml(labelled: boolean): string {
  const input = (id: string, label: string) =>
    `<label class="slider"><span>${label}</span><input type="range" id="${id}" min="${GRID_BITS.from}" max="${GRID_BITS.to}" step="any"><output id="${id}-value"></output></label>`;
  const head = labelled
    ? '<th>links</th><th>correct</th><th>wrong</th><th>precision</th><th>recall</th>'
    : '<th>links</th>';
  return [
    '<div class="sliders">',
    input('auto-threshold', 'auto-accept'),
    input('review-threshold', 'review'),
    '</div>',
    '<table id="decision-counts"><tr><th>decision (by threshold)</th><th>doses</th></tr>',
    '<tr><th>at or above the auto-accept threshold</th><td class="num" id="count-auto"></td></tr>',
    '<tr><th>review</th><td class="num" id="count-review"></td></tr>',
    '<tr><th>unmatched</th><td class="num" id="count-unmatched"></td></tr></table>',
    `<table id="confusion-counts"><tr><th>links counted</th>${head}<th>expected correct (no labels)</th><th>estimated precision</th><th>estimated recall</th></tr>`,
    row('auto-accepted', 'auto', labelled),
    row('with review', 'review', labelled),
    '</table>',
    '<p class="note">Links are the rows that name a person with probability at or above the threshold. ',
    labelled ? 'Correct and wrong come from the truth file; recall = correct / doses whose person is in the register. ' : '',
    'The estimate uses the probabilities alone (see "Thresholds without labels"). Decisions here follow the ',
    'thresholds only: a real run also sends two close candidates to review.</p>',
  ].join('');
}

export const SLIDER_CSS = `.sliders{display:flex;gap:32px;flex-wrap:wrap;margin:8px 0}.slider{display:flex;gap:8px;align-items:center}
.slider input{width:320px}.slider output{font-variant-numeric:tabular-nums;min-width:210px}`;

/** Plain ES2017 for the page; reads window.KHOP_DATA (SliderData). */
export const SLIDER_SCRIPT = `
var D = window.KHOP_DATA;
var autoInput = document.getElementById("auto-threshold");
var reviewInput = document.getElementById("review-threshold");
function prob(w) { return Number((w >= 0 ? 1 / (1 + Math.pow(2, -w)) : Math.pow(2, w) / (1 + Math.pow(2, w))).toPrecision(12)); }
function above(t) {
  var c = D.tally.counts, s = { links: 0, correct: 0, wrong: 0, scored: 0, expected_tp: 0 };
  for (var i = 0; i < D.tally.p.length && D.tally.p[i] >= t; i++) {
    var wrong = c.wrong_present[i] + c.wrong_absent[i];
    var links = c.correct[i] + wrong + c.named_unlabelled[i];
    var all = links + c.unnamed_present[i] + c.unnamed_absent[i] + c.unnamed_unlabelled[i];
    s.links += links; s.correct += c.correct[i]; s.wrong += wrong; s.scored += all; s.expected_tp += D.tally.p[i] * all;
  }
  return s;
}
function ratio(a, b) { return b === 0 || b === null ? "n/a" : (a / b).toFixed(4); }
function put(id, text) { document.getElementById(id).textContent = String(text); }
function fill(prefix, s) {
  put(prefix + "-links", s.links);
  if (D.labelled) {
    put(prefix + "-correct", s.correct); put(prefix + "-wrong", s.wrong);
    put(prefix + "-precision", ratio(s.correct, s.correct + s.wrong)); put(prefix + "-recall", ratio(s.correct, D.present));
  }
  put(prefix + "-est-tp", s.expected_tp.toFixed(1));
  put(prefix + "-est-precision", ratio(s.expected_tp, s.scored)); put(prefix + "-est-recall", ratio(s.expected_tp, D.estimated_matches));
}
function update(moved) {
  var a = Number(autoInput.value), r = Number(reviewInput.value);
  if (r > a) { if (moved === reviewInput) { a = r; autoInput.value = String(a); } else { r = a; reviewInput.value = String(r); } }
  var pa = prob(a), pr = prob(r);
  put("auto-threshold-value", "p ≥ " + pa.toFixed(6) + " (w ≥ " + a.toFixed(2) + " bits)");
  put("review-threshold-value", "p ≥ " + pr.toFixed(6) + " (w ≥ " + r.toFixed(2) + " bits)");
  var sa = above(pa), sr = above(pr);
  put("count-auto", sa.links); put("count-review", sr.links - sa.links); put("count-unmatched", D.doses - sr.links);
  fill("auto", sa); fill("review", sr);
  D.threshold_charts.forEach(function (id) {
    var view = window.KHOP_VIEWS[id];
    if (view) view.signal("auto_w", a).signal("review_w", r).runAsync();
  });
}
autoInput.value = String(D.auto_w);
reviewInput.value = String(D.review_w);
autoInput.addEventListener("input", function () { update(autoInput); });
reviewInput.addEventListener("input", function () { update(reviewInput); });
update(null);
document.body.dataset.slider = "ready";
`;
