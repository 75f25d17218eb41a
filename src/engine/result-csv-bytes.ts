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
