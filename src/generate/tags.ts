/**
 * The ground-truth vocabulary of `khop generate`: every damage the generator can apply to a dose
 * record, and the hard cases it plants on purpose. `truth.csv` lists them per dose, `|`-separated,
 * in the order of `TRUTH_TAGS`. The error model these tags name is documented in
 * `datasets/README.md`.
 */

/** Damage tags, in the order they are applied to a dose (and listed in truth.csv). */
export const DAMAGE_TAGS = [
  // name: structure
  'surname_variant',
  'middle_name_missing',
  'middle_name_extra',
  // name: letters
  'name_tone_mark',
  'name_tone_style',
  'name_typo',
  'name_no_diacritics',
  'name_partial_diacritics',
  // name: legacy encodings and input-method residue (at most one per dose)
  'name_tcvn3',
  'name_vni',
  'name_utf8_as_cp1252',
  'name_telex',
  'name_viqr',
  // name: order
  'name_order',
  // date of birth (at most one per dose)
  'dob_year_only',
  'dob_day_month_swapped',
  'dob_default',
  'dob_digit',
  'dob_year_off_by_one',
  // ID number (at most one per dose)
  'id_missing',
  'id_old_id',
  'id_relative',
  'id_digit',
  'id_transposition',
  'id_digit_missing',
  'id_digit_extra',
  'id_leading_zero',
  // gender
  'gender_flipped',
] as const;

export type DamageTag = (typeof DAMAGE_TAGS)[number];

/** Hard cases: properties of the dose's person, not damage to the dose. */
export const HARD_CASE_TAGS = ['namesake', 'twin', 'absent'] as const;
export type HardCaseTag = (typeof HARD_CASE_TAGS)[number];

export const TRUTH_TAGS = [...DAMAGE_TAGS, ...HARD_CASE_TAGS] as const;
export type TruthTag = (typeof TRUTH_TAGS)[number];

export const TAG_COUNT = DAMAGE_TAGS.length;

/** The index of each damage tag, for typed-array bookkeeping. */
export const TAG_INDEX: Readonly<Record<DamageTag, number>> = Object.fromEntries(DAMAGE_TAGS.map((t, i) => [t, i])) as Record<DamageTag, number>;

/**
 * Damage that khớp's normalizers undo (the name key, or the ID digits, are the same once
 * repaired), although an exact comparison such as the Ministry's verification fails on it.
 */
export const REPAIRABLE_TAGS: ReadonlySet<DamageTag> = new Set<DamageTag>([
  'name_tone_style',
  'name_tcvn3',
  'name_vni',
  'name_utf8_as_cp1252',
  'name_telex',
  'name_viqr',
  'id_leading_zero',
]);

/** Tags of which a dose carries at most one: each group rewrites the same field wholesale (or could cancel out). */
export const EXCLUSIVE_GROUPS: readonly (readonly DamageTag[])[] = [
  ['middle_name_missing', 'middle_name_extra'],
  ['name_tcvn3', 'name_vni', 'name_utf8_as_cp1252', 'name_telex', 'name_viqr'],
  ['dob_year_only', 'dob_day_month_swapped', 'dob_default', 'dob_digit', 'dob_year_off_by_one'],
  ['id_missing', 'id_old_id', 'id_relative', 'id_digit', 'id_transposition', 'id_digit_missing', 'id_digit_extra', 'id_leading_zero'],
];
