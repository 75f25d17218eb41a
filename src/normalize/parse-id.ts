/**
 * ID numbers: the raw text of a `citizen_id` / `person_id` cell → its kind, cleaned digits,
 * issues and, for the 12-digit personal ID (CCCD), the decoded parts (the `ParsedId` contract in
 * ./types.ts).
 *
 * The CCCD is `PPP G YY NNNNNN` (Circular 07/2016/TT-BCA, art. 7; DESIGN.md): PPP the province
 * of birth registration (./provinces.ts), G century and gender (0/1 1900s male/female, 2/3 2000s,
 * 4/5 2100s; 6-9 are not assigned), YY the last two digits of the birth year, then 6 serial
 * digits. There is no check digit. The old CMND has 9 digits and is not decoded.
 *
 * Cleaning, in order:
 * 1. Surrounding white space is dropped silently (cell padding, not part of the value).
 * 2. Numeric export (decided here): 9-12 digits with no leading zero plus a `.0` or `.00` tail
 *    (pandas and spreadsheet number formats) lose the tail; a value in exact scientific
 *    notation (`7.9123456789E+10`, every digit present) is expanded. Both are numbers, so an
 *    11-digit result then gets its leading zero back below. Scientific notation with fewer
 *    mantissa digits than the number has (`7.91235E+10`, how a spreadsheet shows a long number)
 *    has lost digits for good: 'invalid' with 'non_digit'.
 * 3. Spaces, dots, dashes (and look-alike dashes, a leading spreadsheet text apostrophe) inside
 *    the value are removed: 'separators_removed'.
 * 4. By length: 12 → 'cccd'; 11 not starting with 0 → a leading zero is restored
 *    ('leading_zero_restored') and it is a 'cccd' (11 starting with 0 cannot be a number that lost
 *    its zero: a digit was dropped, 'invalid' with 'bad_length'); 10 starting with 1, 2, 4, 6 or 8 → two zeros restored, likewise (province codes
 *    001-008 lose both as a number, and Hà Nội is 001); 9 → 'cmnd'; anything else → 'invalid'
 *    with 'bad_length' (an 8-digit CMND that lost its zero cannot be told from a typo). A
 *    character other than a digit or separator → 'invalid' with 'non_digit'; then `digits` holds
 *    the cleaned text, not only digits, so a correction can show what was there.
 * A CCCD whose first three digits are no province code keeps kind 'cccd' with 'unknown_province';
 * one whose 4th digit is 6-9 keeps kind 'cccd' with 'bad_century_digit' and no gender/century/year.
 */
import { isProvinceNumber } from './provinces.js';
import type { IdIssue, ParsedId } from './types.js';

const ZERO = 0x30;

