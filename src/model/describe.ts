/**
 * A trained model as text, for `khop train` to print: the prior, then per comparison a table of
 * its levels with m, u and the weight in bits (log2 m/u), which is what a data scientist reads to
 * judge a model (weights should fall from the best level to the worst; a positive weight at `else`
 * or a near-zero one at an exact level means something is off).
 */
import { levelWeight, priorWeight, type ModelParameters } from './fellegi-sunter.js';

function formatProbability(p: number): string {
  if (p >= 0.001) return p.toFixed(4);
  return p.toExponential(2);
}

function formatWeight(w: number): string {
  return (w >= 0 ? '+' : '') + w.toFixed(2);
}

/** Options: which comparisons are term-frequency adjusted (marked in the heading). */
export function describeModel(parameters: ModelParameters, options: { tfAdjusted?: readonly boolean[] } = {}): string {
  const lines: string[] = [];
  lines.push(`prior: lambda = ${formatProbability(parameters.lambda)}, weight ${formatWeight(priorWeight(parameters.lambda))} bits`);
  parameters.comparisons.forEach((c, ci) => {
    lines.push('');
    lines.push(`${c.name}${options.tfAdjusted?.[ci] === true ? ' (term-frequency adjusted)' : ''}`);
    const rows = c.levels.map((l, li) => [
      String(li),
      l.label,
      l.kind === 'null' ? '-' : formatProbability(l.m),
      l.kind === 'null' ? '-' : formatProbability(l.u),
      l.kind === 'null' ? '0 (no evidence)' : formatWeight(levelWeight(l)),
    ]);
    const header = ['#', 'level', 'm', 'u', 'weight'];
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const pad = (r: string[]): string =>
      r.map((cell, k) => (k === 1 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ').trimEnd();
    lines.push(`  ${pad(header)}`);
    for (const r of rows) lines.push(`  ${pad(r)}`);
  });
  return `${lines.join('\n')}\n`;
}
