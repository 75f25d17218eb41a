/**
 * Date of birth: the raw text of a `dob` cell → year, month, day, precision and flags
 * (the `ParsedDob` contract in ./types.ts), and back to text for output.
 *
 * Accepted forms (DESIGN.md, data contract): `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`
 * (day and month one or two digits, the same separator twice), `yyyy-mm-dd` (also with `/` or `.`),
 * `ddmmyyyy`, and `yyyy` alone; surrounding white space is ignored. Two further readings:
 * - 8 digits whose last four are not a plausible year but whose first four are (`19900512`) are
 *   read as `yyyymmdd`. The two readings never both succeed: `ddmmyyyy` needs digits 5-6 to be
 *   18, 19 or 20, `yyyymmdd` needs them to be a month 01-12.
 * - A day or month of 0 (`00/00/1985`, `00/05/1985`) is the placeholder old registers use for
 *   "unknown": the result has year precision.
 * The order of day and month is fixed by the form, so 'ambiguous_order' and 'two_digit_year'
 * are never produced here. Day and month are never swapped: that is the comparison's job.
 * Validity: month 13+ fails with 'month_out_of_range'; a day the calendar does not have in that
 * month (30/02, 31/04, 29/02 in a non-leap year, 32/01) keeps its components, flagged
 * 'impossible_date' (Gregorian leap rule: every 4th year, not every 100th, every 400th).
 *
 * `parseDob` scans char codes once, with no regular expression and no allocation besides its
 * result; `parseDobReference` (regular expressions plus `Date.UTC`) is its test oracle and
 * benchmark baseline. `parseDobAscii` is the same scan over the bytes of an ASCII cell, writing
 * into a reused object: the store reads CSV cells as bytes (engine/column-date.ts), and a date
 * cell is then neither decoded nor given a result object; `parseDob` is its oracle.
 */
import { KhopError } from '../errors.js';
import type { DobFlag, DobInvalidReason, ParsedDob } from './types.js';

/** Earliest birth year accepted: older than any living person on the register. */
export const MIN_DOB_YEAR = 1880;
/** Latest birth year accepted: leaves room for records dated a few years ahead by mistake. */
export const MAX_DOB_YEAR = 2030;

const SLASH = 0x2f;
const DASH = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
}

/** The white space String.prototype.trim removes (and /\s/ matches), so the oracle agrees. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function fail(reason: DobInvalidReason): ParsedDob {
  return { ok: false, reason };
}

function yearOnly(year: number): ParsedDob {
  if (year < MIN_DOB_YEAR || year > MAX_DOB_YEAR) return fail('year_out_of_range');
  return { ok: true, year, month: null, day: null, precision: 'year', flags: [] };
}

/** Range checks shared by every form, once the components are read. */
function fromParts(year: number, month: number, day: number): ParsedDob {
  if (year < MIN_DOB_YEAR || year > MAX_DOB_YEAR) return fail('year_out_of_range');
  if (month > 12) return { ok: false, reason: 'month_out_of_range', written: { year, month, day } };
  if (day === 0 || month === 0) return { ok: true, year, month: null, day: null, precision: 'year', flags: [] };
  const flags: DobFlag[] = [];
  if (day > daysInMonth(year, month)) flags.push('impossible_date');
  else if (day === 1 && month === 1) flags.push('default_day_month');
  return { ok: true, year, month, day, precision: 'day', flags };
}

/** Two digits at `i`, both known to be digits. */
function two(s: string, i: number): number {
  return (s.charCodeAt(i) - ZERO) * 10 + (s.charCodeAt(i + 1) - ZERO);
}

/** 8 digits at `i`: ddmmyyyy, or yyyymmdd when only the leading four make a plausible year. */
function compact(s: string, i: number): ParsedDob {
  const lastFour = two(s, i + 4) * 100 + two(s, i + 6);
  if (lastFour >= MIN_DOB_YEAR && lastFour <= MAX_DOB_YEAR) return fromParts(lastFour, two(s, i + 2), two(s, i));
  const firstFour = two(s, i) * 100 + two(s, i + 2);
  if (firstFour >= MIN_DOB_YEAR && firstFour <= MAX_DOB_YEAR) return fromParts(firstFour, two(s, i + 4), two(s, i + 6));
  return fail('year_out_of_range');
}