function isDigitCode(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

/** White space as String.prototype.trim sees it. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Separators people and tools put inside ID numbers. */
function isSeparator(c: number): boolean {
  return (
    isSpace(c) ||
    c === 0x2e || // .
    c === 0x2d || // -
    (c >= 0x2010 && c <= 0x2015) || // hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar
    c === 0x2212 || // minus sign
    c === 0x200b // zero-width space
  );
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

/** Decodes a 12-digit string (known to be digits) as a CCCD. */
function decodeCccd(digits: string, issues: IdIssue[]): ParsedId {
  const p0 = digits.charCodeAt(0) - ZERO;
  const p1 = digits.charCodeAt(1) - ZERO;
  const p2 = digits.charCodeAt(2) - ZERO;
  if (!isProvinceNumber(p0 * 100 + p1 * 10 + p2)) issues.push('unknown_province');
  const g = digits.charCodeAt(3) - ZERO;
  const province = digits.slice(0, 3);
  if (g > 5) {
    issues.push('bad_century_digit');
    return { kind: 'cccd', digits, issues, province };
  }
  const century = 1900 + 100 * (g >> 1);
  const yy = (digits.charCodeAt(4) - ZERO) * 10 + (digits.charCodeAt(5) - ZERO);
  return { kind: 'cccd', digits, issues, province, gender: (g & 1) === 0 ? 'M' : 'F', century, birthYear: century + yy };
}

/** Classifies cleaned digits by length. */
function byLength(digits: string, issues: IdIssue[]): ParsedId {
  switch (digits.length) {
    case 12:
      return decodeCccd(digits, issues);
    case 11:
      // A number has no leading zero: 11 digits starting with 0 were typed with one digit
      // dropped, and padding them would make a different, wrong 12-digit ID.
      if (digits.charCodeAt(0) === ZERO) {
        issues.push('bad_length');
        return { kind: 'invalid', digits, issues };
      }
      issues.push('leading_zero_restored');
      return decodeCccd(`0${digits}`, issues);
    case 10:
      // Codes 001-009 lose two zeros as numbers; only restore when that yields one of them.
      if (isProvinceNumber(digits.charCodeAt(0) - ZERO)) {
        issues.push('leading_zero_restored');
        return decodeCccd(`00${digits}`, issues);
      }
      issues.push('bad_length');
      return { kind: 'invalid', digits, issues };
    case 9:
      return { kind: 'cmnd', digits, issues };
    case 0:
      return { kind: 'empty', digits, issues };
    default:
      issues.push('bad_length');
      return { kind: 'invalid', digits, issues };
  }
}

/**
 * A number as written by a tool that treated the ID as numeric, or null when `s` is not one:
 * `79123456789.0` → '79123456789'; `7.9123456789E+10` → '79123456789'; a lossy exponent form
 * → undefined (digits were lost).
 */
function numericExport(s: string): string | null | undefined {
  const dot = s.indexOf('.');
  let e = s.indexOf('E');
  if (e < 0) e = s.indexOf('e');
  if (e < 0) {
    // `digits.0` / `digits.00` where the digits have an ID's length and no leading zero (they
    // were a number); anything else is a dot used as a separator (`001.090.123.000`,
    // `0010000000.00`).
    if (dot < 9 || dot > 12 || s.charCodeAt(0) === ZERO) return null;
    if (s.length - dot - 1 > 2 || s.length - dot - 1 < 1) return null;
    if (!allDigits(s, 0, dot)) return null;
    for (let i = dot + 1; i < s.length; i++) if (s.charCodeAt(i) !== ZERO) return null;
    return s.slice(0, dot);
  }
  const m = /^(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})$/.exec(s);
  if (m === null) return null;
  const mantissa = m[1] + (m[2] ?? '');
  const width = Number(m[3]) + 1;
  return mantissa.length === width ? mantissa : undefined;
}

/** Parses one ID cell. Never throws. */
export function parseId(raw: string): ParsedId {
  // Fast path: the common case, exactly 12 digits.
  if (raw.length === 12 && allDigits(raw, 0, 12)) return decodeCccd(raw, []);

  const s = raw.trim();
  const issues: IdIssue[] = [];
  if (s === '') return { kind: 'empty', digits: '', issues };

  const exported = numericExport(s);
  if (exported === undefined) {
    issues.push('non_digit');
    return { kind: 'invalid', digits: s, issues };
  }
  if (exported !== null) return byLength(exported, issues);

  let out = '';
  let separators = false;
  let nonDigit = false;
  let i = 0;
  // A leading apostrophe is the spreadsheet marker for "keep this as text".
  if (s.charCodeAt(0) === 0x27 || s.charCodeAt(0) === 0x2019) {
    separators = true;
    i = 1;
  }
  let runStart = i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigitCode(c)) continue;
    if (isSeparator(c)) {
      out += s.slice(runStart, i);
      runStart = i + 1;
      separators = true;
    } else {
      nonDigit = true;
    }
  }
  out += s.slice(runStart);
  if (separators) issues.push('separators_removed');
  if (nonDigit) {
    issues.push('non_digit');
    return { kind: 'invalid', digits: out, issues };
  }
  return byLength(out, issues);
}
