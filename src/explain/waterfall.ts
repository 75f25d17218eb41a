/**
 * The waterfall of one pair's match weight: the terms that add up to it, in the order a reader
 * follows them. The prior log2(λ / (1 − λ)), then per comparison the weight log2(m / u) of the
 * level the pair reached (Fellegi & Sunter 1969, "A theory for record linkage", JASA 64(328)),
 * each followed by its term-frequency adjustment when the model applies one at that level
 * (tf-adjustment.ts, Splink's method). Splink's waterfall chart shows the same terms, one bar each
 * (https://moj-analytical-services.github.io/splink/charts/waterfall_chart.html).
 *
 * The numbers are the scorer's own: the level weights from the model's parameters as
 * `weightTable` computes them, the adjustment read from the same term-frequency table the
 * scorer adds (built by `buildTfAdjustments` from the register), and the total summed in the
 * scorer's order (prior, every level, then every adjustment), so it equals, bit for bit, the
 * match weight the match job computes for the pair. The running totals shown beside each term
 * follow the reading order instead; they may differ from the total in the last floating-point
 * digit, never more.
 */
import type { RecordStore } from '../engine/record-store.js';
import type { CompiledComparison } from '../model/compiled-comparison.js';
import { levelWeight, priorWeight, type ModelParameters } from '../model/fellegi-sunter.js';
import type { LevelKind } from '../model/settings-schema.js';
import type { TfLevelAdjustment } from '../model/tf-adjustment.js';

/** One bar of the waterfall. */
export type WaterfallTerm = PriorTerm | LevelTerm | TfTerm;

export interface PriorTerm {
  kind: 'prior';
  name: 'prior';
  /** λ: the share of candidate pairs that are matches, before any field is seen. */
  lambda: number;
  weight: number;
  /** Running total after this term. */
  cumulative: number;
}

export interface LevelTerm {
  kind: 'level';
  /** The comparison's name (settings `comparisons[].name`). */
  name: string;
  /** The field it compares (`comparisons[].field`): a settings file may name the two differently. */
  field: string;
  comparison: number;
  level: number;
  label: string;
  levelKind: LevelKind;
  /** P(level | match) and P(level | non-match); 1 and 1 at the null level (no evidence). */
  m: number;
  u: number;
  /** log2(m / u); 0 at the null level. */
  weight: number;
  cumulative: number;
}

export interface TfTerm {
  kind: 'tf';
  /** `tf_<comparison name>`, Splink's name for the bar. */
  name: string;
  comparison: number;
  level: number;
  /** The value the two records share under the level's key (as the register's dictionary holds it). */
  value: string;
  /** How many of the register's non-empty values under that key are this value, and their number. */
  count: number;
  total: number;
  /** The adjustment in bits: log2(u_ref / max(tf, tf_minimum_u)) × tf_adjustment_weight. */
  weight: number;
  cumulative: number;
}

export interface Waterfall {
  terms: WaterfallTerm[];
  /** The match weight, summed in the scorer's order: equal to the match job's for this pair. */
  total: number;
}

/**
 * The waterfall of pair (register row `i`, levels `levels`): `levels[c]` is the level of
 * comparison c, as the scorer found it; `tf` the scorer's term-frequency adjustments.
 */
export function waterfall(
  parameters: ModelParameters,
  comparisons: readonly CompiledComparison[],
  tf: readonly TfLevelAdjustment[],
  left: RecordStore,
  i: number,
  levels: ArrayLike<number>,
): Waterfall {
  const prior = priorWeight(parameters.lambda);
  const terms: WaterfallTerm[] = [{ kind: 'prior', name: 'prior', lambda: parameters.lambda, weight: prior, cumulative: prior }];
  let total = prior;
  parameters.comparisons.forEach((c, ci) => {
    total += levelWeight(c.levels[levels[ci]]);
  });
  let running = prior;
  comparisons.forEach((comparison, ci) => {
    const level = levels[ci];
    const p = parameters.comparisons[ci].levels[level];
    const weight = levelWeight(p);
    running += weight;
    terms.push({ kind: 'level', name: comparison.name, field: comparison.field, comparison: ci, level, label: comparison.labels[level], levelKind: p.kind, m: p.m, u: p.u, weight, cumulative: running });
    for (const adj of tf) {
      if (adj.comparison !== ci || adj.level !== level) continue;
      const code = adj.codes[i];
      const adjustment = adj.table[code];
      running += adjustment;
      const { count, total: values } = frequency(adj.codes, code);
      const value = code >= 0 ? left.dictionaries.get(comparison.field).string(code) : '';
      terms.push({ kind: 'tf', name: `tf_${comparison.name}`, comparison: ci, level, value, count, total: values, weight: adjustment, cumulative: running });
    }
  });
  // The scorer adds the adjustments after every level weight: same order, same rounding.
  for (const adj of tf) if (levels[adj.comparison] === adj.level) total += adj.table[adj.codes[i]];
  return { terms, total };
}

/** Occurrences of `code` among the non-empty codes (one pass over the register: fine for one pair). */
function frequency(codes: Int32Array, code: number): { count: number; total: number } {
  let count = 0;
  let total = 0;
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k];
    if (c < 0) continue;
    total++;
    if (c === code) count++;
  }
  return { count, total };
}
