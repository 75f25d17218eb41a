/**
 * The text of a range of results.csv rows, written as UTF-8 into one reusable byte buffer and
 * handed over as bytes once per range (`takeBytes`), instead of ten or so strings per row joined
 * at the end (the row strings were the largest allocation of deciding: 187 MB of 1.78 GB sampled
 * at 300k).
 *
 * Every cell is written exactly as `formatCsvCell` (csv-writer.ts) writes it: RFC 4180 quoting and
 * OWASP formula escaping. A cell that needs either is rare (an ID cell starting with `-` or holding a
 * comma, say) and goes through formatCsvCell itself; the fast paths only copy a cell that provably
 * has neither (no formula start, no `"`, `,`, CR, LF). Raw cells are copied byte for byte from the
 * record store's UTF-8 pool, never decoded: a following `,` or LF is ASCII, so decoding the range
 * at once gives each cell the same characters as decoding it alone (a malformed sequence cannot run
 * into its neighbour). The bytes are exactly what a UTF-8 file write of `formatCsvRow`'s text gives:
 * an unpaired surrogate, which UTF-8 cannot carry, becomes U+FFFD (RFC 3629), as Node writes it.
 *
 * Strings are encoded here rather than by `writeUtf8` (column-utf8.ts) because a plain cell is
 * encoded and checked for CSV specials in one pass, where `writeUtf8` would need a scan first.
 */
import { formatCsvCell, isFormulaStart } from '../io/csv-writer.js';
import type { RawColumns } from './column-raw.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** `rounded` takes its toFixed-free path up to this many decimals (results.csv writes 6 and 3). */
const MAX_FAST_DIGITS = 6;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** The decimal digits of a non-negative integer below 2^53 at b[at…]; where they end. */
function writeDigits(b: Uint8Array, at: number, value: number): number {
  let len = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) len++;
  let v = value;
  for (let k = len - 1; k >= 0; k--) {
    b[at + k] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + len;
}

export class CsvTextBuffer {
  private buf: Buffer;
  private at = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  /** ASCII text that formatCsvCell leaves unchanged (a decision, a list of corrections). */
  ascii(s: string): void {
    this.asciiPart(s, s.length);
  }

