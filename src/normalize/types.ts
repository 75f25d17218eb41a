/**
 * The shapes the normalizers produce. Every later stage (blocking, comparisons, corrections)
 * reads these, so they are the contract between `src/normalize/` and the rest of the engine.
 */

/** What was repaired in a raw name string, in the order the repairs were applied. */
export type NameRepair =
  | 'nfd' // decomposed (or partly decomposed) Unicode composed to NFC
  | 'tone_style' // tone mark moved to the canonical vowel (hoà → hòa, thuỷ → thủy)
  | 'tcvn3' // TCVN3 (ABC) legacy font bytes read as Windows-1252
  | 'vni' // VNI-Windows legacy font bytes read as Windows-1252
  | 'utf8_as_cp1252' // UTF-8 bytes read as Windows-1252 ("Nguyá»…n")
  | 'telex' // Telex input-method residue ("Nguyeenx")
  | 'viqr' // VIQR residue ("Nguye^~n")
  | 'zero_width' // zero-width or other invisible format characters removed
  | 'control' // control characters removed
  | 'case' // case changed for display (ALL CAPS, lower case, mixed)
  | 'spaces' // leading, trailing, repeated or non-breaking spaces
  | 'eth_as_d'; // Ð (U+00D0, Icelandic eth) used for Đ

export interface NormalizedName {
  /** NFC, canonical tone placement, title case, single spaces. Empty string when nothing is left. */
  display: string;
  /** `display` in lower case: equal keys mean the same written name. */
  key: string;
  /** Lower-case ASCII: every mark removed, đ/Đ/Ð → d. */
  folded: string;
  /** `key` with the five tone marks removed but vowel letters (ă â ê ô ơ ư đ) kept. */
  toneless: string;
  /**
   * `key` with regional variants and i/y spellings unified, token by token (Huỳnh → hoàng,
   * Võ → vũ, Phước → phúc, Hường → hồng, Quí → quý, Vi → vy, Lí → lý, Kì → kỳ).
   * A comparison key, never a rewrite of `display`.
   */
  variant: string;
  /** `folded` with the same unification where it is unambiguous without marks (huynh → hoang, vo → vu, phuoc → phuc, qui → quy …). */
  variantFolded: string;
  /** Tokens of `key`: family name first, given name last, middle names between. */
  family: string;
  middle: string[];
  given: string;
  repairs: NameRepair[];
}

export type DobFlag =
  | 'impossible_date' // day/month out of range for the calendar (30/02); components kept as written
  | 'two_digit_year' // a two-digit year was expanded (not produced for the accepted formats, kept for callers)
  | 'default_day_month' // 01/01: often a placeholder for an unknown date
  | 'ambiguous_order'; // both day and month ≤ 12 in a format whose order was inferred

export type DobInvalidReason = 'empty' | 'unrecognized_format' | 'year_out_of_range' | 'month_out_of_range';

export type ParsedDob =
  | {
      ok: true;
      year: number;
      month: number | null;
      day: number | null;
      precision: 'day' | 'year';
      flags: DobFlag[];
    }
  | {
      ok: false;
      reason: DobInvalidReason;
      /**
       * With 'month_out_of_range' only: the components as written (e.g. 05/13/1990 → day 5,
       * month 13), so a comparison can still see a day-month swap. Never a valid date.
       */
      written?: { year: number; month: number; day: number };
    };

export type IdKind = 'cccd' | 'cmnd' | 'empty' | 'invalid';

export type IdIssue =
  | 'separators_removed' // spaces, dots or dashes stripped
  | 'leading_zero_restored' // 10 or 11 digits: the ID was stored as a number and lost its leading zero(s)
  | 'non_digit' // characters other than digits and separators
  | 'bad_length' // not 9, 11 or 12 digits
  | 'unknown_province' // first three digits are not a province code
  | 'bad_century_digit'; // the 4th digit is not 0-5

export interface ParsedId {
  kind: IdKind;
  /** The digits after cleaning (and leading-zero restoration); '' when empty. */
  digits: string;
  issues: IdIssue[];
  /** For a 12-digit personal ID (CCCD): the decoded parts. */
  province?: string; // 3 digits, e.g. '079'
  gender?: 'M' | 'F';
  century?: number; // 1900, 2000, 2100
  birthYear?: number; // century + YY
}

export type Gender = 'M' | 'F';
