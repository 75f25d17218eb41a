/**
 * Compiles the settings' comparisons (data) into `CompiledComparison`s (code): each comparison's
 * levels become a plan of typed arrays that its field type's level family evaluates, first level
 * that holds wins (Fellegi & Sunter 1969's comparison vector γ, one component per comparison; the
 * ordered-levels form is Splink's). The batch helper `comparePairs` fills the γ matrix of many
 * pairs, comparison by comparison, so each comparison's loop stays monomorphic.
 *
 * Level families: levels-name.ts, levels-date.ts, levels-id.ts, levels-simple.ts (gender),
 * levels-string.ts (string, exact). Which kinds fit which field type: level-kinds.ts.
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import type { CompiledComparison } from './compiled-comparison.js';
import { defaultLevelLabel, levelUsesTf } from './level-kinds.js';
import { DateComparison } from './levels-date.js';
import { IdComparison } from './levels-id.js';
import { NameComparison } from './levels-name.js';
import { GenderComparison } from './levels-simple.js';
import { StringComparison } from './levels-string.js';
import type { ComparisonSettings, Settings } from './settings-schema.js';

export type { CompiledComparison } from './compiled-comparison.js';

export function compileComparison(settings: Settings, comparison: ComparisonSettings): CompiledComparison {
  const field = settings.fields.find((f) => f.name === comparison.field);
  if (field === undefined) {
    throw new KhopError('SETTINGS_INVALID', 'comparison names no existing field', { path: `comparisons.${comparison.name}.field` });
  }
  const labels = comparison.levels.map((l) => l.label ?? defaultLevelLabel(l));
  const tf = comparison.levels.map((l) => levelUsesTf(comparison, l));
  const args = [comparison.name, field.name, comparison.levels, labels, tf] as const;
  switch (field.type) {
    case 'name':
      return new NameComparison(...args);
    case 'date':
      return new DateComparison(...args);
    case 'id':
      return new IdComparison(...args);
    case 'gender':
      return new GenderComparison(...args);
    case 'string':
    case 'exact':
      return new StringComparison(...args);
  }
}

export function compileComparisons(settings: Settings): CompiledComparison[] {
  return settings.comparisons.map((c) => compileComparison(settings, c));
}

/**
 * γ for a batch of pairs: gamma[n · C + c] = level of comparison c for pair n (C comparisons).
 * `gamma` must hold at least count · C bytes.
 */
export function comparePairs(
  comparisons: readonly CompiledComparison[],
  left: RecordStore,
  right: RecordStore,
  pairsL: Int32Array,
  pairsR: Int32Array,
  count: number,
  gamma: Uint8Array,
): void {
  const stride = comparisons.length;
  if (gamma.length < count * stride) throw new KhopError('INTERNAL', 'gamma buffer too small for the pairs');
  for (let c = 0; c < stride; c++) comparisons[c].levelsOf(left, right, pairsL, pairsR, count, gamma, stride, c);
}
