/**
 * What each comparison level kind applies to: the field types it fits, the key it reads when the
 * settings do not name one, and whether it is an equality level (the value on both sides is the
 * same string under some key), which is what a term-frequency adjustment needs: the frequency of
 * that shared value in the register. Read by the settings check and by the level compilers, so a
 * level kind is described in one place.
 */
import type { ComparisonSettings, FieldType, LevelKind, LevelSettings, NameForm } from './settings-schema.js';

export const LEVEL_KINDS_BY_FIELD_TYPE: Readonly<Record<FieldType, readonly LevelKind[]>> = {
  name: ['null', 'exact', 'tone_only', 'folded_equal', 'variant_equal', 'token_set', 'jaro_winkler', 'else'],
  date: [
    'null',
    'date_exact',
    'date_year_only_match',
    'date_day_month_swapped',
    'date_year_off_by_one',
    'date_one_component',
    'else',
  ],
  id: ['null', 'id_exact', 'id_equals_other', 'id_substitution', 'id_transposition', 'id_insertion_deletion', 'else'],
  gender: ['null', 'exact', 'else'],
  string: ['null', 'exact', 'jaro_winkler', 'damerau_levenshtein', 'prefix', 'token_set', 'number_within', 'date_within', 'else'],
  exact: ['null', 'exact', 'else'],
};

/** Keys an `exact` or `jaro_winkler` level may read, per field type. */
export const LEVEL_KEYS_BY_FIELD_TYPE: Readonly<Record<FieldType, readonly string[]>> = {
  name: ['key', 'folded', 'toneless', 'variant', 'variant_folded'],
  date: [],
  id: [],
  gender: ['value'],
  string: ['value'],
  exact: ['value'],
};

/**
 * The name form a name level compares on, for the kinds that compare one form for equality
 * (and for `jaro_winkler`, which compares one form by similarity).
 */
export function nameLevelForm(level: LevelSettings): NameForm | null {
  switch (level.kind) {
    case 'exact':
      return level.key === undefined || level.key === 'value' ? 'key' : level.key;
    case 'folded_equal':
      return 'folded';
    case 'tone_only':
      return 'toneless';
    case 'variant_equal':
      return level.key ?? 'variant_folded';
    case 'jaro_winkler':
      return level.key === 'variant_folded' ? 'variant_folded' : 'folded';
    default:
      return null;
  }
}

/** Levels at which both sides hold the same value under one key: the ones TF can adjust. */
export function isEqualityLevel(kind: LevelKind): boolean {
  return kind === 'exact' || kind === 'folded_equal' || kind === 'tone_only' || kind === 'variant_equal';
}

/** Field types whose values are strings in a dictionary, so a frequency table exists. */
export function supportsTermFrequency(type: FieldType): boolean {
  return type === 'name' || type === 'string' || type === 'exact';
}

/** Whether level `k` of a comparison is term-frequency adjusted. */
export function levelUsesTf(comparison: ComparisonSettings, level: LevelSettings): boolean {
  if (!isEqualityLevel(level.kind)) return false;
  const explicit = 'tf' in level ? level.tf : undefined;
  return explicit ?? comparison.tf_adjustment;
}

/** A readable default label, for levels the settings leave unlabelled. */
export function defaultLevelLabel(level: LevelSettings): string {
  switch (level.kind) {
    case 'exact':
      return level.key === undefined ? 'exact' : `exact ${level.key}`;
    case 'variant_equal':
      return `variant equal (${level.key ?? 'variant_folded'})`;
    case 'jaro_winkler':
      return `Jaro-Winkler ≥ ${level.threshold}${level.key === undefined ? '' : ` (${level.key})`}`;
    case 'id_equals_other':
      return `equals ${level.other_field}`;
    case 'damerau_levenshtein':
      return `Damerau-Levenshtein ≤ ${level.max_distance}`;
    case 'prefix':
      return `first ${level.length} characters equal`;
    case 'number_within':
      return `within ${level.tolerance}${level.relative === true ? ' (relative)' : ''}`;
    case 'date_within':
      return `within ${level.days} days`;
    default:
      return level.kind.replaceAll('_', ' ');
  }
}