  /** The first `end` units of ASCII text, as `ascii`. */
  private asciiPart(s: string, end: number): void {
    this.room(end);
    const b = this.buf;
    let at = this.at;
    for (let i = 0; i < end; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /**
   * `roundTo(x, digits)` (result-rows.ts) as written by `numberCell`: toFixed, trailing zeros and a
   * bare point cut, −0 as 0; a finite number's text needs no escaping, any other goes through `cell`.
   */
  rounded(x: number, digits: number): void {
    if (digits <= MAX_FAST_DIGITS && this.roundedFast(x, digits)) return;
    const s = x.toFixed(digits);
    if (!Number.isFinite(x)) {
      this.cell(s);
      return;
    }
    let end = s.length;
    if (s.indexOf('.') >= 0) {
      while (end > 0 && s.charCodeAt(end - 1) === 0x30) end--;
      if (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
    }
    if (end === 2 && s.charCodeAt(0) === 0x2d && s.charCodeAt(1) === 0x30) this.byte(0x30);
    else this.asciiPart(s, end);
  }

  /**
   * `rounded` without toFixed, when that is provably the same text; false (nothing written)
   * otherwise. toFixed writes the integer n nearest to |x| · 10^digits (the larger on a tie, ECMA-262
   * Number.prototype.toFixed), computed exactly. Here y = |x| · 10^digits is computed with one
   * rounding, an error below |y| · 2^−53 < 1.2e−7 for |y| < 1e9; unless y's fraction is within
   * 1e−6 of one half, y and the exact product round to the same integer. n's digits are then
   * written with the point and without trailing zeros, a minus sign only before a nonzero n (−0,
   * and anything that rounds to 0, is written 0).
   */
  private roundedFast(x: number, digits: number): boolean {
    const scale = POW10[digits];
    const y = (x < 0 ? -x : x) * scale;
    if (!(y < 1e9)) return false; // also NaN
    const floor = Math.floor(y);
    const fraction = y - floor;
    if (fraction > 0.5 - 1e-6 && fraction < 0.5 + 1e-6) return false;
    const n = fraction > 0.5 ? floor + 1 : floor;
    if (n === 0) {
      this.byte(0x30);
      return true;
    }
    // n < 1e9 + 1 and scale ≤ 1e6 are exact integers: the quotient's floor and the rest are exact.
    const whole = Math.floor(n / scale);
    let part = n - whole * scale;
    this.room(24);
    const b = this.buf;
    let at = this.at;
    if (x < 0) b[at++] = 0x2d;
    at = writeDigits(b, at, whole);
    if (part !== 0) {
      let width = digits;
      while (part % 10 === 0) {
        part /= 10;
        width--;
      }
      b[at++] = 0x2e;
      for (let k = width - 1; k >= 0; k--) {
        b[at + k] = 0x30 + (part % 10);
        part = Math.floor(part / 10);
      }
      at += width;
    }
    this.at = at;
    return true;
  }

  /** `formatCsvCell(s)` (nothing for ''). */
  cell(s: string): void {
    if (s.length === 0) return;
    if (isFormulaStart(s.charCodeAt(0))) {
      this.utf8(formatCsvCell(s));
      return;
    }
    const start = this.at;
    if (!this.utf8(s, true)) {
      this.at = start;
      this.utf8(formatCsvCell(s));
    }
  }

  /** Cell `column` of `row` in `raw`, as `cell(raw.cell(row, column))` writes it. */
  rawCell(raw: RawColumns, row: number, column: number): void {
    const k = row * raw.columns.length + column;
    const start = raw.offsets[k];
    const end = raw.offsets[k + 1];
    if (start === end) return;
    const src = raw.bytes;
    if (isFormulaStart(src[start])) {
      this.cell(raw.cell(row, column));
      return;
    }
    this.room(end - start);
    const b = this.buf;
    let at = this.at;
    for (let i = start; i < end; i++) {
      const x = src[i];
      if (x === QUOTE || x === COMMA || x === CR || x === LF) {
        this.cell(raw.cell(row, column));
        return;
      }
      b[at++] = x;
    }
    this.at = at;
  }

  /**
   * Writes `s` as UTF-8. With `plain`, stops and returns false at a character that needs quoting
   * (the caller then writes the quoted form over it).
   */
  private utf8(s: string, plain = false): boolean {
    const n = s.length;
    this.room(3 * n);
    const b = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (plain && (c === QUOTE || c === COMMA || c === CR || c === LF)) return false;
        b[at++] = c;
      } else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[at++] = 0xe0 | (c >> 12);
        b[at++] = 0x80 | ((c >> 6) & 0x3f);
        b[at++] = 0x80 | (c & 0x3f);
      } else {
        const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || lo < 0xdc00 || lo > 0xdfff) {
          // An unpaired surrogate: U+FFFD.
          b[at++] = 0xef;
          b[at++] = 0xbf;
          b[at++] = 0xbd;
          continue;
        }
        const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        b[at++] = 0xf0 | (cp >> 18);
        b[at++] = 0x80 | ((cp >> 12) & 0x3f);
        b[at++] = 0x80 | ((cp >> 6) & 0x3f);
        b[at++] = 0x80 | (cp & 0x3f);
        i++;
      }
    }
    this.at = at;
    return true;
  }

  /** The bytes written since the last take, as a new array of their exact size; the buffer starts again empty. */
  takeBytes(): Uint8Array {
    const bytes = new Uint8Array(this.at);
    bytes.set(this.buf.subarray(0, this.at));
    this.at = 0;
    return bytes;
  }
}
