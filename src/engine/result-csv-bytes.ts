/**
 * The text of a range of results.csv rows, written as UTF-8 into one reusable byte buffer and
 * decoded once per range (`take`; or handed over as bytes, `takeBytes`), instead of ten or so strings per row joined at the end (the
 * row strings were the largest allocation of deciding: 187 MB of 1.78 GB sampled at 300k).
 *
 * Every cell is written exactly as `formatCsvCell` (csv-writer.ts) writes it: RFC 4180 quoting and
 * OWASP formula escaping. A cell that needs either is rare (an ID cell starting with `-` or holding a
 * comma, say) and goes through formatCsvCell itself; the fast paths only copy a cell that provably
 * has neither (no formula start, no `"`, `,`, CR, LF). Raw cells are copied byte for byte from the
 * record store's UTF-8 pool, never decoded: a following `,` or LF is ASCII, so decoding the range
 * at once gives each cell the same characters as decoding it alone (a malformed sequence cannot run
 * into its neighbour). A string holding an unpaired surrogate, which UTF-8 cannot carry, is kept as
 * a string piece beside the bytes, so the text is the very string `formatCsvRow` would give.
 */
import { formatCsvCell } from '../io/csv-writer.js';
import { utf8Slice } from '../io/utf8-slice.js';
import type { RawColumns } from './column-raw.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** = + - @ tab CR NUL: a cell starting so may be formula-escaped (csv-writer.ts, startsLikeFormula). */
function formulaStart(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d || c === 0x00;
}

export class CsvTextBuffer {
  private buf: Buffer;
  private at = 0;
  /** Text before `buf` (only after an unpaired surrogate, see the header). */
  private readonly parts: string[] = [];

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
    if (formulaStart(s.charCodeAt(0))) {
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
    if (formulaStart(src[start])) {
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
          // An unpaired surrogate: what was written of `s` (from this.at on) is dropped, and the
          // whole string is kept as a piece after the bytes before it.
          this.flush();
          this.parts.push(plain ? formatCsvCell(s) : s);
          return true;
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

  private flush(): void {
    if (this.at > 0) this.parts.push(utf8Slice(this.buf, 0, this.at));
    this.at = 0;
  }

  /**
   * The bytes written since the last take, as a new array of their exact size (the buffer starts
   * again empty): what `take()` gives, UTF-8 encoded as a file write encodes it (an unpaired
   * surrogate as U+FFFD), without making the string.
   */
  takeBytes(): Uint8Array {
    if (this.parts.length > 0) return Buffer.from(this.take(), 'utf8');
    const bytes = new Uint8Array(this.at);
    bytes.set(this.buf.subarray(0, this.at));
    this.at = 0;
    return bytes;
  }

  /** The text written since the last `take`; the buffer starts again empty. */
  take(): string {
    if (this.parts.length === 0) {
      const text = utf8Slice(this.buf, 0, this.at);
      this.at = 0;
      return text;
    }
    this.flush();
    const text = this.parts.join('');
    this.parts.length = 0;
    return text;
  }
}
