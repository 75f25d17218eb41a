/**
 * Why a dose's date of birth differs from its register person's: the `dob` reasons of
 * correction-reasons.ts, from two `ParsedDob`s (src/normalize/parse-dob.ts). The damage is the
 * list in DESIGN.md ("Dates of birth"); the written form (05/12/1990, 1990-12-05, 05121990) is
 * formatting, already gone once parsed.
 *
 * Rules, in order:
 * 1. The person's date unreadable → nothing: there is no value to suggest.
 * 2. The dose's date empty → dob_missing. Unreadable text (no accepted form, a year out of range)
 *    → dob_digit: something was typed, and wrong digits are the likeliest cause. A month of 13+
 *    keeps its components (`written`) and is compared as a date, so 05/13/1990 against
 *    13/05/1990 is a day_month_swapped.
 * 3. The register holds only the year: only the years can disagree. A dose with a full date in
 *    the right year is not corrected (decided here): it holds more than the register, nothing
 *    in it is known to be wrong, and replacing it by the year alone would lose information.
 * 4. The dose lost precision against a full register date: the year alone → year_only; 01/01
 *    where the person has another day → dob_default (DESIGN.md: the placeholder for "unknown").
 *    Its year is then checked as well, so a wrong year is reported beside the lost precision.
 * 5. Both full dates: equal → nothing; day and month exchanged in the same year →
 *    day_month_swapped; same day and month, year one apart → year_off_by_one (before the digit
 *    rule: 1990/1991 is both, and a year off by one is the more specific cause).
 *    Anything else → dob_digit: one wrong digit is the common case, and the vocabulary has no
 *    reason for "another date altogether", which the match probability already weighs.
 * Year comparisons (3, 4): equal → nothing, one apart → year_off_by_one, else dob_digit.
 */
import type { ParsedDob } from '../normalize/types.js';
import type { DobReason } from './correction-reasons.js';

interface DateParts {
  year: number;
  month: number | null;
  day: number | null;
}

/** The components to compare, or null when the date cannot be compared at all. */
function partsOf(d: ParsedDob): DateParts | null {
  return d.ok ? d : (d.written ?? null);
}

function yearReason(dose: number, person: number): DobReason | null {
  if (dose === person) return null;
  return Math.abs(dose - person) === 1 ? 'year_off_by_one' : 'dob_digit';
}

/** The `dob` reasons for a dose date against its person's; see the file header. */
export function dobReasons(dose: ParsedDob, person: ParsedDob): DobReason[] {
  if (!person.ok) return [];
  const p: DateParts = person;
  const d = partsOf(dose);
  if (d === null) return !dose.ok && dose.reason === 'empty' ? ['dob_missing'] : ['dob_digit'];

  const year = yearReason(d.year, p.year);
  if (p.month === null || p.day === null) return year === null ? [] : [year];

  let lost: DobReason | null = null;
  if (d.month === null || d.day === null) lost = 'year_only';
  else if (d.day === 1 && d.month === 1 && !(p.day === 1 && p.month === 1)) lost = 'dob_default';
  if (lost !== null) return year === null ? [lost] : [lost, year];

  if (d.day === p.day && d.month === p.month) return year === null ? [] : [year];
  if (d.year === p.year && d.day === p.month && d.month === p.day) return ['day_month_swapped'];
  return ['dob_digit'];
}