/** Parses one date-of-birth cell. Never throws. */
export function parseDob(raw: string): ParsedDob {
  let start = 0;
  let end = raw.length;
  while (start < end && isSpace(raw.charCodeAt(start))) start++;
  while (end > start && isSpace(raw.charCodeAt(end - 1))) end--;
  if (start === end) return fail('empty');

  // First run of digits (at most 8 are meaningful; longer runs are rejected below).
  let i = start;
  let a = 0;
  for (let d: number; i < end && (d = raw.charCodeAt(i) - ZERO) >= 0 && d <= 9; i++) a = a * 10 + d;
  const lenA = i - start;
  if (i === end) {
    if (lenA === 4) return yearOnly(a);
    if (lenA === 8) return compact(raw, start);
    return fail('unrecognized_format');
  }
  if (lenA === 0 || lenA > 4) return fail('unrecognized_format');

  const sep = raw.charCodeAt(i);
  if (sep !== SLASH && sep !== DASH && sep !== DOT) return fail('unrecognized_format');
  const bStart = ++i;
  let b = 0;
  for (let d: number; i < end && (d = raw.charCodeAt(i) - ZERO) >= 0 && d <= 9; i++) b = b * 10 + d;
  const lenB = i - bStart;
  if (lenB === 0 || lenB > 2 || i === end || raw.charCodeAt(i) !== sep) return fail('unrecognized_format');

  const cStart = ++i;
  let c = 0;
  for (let d: number; i < end && (d = raw.charCodeAt(i) - ZERO) >= 0 && d <= 9; i++) c = c * 10 + d;
  const lenC = i - cStart;
  if (i !== end) return fail('unrecognized_format');

  if (lenA <= 2 && lenC === 4) return fromParts(c, b, a);
  if (lenA === 4 && lenC >= 1 && lenC <= 2) return fromParts(a, b, c);
  return fail('unrecognized_format');
}

/** `parseDobAscii`'s result: what a column keeps of a `ParsedDob`, 0 for a null month or day. */
export interface DobFields {
  ok: boolean;
  year: number;
  month: number;
  day: number;
  /** precision 'day' (else 'year'). */
  dayPrecision: boolean;
  /** flags holds 'impossible_date'. */
  impossible: boolean;
  /** flags holds 'default_day_month'. */
  defaultDayMonth: boolean;
}

function setFields(out: DobFields, ok: boolean, year: number, month: number, day: number): true {
  out.ok = ok;
  out.year = year;
  out.month = month;
  out.day = day;
  out.dayPrecision = ok && month !== 0;
  out.impossible = false;
  out.defaultDayMonth = false;
  return true;
}

/** `fromParts` into `out`. */
function partsInto(out: DobFields, year: number, month: number, day: number): true {
  if (year < MIN_DOB_YEAR || year > MAX_DOB_YEAR || month > 12) return setFields(out, false, 0, 0, 0);
  if (day === 0 || month === 0) return setFields(out, true, year, 0, 0);
  setFields(out, true, year, month, day);
  if (day > daysInMonth(year, month)) out.impossible = true;
  else if (day === 1 && month === 1) out.defaultDayMonth = true;
  return true;
}

/** Two digits at b[i], both known to be digits. */
function twoBytes(b: Uint8Array, i: number): number {
  return (b[i] - ZERO) * 10 + (b[i + 1] - ZERO);
}

/**
 * `parseDob` of the cell whose UTF-8 is b[from, to), into `out`, when every byte is ASCII (its
 * code units are then its bytes); false, `out` untouched, when a byte is not (parse the decoded
 * text with `parseDob`). Same steps as `parseDob`, line for line.
 */
export function parseDobAscii(b: Uint8Array, from: number, to: number, out: DobFields): boolean {
  for (let k = from; k < to; k++) if (b[k] >= 0x80) return false;
  let start = from;
  let end = to;
  while (start < end && isSpace(b[start])) start++;
  while (end > start && isSpace(b[end - 1])) end--;
  if (start === end) return setFields(out, false, 0, 0, 0);

  let i = start;
  let a = 0;
  for (let d: number; i < end && (d = b[i] - ZERO) >= 0 && d <= 9; i++) a = a * 10 + d;
  const lenA = i - start;
  if (i === end) {
    if (lenA === 4) return a < MIN_DOB_YEAR || a > MAX_DOB_YEAR ? setFields(out, false, 0, 0, 0) : setFields(out, true, a, 0, 0);
    if (lenA === 8) {
      const lastFour = twoBytes(b, start + 4) * 100 + twoBytes(b, start + 6);
      if (lastFour >= MIN_DOB_YEAR && lastFour <= MAX_DOB_YEAR) return partsInto(out, lastFour, twoBytes(b, start + 2), twoBytes(b, start));
      const firstFour = twoBytes(b, start) * 100 + twoBytes(b, start + 2);
      if (firstFour >= MIN_DOB_YEAR && firstFour <= MAX_DOB_YEAR) return partsInto(out, firstFour, twoBytes(b, start + 4), twoBytes(b, start + 6));
    }
    return setFields(out, false, 0, 0, 0);
  }
  if (lenA === 0 || lenA > 4) return setFields(out, false, 0, 0, 0);

  const sep = b[i];
  if (sep !== SLASH && sep !== DASH && sep !== DOT) return setFields(out, false, 0, 0, 0);
  const bStart = ++i;
  let m = 0;
  for (let d: number; i < end && (d = b[i] - ZERO) >= 0 && d <= 9; i++) m = m * 10 + d;
  const lenB = i - bStart;
  if (lenB === 0 || lenB > 2 || i === end || b[i] !== sep) return setFields(out, false, 0, 0, 0);

  const cStart = ++i;
  let c = 0;
  for (let d: number; i < end && (d = b[i] - ZERO) >= 0 && d <= 9; i++) c = c * 10 + d;
  const lenC = i - cStart;
  if (i !== end) return setFields(out, false, 0, 0, 0);

  if (lenA <= 2 && lenC === 4) return partsInto(out, c, m, a);
  if (lenA === 4 && lenC >= 1 && lenC <= 2) return partsInto(out, a, m, c);
  return setFields(out, false, 0, 0, 0);
}

