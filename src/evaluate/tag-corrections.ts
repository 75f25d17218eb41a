/**
 * The correction each generator damage tag should produce (datasets/README.md's error model →
 * the corrections vocabulary of results.csv). Tags that are not errors of the dose (formatting,
 * hard-case markers such as `namesake`) map to nothing. Used to check that the engine not only
 * finds the person but says what was wrong.
 */
export const TAG_CORRECTIONS: Readonly<Record<string, string | null>> = {
  name_no_diacritics: 'full_name:diacritics_missing',
  name_partial_diacritics: 'full_name:diacritics_missing',
  name_tone_mark: 'full_name:tone_mark',
  name_typo: 'full_name:typo',
  name_tone_style: null,
  name_tcvn3: 'full_name:legacy_encoding',
  name_vni: 'full_name:legacy_encoding',
  name_utf8_as_cp1252: 'full_name:legacy_encoding',
  name_telex: 'full_name:legacy_encoding',
  surname_variant: 'full_name:surname_variant',
  middle_name_missing: 'full_name:middle_name_missing',
  middle_name_extra: 'full_name:middle_name_extra',
  name_order: 'full_name:name_order',
  dob_day_month_swapped: 'dob:day_month_swapped',
  dob_year_only: 'dob:year_only',
  dob_digit: 'dob:dob_digit',
  dob_default: 'dob:dob_default',
  dob_year_off_by_one: 'dob:year_off_by_one',
  id_digit: 'citizen_id:id_digit',
  id_transposition: 'citizen_id:id_transposition',
  id_digit_missing: 'citizen_id:id_digit_missing',
  id_digit_extra: 'citizen_id:id_digit_extra',
  id_old_id: 'citizen_id:old_id_used',
  id_relative: 'citizen_id:id_of_other_person',
  id_missing: 'citizen_id:id_missing',
  id_leading_zero: 'citizen_id:id_leading_zero',
  gender_flipped: 'gender:gender',
  namesake: null,
  twin: null,
  absent: null,
};
