/**
 * The report's HTML tables: recall per damage tag, the worst false positives and false negatives
 * with the dose's fields beside its linked and true register person (Splink's comparison viewer
 * shows the same side-by-side view), and the unlabelled-estimate comparison. Every value from the
 * input files is escaped; register cells that differ from the dose (field-compare.ts) are marked.
 */
import type { TagRecall } from '../evaluate/tag-recall.js';
import type { EstimateGap } from '../evaluate/unlabelled-estimate.js';
import type { RecordFields } from './record-lookup.js';
import type { CurvePoint, WorstCase } from './report-data.js';
import { sameField } from './field-compare.js';
import { escapeHtml } from './vega-page.js';
import { formatRatio } from '../evaluate/metrics.js';

const threshold = (t: number | undefined): string => (t === undefined ? 'n/a' : String(Number(t.toFixed(6))));

export function tagRecallTable(byTag: Readonly<Record<string, TagRecall>>, untagged: TagRecall): string {
  const row = (tag: string, t: TagRecall) =>
    `<tr><td>${escapeHtml(tag)}</td><td class="num">${t.count}</td><td class="num">${t.present}</td><td class="num">${formatRatio(t.auto_recall)}</td><td class="num">${formatRatio(t.review_recall)}</td></tr>`;
  return `<table id="tag-recall"><tr><th>damage tag</th><th>doses</th><th>person present</th><th>auto recall</th><th>with review</th></tr>${Object.entries(byTag).map(([tag, t]) => row(tag, t)).join('')}${row('(untagged)', untagged)}</table>`;
}

/** The fields shown side by side: the dose's column, then the register's. */
const COMPARED = [
  ['full_name', 'full_name'],
  ['dob', 'dob'],
  ['gender', 'gender'],
  ['citizen_id', 'person_id'],
  ['province', 'province'],
] as const;

function personCell(person: RecordFields | undefined, doseField: string, personField: string, dose: RecordFields | undefined): string {
  if (person === undefined) return '<td class="note">–</td>';
  const value = person[personField] ?? '';
  let shown = escapeHtml(value);
  if (personField === 'person_id' && person.old_id) shown += ` <span class="note">(old ${escapeHtml(person.old_id)})</span>`;
  const differs = dose !== undefined && !sameField(doseField, dose[doseField] ?? '', value);
  return `<td${differs ? ' class="differs"' : ''}>${shown}</td>`;
}

/**
 * One block per dose: its results row, then one line per field with the dose's value, the linked
 * person's and the true person's (cells that differ from the dose are marked). Without the doses
 * and register files only the ids are shown.
 */
export function worstTable(id: string, cases: readonly WorstCase[]): string {
  if (cases.length === 0) return `<p class="note" id="${id}">None.</p>`;
  const head = '<tr><th>dose</th><th>decision</th><th>p</th><th>weight</th><th>corrections</th><th>field</th><th>dose</th><th>linked person</th><th>true person</th></tr>';
  const blocks = cases.map((c) => {
    const d = c.dose;
    const weight = Number.isNaN(d.weight) ? 'no candidate' : d.weight.toFixed(2);
    const span = `rowspan="${COMPARED.length}"`;
    const lead = `<td ${span}>${escapeHtml(d.dose_id)}</td><td ${span}>${d.decision}</td><td class="num" ${span}>${d.probability.toFixed(6)}</td><td class="num" ${span}>${weight}</td><td ${span}>${escapeHtml(d.corrections.replace(/;/g, '; '))}</td>`;
    const linked = c.linked_fields ?? (d.person_id === '' ? undefined : { person_id: d.person_id });
    const truth = c.true_fields ?? (d.true_person_id ? { person_id: d.true_person_id } : undefined);
    return COMPARED.map(([doseField, personField], i) => {
      const doseCell = c.dose_fields === undefined ? '<td class="note">–</td>' : `<td>${escapeHtml(c.dose_fields[doseField] ?? '')}</td>`;
      const linkedCell = linked === undefined ? '<td class="note">(none)</td>' : personCell(linked, doseField, personField, c.dose_fields);
      const trueCell = truth === undefined ? '<td class="note">(absent)</td>' : personCell(truth, doseField, personField, c.dose_fields);
      return `<tr${i === 0 ? ' class="case"' : ''}>${i === 0 ? lead : ''}<td class="field">${doseField}</td>${doseCell}${linkedCell}${trueCell}</tr>`;
    }).join('');
  });
  return `<table id="${id}" class="worst">${head}${blocks.join('')}</table>`;
}

/** The estimate against the truth at a few thresholds, and the largest gaps. */
export function estimateTable(curve: readonly CurvePoint[], gap: EstimateGap | undefined, at: readonly number[]): string {
  const labelled = curve.some((c) => c.truth !== undefined);
  const head = labelled
    ? '<tr><th>p ≥</th><th>links</th><th>est. precision</th><th>true precision</th><th>est. recall</th><th>true recall</th></tr>'
    : '<tr><th>p ≥</th><th>doses scored at or above</th><th>expected correct</th><th>est. precision</th><th>est. recall</th></tr>';
  const rows = curve
    .filter((c) => at.includes(c.threshold))
    .map((c) =>
      labelled
        ? `<tr><td class="num">${c.threshold}</td><td class="num">${c.estimate.links}</td><td class="num">${formatRatio(c.estimate.precision)}</td><td class="num">${formatRatio(c.truth?.precision)}</td><td class="num">${formatRatio(c.estimate.recall)}</td><td class="num">${formatRatio(c.truth?.recall)}</td></tr>`
        : `<tr><td class="num">${c.threshold}</td><td class="num">${c.estimate.links}</td><td class="num">${c.estimate.expected_tp.toFixed(1)}</td><td class="num">${formatRatio(c.estimate.precision)}</td><td class="num">${formatRatio(c.estimate.recall)}</td></tr>`,
    );
  const gapText =
    gap === undefined
      ? ''
      : `<p id="estimate-gap">Largest gap between estimate and truth at p ≥ 0.5: precision ${formatRatio(gap.precision?.gap)} (at p ≥ ${threshold(gap.precision?.threshold)}), recall ${formatRatio(gap.recall?.gap)} (at p ≥ ${threshold(gap.recall?.threshold)}).</p>`;
  return `<table id="estimate-table">${head}${rows.join('')}</table>${gapText}`;
}

export const TABLE_CSS = `.differs{background:#ffebe9}.field{color:#57606a;font-size:12px}table.worst{font-size:13px}table.worst tr.case td{border-top:2px solid #8c959f}`;
