/**
 * The closed vocabulary of corrections in `results.csv` (DESIGN.md, data contract): a correction is
 * `field:reason`, the field a dose must change to agree with its register person and why it is
 * wrong. The reasons name the damage DESIGN.md lists for Vietnamese names, dates and IDs, one
 * family per field, and they mirror the generator's damage tags (src/generate/tags.ts) so the
 * evaluator can score them. The order of each list is the order corrections are written in.
 *
 * Two reasons beyond the list, for a dose field that holds nothing to compare (empty or
 * unreadable text, not a damaged value): `name_missing` and `dob_missing`, the counterparts of
 * `id_missing`. Without them such a dose would get a reason that describes damage it does not have.
 */

/** Fields a correction can name, in output order. */
export const CORRECTION_FIELDS = ['full_name', 'dob', 'citizen_id', 'gender'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export const NAME_REASONS = [
  'diacritics_missing',
  'tone_mark',
  'legacy_encoding',
  'typo',
  'surname_variant',
  'middle_name_missing',
  'middle_name_extra',
  'name_order',
  'name_missing',
] as const;

export const DOB_REASONS = ['day_month_swapped', 'year_only', 'dob_default', 'year_off_by_one', 'dob_digit', 'dob_missing'] as const;

export const ID_REASONS = [
  'id_missing',
  'id_leading_zero',
  'old_id_used',
  'id_of_other_person',
  'id_digit',
  'id_transposition',
  'id_digit_missing',
  'id_digit_extra',
] as const;

export const GENDER_REASONS = ['gender'] as const;

/** Every reason, field by field in output order. */
export const CORRECTION_REASONS = [...NAME_REASONS, ...DOB_REASONS, ...ID_REASONS, ...GENDER_REASONS] as const;

export type NameReason = (typeof NAME_REASONS)[number];
export type DobReason = (typeof DOB_REASONS)[number];
export type IdReason = (typeof ID_REASONS)[number];
export type GenderReason = (typeof GENDER_REASONS)[number];
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/** One field to change and why. */
export type Correction =
  | { field: 'full_name'; reason: NameReason }
  | { field: 'dob'; reason: DobReason }
  | { field: 'citizen_id'; reason: IdReason }
  | { field: 'gender'; reason: GenderReason };

/** Position of each reason in CORRECTION_REASONS: the sort key of the written list. */
export const REASON_ORDER: Readonly<Record<CorrectionReason, number>> = Object.fromEntries(
  CORRECTION_REASONS.map((r, i) => [r, i]),
) as Record<CorrectionReason, number>;