/** The output forms `formatDob` writes: the accepted input forms. */
export const DOB_STYLES = ['dd/mm/yyyy', 'd/m/yyyy', 'yyyy-mm-dd', 'ddmmyyyy', 'dd-mm-yyyy', 'dd.mm.yyyy', 'yyyy'] as const;
export type DobStyle = (typeof DOB_STYLES)[number];

/** What `formatDob` needs: a successful `ParsedDob` fits. */
export interface DobParts {
  year: number;
  month: number | null;
  day: number | null;
  precision: 'day' | 'year';
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Writes a date for output: `style` for day precision (default `dd/mm/yyyy`), `yyyy` for year
 * precision whatever the style. Components are written as held, so an impossible date stays
 * visible as written (30/02/1990).
 */
export function formatDob(d: DobParts, style: DobStyle = 'dd/mm/yyyy'): string {
  const year = `${d.year}`;
  if (d.precision === 'year' || style === 'yyyy') return year;
  if (d.month === null || d.day === null) {
    throw new KhopError('BAD_ARGUMENT', 'a day-precision date of birth needs a month and a day');
  }
  const dd = pad2(d.day);
  const mm = pad2(d.month);
  switch (style) {
    case 'dd/mm/yyyy':
      return `${dd}/${mm}/${year}`;
    case 'd/m/yyyy':
      return `${d.day}/${d.month}/${year}`;
    case 'yyyy-mm-dd':
      return `${year}-${mm}-${dd}`;
    case 'ddmmyyyy':
      return `${dd}${mm}${year}`;
    case 'dd-mm-yyyy':
      return `${dd}-${mm}-${year}`;
    case 'dd.mm.yyyy':
      return `${dd}.${mm}.${year}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference version: the same contract written plainly. Test oracle and benchmark baseline only.

const REF_DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const REF_YMD = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$/;
const REF_EIGHT = /^\d{8}$/;
const REF_YEAR = /^\d{4}$/;

function refParts(year: number, month: number, day: number): ParsedDob {
  if (year < MIN_DOB_YEAR || year > MAX_DOB_YEAR) return { ok: false, reason: 'year_out_of_range' };
  if (month > 12) return { ok: false, reason: 'month_out_of_range', written: { year, month, day } };
  if (day === 0 || month === 0) return { ok: true, year, month: null, day: null, precision: 'year', flags: [] };
  const probe = new Date(Date.UTC(year, month - 1, day));
  const flags: DobFlag[] = [];
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) flags.push('impossible_date');
  else if (day === 1 && month === 1) flags.push('default_day_month');
  return { ok: true, year, month, day, precision: 'day', flags };
}

/** Regular-expression version of `parseDob`; same results on every input. */
export function parseDobReference(raw: string): ParsedDob {
  const s = raw.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (REF_YEAR.test(s)) {
    const year = Number(s);
    if (year < MIN_DOB_YEAR || year > MAX_DOB_YEAR) return { ok: false, reason: 'year_out_of_range' };
    return { ok: true, year, month: null, day: null, precision: 'year', flags: [] };
  }
  if (REF_EIGHT.test(s)) {
    const tail = Number(s.slice(4));
    if (tail >= MIN_DOB_YEAR && tail <= MAX_DOB_YEAR) return refParts(tail, Number(s.slice(2, 4)), Number(s.slice(0, 2)));
    return refParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6)));
  }
  let m = REF_DMY.exec(s);
  if (m !== null) return refParts(Number(m[4]), Number(m[3]), Number(m[1]));
  m = REF_YMD.exec(s);
  if (m !== null) return refParts(Number(m[1]), Number(m[3]), Number(m[4]));
  return { ok: false, reason: 'unrecognized_format' };
}
