/**
 * One sentence per correction reason of the closed vocabulary (correction-reasons.ts), for
 * `khop explain`: what a data scientist says when asked why a citizen's record was changed. The
 * sentences restate the rules of corrections-name.ts, corrections-dob.ts and corrections-id.ts
 * and the damage DESIGN.md lists; a `Record` over the vocabulary, so a new reason fails the
 * type-check until it is described here.
 */
import type { CorrectionReason } from '../engine/correction-reasons.js';

export const REASON_TEXT: Readonly<Record<CorrectionReason, string>> = {
  diacritics_missing: "the dose's name has the register's letters without some or all of their diacritics",
  tone_mark: 'a tone mark differs from the register (e.g. Thủy typed as Thùy)',
  legacy_encoding: 'the name was typed in a legacy font (TCVN3, VNI) or input-method residue (Telex, VIQR) and repaired before comparing',
  typo: "a syllable differs from the register's by a typing error",
  surname_variant: 'a regional variant of the same name (Hoàng/Huỳnh, Vũ/Võ, Phúc/Phước) or an i/y spelling',
  middle_name_missing: "the dose lacks a middle name the register has",
  middle_name_extra: 'the dose has a middle name the register does not',
  name_order: 'the same names in another order (e.g. the family name moved to the end)',
  name_missing: 'the dose holds no readable name',
  day_month_swapped: 'day and month are swapped',
  year_only: 'the dose has only the year where the register has the full date',
  dob_default: 'the dose has a default 01/01 where the register has the real day and month',
  year_off_by_one: 'the year of birth is one off',
  dob_digit: "the date differs from the register's in one part (a wrong digit)",
  dob_missing: 'the dose holds no readable date of birth',
  id_missing: 'the dose has no ID number: the register person’s is suggested',
  id_leading_zero: 'the ID lost its leading zero (stored as a number)',
  old_id_used: "the dose carries the person's old ID (CMND) instead of the 12-digit one",
  id_of_other_person: "the dose's ID is another register person's, exactly: the ID belongs to someone else",
  id_digit: 'one digit of the ID is wrong',
  id_transposition: 'two adjacent digits of the ID are swapped',
  id_digit_missing: 'a digit of the ID was dropped',
  id_digit_extra: 'the ID has one digit too many',
  gender: "the dose's gender differs from the register's, or is missing",
};
