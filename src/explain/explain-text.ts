/**
 * A dose's explanation (explain-pair.ts) as text for a terminal, and as the `--json` object.
 *
 * The text reads top to bottom as the decision was made: the two records side by side, the
 * waterfall of the match weight (one row per term with the level, m, u, the weight log2(m/u) and
 * the running total; Fellegi & Sunter 1969, the rows of Splink's waterfall chart), the decision
 * with its reasons, the corrections with the register's values and why, and every candidate the
 * blocking rules proposed. It prints personal data on purpose: this is the view a data scientist
 * asked for, of one dose, on stdout; it never goes into logs or errors.
 */
import { resultCells } from '../engine/result-rows.js';
import { formatTable } from '../evaluate/report-text.js';
import { formatBits, formatProbability } from './decision-reasons.js';
import type { DoseExplanation } from './explain-pair.js';
import type { WaterfallTerm } from './waterfall.js';

/** m and u: 4 decimals, or 3 significant digits in exponent form when small. */
export function formatShare(p: number): string {
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(2);
}

/** What a waterfall row says in its `level` column. */
export function termLabel(t: WaterfallTerm): string {
  switch (t.kind) {
    case 'prior':
      return `λ = ${t.lambda.toExponential(2)}`;
    case 'level':
      return t.levelKind === 'null' ? `${t.level}: ${t.label} (no evidence)` : `${t.level}: ${t.label}`;
    case 'tf':
      return `"${t.value}": ${t.count} of ${t.total} register values`;
  }
}

function waterfallRows(e: DoseExplanation): string[][] {
  const pair = e.pair!;
  const value = (name: string, side: 'dose' | 'person'): string => e.values.find((v) => v.field === name)?.[side] ?? '';
  const rows = pair.terms.map((t) => {
    const field = t.kind === 'level' ? t.field : '';
    const shares = t.kind === 'level' && t.levelKind !== 'null' ? [formatShare(t.m), formatShare(t.u)] : ['', ''];
    return [t.name, value(field, 'dose'), value(field, 'person'), termLabel(t), ...shares, formatBits(t.weight), formatBits(t.cumulative)];
  });
  rows.push(['total', '', '', `probability ${formatProbability(pair.probability)}`, '', '', formatBits(pair.weight), '']);
  return rows;
}

export function explanationText(e: DoseExplanation): string {
  const out: string[] = [];
  const job = e.job;
  const pair = e.pair;
  const jobLine = job.person_id === '' ? `${job.decision}, no person` : `${job.decision}, person ${job.person_id}`;
  const t = e.thresholds;
  // The thresholds are said because results.csv has this decision only if khop match used the same.
  out.push(
    `Dose ${e.doseId} (row ${e.doseRow + 1} of the doses read). The match job decides: ${jobLine} ` +
      `(auto-accept ${formatProbability(t.auto_accept)}, review ${formatProbability(t.review)}).`,
  );
  if ((e.doseIdRows ?? 1) > 1) out.push(`Note: ${e.doseIdRows} rows of the doses hold this dose ID; the first is explained.`);
  if (pair === null) {
    out.push('', ...formatTable(['field', 'dose'], e.values.filter((v) => v.dose !== null).map((v) => [v.field, v.dose!]), ['left', 'left']));
  } else {
    const whose = pair.chosenByJob ? "the match job's choice" : `asked for; the match job ${job.person_id === '' ? 'linked no one' : `chose person ${job.person_id}`}`;
    out.push(`Explained against register person ${pair.personId} (${whose}).`);
    out.push(pair.proposedBy.length > 0 ? `Blocking proposed this pair by: ${pair.proposedBy.join(', ')}.` : 'No blocking rule proposed this pair: the match job never scored it.');
    const notCompared = e.values.filter((v) => !pair.terms.some((t) => t.kind === 'level' && t.field === v.field));
    out.push('', 'Match weight, term by term (bits; a level weighs log2(m/u), probability = 2^w / (1 + 2^w)):');
    out.push(...formatTable(['term', 'dose', 'register', 'level', 'm', 'u', 'weight', 'running'], waterfallRows(e), ['left', 'left', 'left', 'left']));
    if (notCompared.length > 0) {
      out.push('Not compared: ' + notCompared.map((v) => `${v.field} (dose: ${v.dose ?? '-'}, register: ${v.person ?? '-'})`).join('; '));
    }
  }
  const decision = pair ?? { decision: job.decision, reasons: e.jobReasons, corrections: [], correctionsCell: '' };
  out.push('', pair !== null && !pair.chosenByJob ? `Decision if this person were the best candidate: ${decision.decision}` : `Decision: ${decision.decision}`);
  for (const r of decision.reasons) out.push(`  - ${r.text}`);
  if (pair !== null && !pair.chosenByJob) {
    out.push(`The match job's decision: ${job.decision}`);
    for (const r of e.jobReasons) out.push(`  - ${r.text}`);
  }
  if (decision.corrections.length > 0) {
    out.push('', `Corrections (${decision.correctionsCell}):`);
    for (const c of decision.corrections) {
      out.push(`  ${c.field}:${c.reason}  "${c.dose}" → "${c.suggested}"`);
      out.push(`      ${c.text}`);
    }
  }
  out.push('', e.candidates.length === 0 ? 'Candidates: none (no blocking rule proposed any register person).' : `Candidates proposed by blocking (${e.candidates.length}), best first:`);
  if (e.candidates.length > 0) {
    const rows = e.candidates.map((c) => [c.personId, formatBits(c.weight), formatProbability(c.probability), c.rules.join(', ')]);
    out.push(...formatTable(['person', 'weight', 'probability', 'rules'], rows, ['left', 'right', 'right', 'left']).map((l) => `  ${l}`));
  }
  for (const b of e.oversizedBlocks) {
    out.push(`Rule ${b.rule}: this dose's block was over max_block_size: ${b.dropped ? 'dropped (no refine key narrowed it enough)' : 'refined by its refine keys'}.`);
  }
  return `${out.join('\n')}\n`;
}

/** The `--json` object: the explanation, plus the dose's results.csv row as the job writes it. */
export function explanationJson(e: DoseExplanation, columns: readonly string[]): object {
  const cells = resultCells(e.job);
  return { ...e, resultsRow: Object.fromEntries(columns.map((c, k) => [c, String(cells[k])])) };
}
