/**
 * Incremental RFC 4180 CSV scanner over UTF-8 bytes. It finds record boundaries and the byte
 * range of every field without creating strings; a field becomes a string only when asked for.
 * The core is fed chunks of any size (`push`, then `end`) and knows nothing of files or streams:
 * the sync adapter is `scanCsv` below and the stream adapter is `readCsv` (csv-reader.ts). The
 * split into a chunk-fed core wrapped by sync and stream APIs follows csv-parse
 * (https://csv.js.org/parse/api/).
 *
 * Grammar (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180, section 2): fields are separated by
 * `,`; a record ends at LF or CRLF; a field that starts with `"` is quoted, may hold `,`, CR and
 * LF, and writes a quote as `""`. A UTF-8 byte order mark at the very start is skipped.
 * Deliberate choices where the RFC is silent or the input is damaged:
 * - A lone CR (not before LF) outside quotes is field data, not a record end (old Mac files are
 *   not expected; CRLF and LF are). A CR just before the end of input is dropped like CRLF.
 * - A blank line is a record with one empty field, as csv-parse reports it; the reader skips it.
 * - A `"` inside an unquoted field, or text after a closing quote, marks the record
 *   RECORD_INVALID ('quote_misplaced'); scanning carries on to the next `,` or line end, so the
 *   following records are read as usual.
 * - A quote left open at end of input (or spanning more than `maxRecordBytes`) is QUOTE_UNCLOSED
 *   for the physical line where the record starts; scanning then restarts on the next line, so
 *   the rows after a stray quote are still read rather than swallowed into one huge field.
 * - Likewise a record that spans lines and is RECORD_INVALID in the field that runs past its first
 *   line (a stray `"` opened a quoted field that a later stray `"` closed, text following it):
 *   its first physical line alone is the reject, and scanning restarts on the next line, so the
 *   rows between the two quotes are read (they were one reject). The trade-off, chosen for the
 *   data contract's files, whose cells hold no line breaks: a quoted multi-line cell damaged the
 *   same way has its inner lines read as rows of their own (each then checked like any row). A
 *   well-formed record spanning lines is not touched.
 * - With `multilineCells: false` (inputs whose cells hold no line breaks) a record never spans
 *   lines: a quote still open at its line's end rejects that line (QUOTE_UNCLOSED), and scanning
 *   goes on with the next, in one pass.
 * - Bytes that are not valid UTF-8 mark the record INVALID_UTF8 (checked with Node's SIMD
 *   `buffer.isUtf8`, once per chunk, per record only when the chunk fails); nothing is replaced
 *   silently.
 * Line numbers count LF bytes: a record's line is the physical line where it starts, so lines
 * stay right after a quoted field that spans lines.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { KhopError } from '../errors.js';
import { latin1Slice, utf8Slice } from './utf8-slice.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// Scanner states between bytes.
const S_FIELD = 0; // at the start of a field
const S_UNQUOTED = 1; // inside an unquoted field
const S_QUOTED = 2; // inside a quoted field
const S_QUOTE = 3; // just after a `"` inside a quoted field: an escape (`""`) or the closing quote
const S_QUOTE_CR = 4; // closing quote, then CR: only LF may follow

/** Why a record could not be read; each is a code of `src/errors.ts`. */
export type CsvRecordError = 'QUOTE_UNCLOSED' | 'RECORD_INVALID' | 'INVALID_UTF8';

/**
 * One record, as a view over the scanner's current bytes. The same object is passed for every
 * record and its contents are only valid during the callback: copy what you keep.
 */
export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  readonly fieldCount: number;
  /** Null for a well-formed record. An erroneous record still has its raw text and line. */
  readonly error: CsvRecordError | null;
  /** 0-based index of the field at fault, or -1. */
  readonly errorField: number;
  /** The bytes that `rawStart`, `rawEnd`, `fieldStart` and `fieldEnd` index into. */
  readonly bytes: Uint8Array;
  /** Byte range of the record, without its line terminator. */
  readonly rawStart: number;
  readonly rawEnd: number;
  /** Byte range of field i's content: without the surrounding quotes, `""` not yet unescaped. */
  fieldStart(i: number): number;
  fieldEnd(i: number): number;
  /** True when field i is quoted and holds `""` escapes, i.e. its bytes differ from its value. */
  fieldEscaped(i: number): boolean;
  /** Field i's bytes (a view, no copy), with `""` escapes as in the input. */
  fieldBytes(i: number): Uint8Array;
  /** Field i decoded from UTF-8 with `""` unescaped. */
  field(i: number): string;
  /**
   * The record's text as read (for rejects); invalid UTF-8 bytes show as U+FFFD. A record over
   * RAW_MAX_BYTES gives its first RAW_MAX_BYTES followed by `…` (a line of hundreds of megabytes
   * would otherwise pass V8's longest string and stop the run).
   */
  raw(): string;
  /** A short code-like reason for an erroneous record, e.g. 'quote_misplaced: field 3'. */
  reason(): string;
}

export interface CsvScannerOptions {
  /**
   * A quoted field still open after this many bytes of its record is taken to be an unclosed
   * quote, so that one stray `"` cannot make the scanner hold the rest of a large file in memory.
   * Default 1 MiB; a dose or register record is about 100 bytes. With `multilineCells: false` a
   * quoted field ends at its line's end anyway, so this bound never applies: a line is held whole
   * until its line break, as a line without quotes always is.
   */
  maxRecordBytes?: number;
  /**
   * Whether a quoted field may hold line breaks (default true, as RFC 4180 reads it). False for
   * inputs whose cells hold none (the data contract's register and doses): a quote still open at
   * the end of its line is then a stray one, and that line alone is the reject (QUOTE_UNCLOSED),
   * scanning on from the next. Otherwise a stray `"` at the start of a cell, closed by another stray
   * `"` lines later, makes the lines between one record: rejected together for their column count,
   * or, when the count happens to fit, read as one row with a multi-line cell (rows lost silently).
   */
  multilineCells?: boolean;
  /**
   * Skip a UTF-8 byte order mark at the very start (default true). False for bytes that are not a
   * file's start (rows cut from a file after its header, csv-batches.ts), where U+FEFF is data.
   */
  skipBom?: boolean;
}

const EMPTY = Buffer.alloc(0);

/** The most of a record's text `raw()` gives (see CsvRecord.raw). */
export const RAW_MAX_BYTES = 1 << 20;

/**
 * An ASCII field shorter than this many bytes is cut from the record's bytes read once as Latin-1
 * text (one char per byte, so offsets are byte offsets, and ASCII reads the same in Latin-1 as
 * in UTF-8); any other field is decoded from UTF-8 on its own. Most cells are short ASCII (IDs,
 * dates, codes), and the native call, not the bytes, is most of the cost of decoding one:
 * decoding five fields of 1M dose rows took ~0.48 s CPU this way, ~0.58 s with a utf8Slice per
 * field, ~0.65 s with toString per field. Only under 13 characters, because V8 copies a substring
 * that short (SlicedString::kMinLength) but makes a longer one a slice that keeps its whole
 * parent alive (and names cut as slices made reading the doses ~8% slower, measured).
 */
const SHORT_FIELD = 13;

export class CsvScanner implements CsvRecord {
  // The record view (see CsvRecord).
  line = 1;
  fieldCount = 0;
  error: CsvRecordError | null = null;
  errorField = -1;
  bytes: Buffer = EMPTY;
  rawStart = 0;
  rawEnd = 0;

  private readonly onRecord: (record: CsvRecord) => void;
  private readonly maxRecordBytes: number;
  private readonly multilineCells: boolean;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private escaped = new Uint8Array(32);
  /** The current record's bytes as Latin-1 text (`field`), valid while `textStart` is its `rawStart`. */
  private text = '';
  private textStart = -1;

  /** Holds the unfinished record carried from one chunk to the next (and the chunk behind it). */
  private work: Buffer = Buffer.allocUnsafeSlow(1 << 16);
  private carryLen = 0;
  private len = 0;
  private pos = 0;
  private state = S_FIELD;
  private recStart = 0;
  private recLine = 1;
  /** Where the last record split by `emit` ended (its terminator's position), −1 none. */
  private lastSplitEnd = -1;
  private lineNo = 1;
  private fieldBegin = 0;
  private fieldEsc = 0;
  /** Whether every complete record of the current buffer is known to be valid UTF-8. */
  private utf8Ok = true;
  private bomChecked = false;
  private ended = false;

  constructor(onRecord: (record: CsvRecord) => void, options: CsvScannerOptions = {}) {
    this.onRecord = onRecord;
    this.maxRecordBytes = options.maxRecordBytes ?? 1 << 20;
    this.multilineCells = options.multilineCells ?? true;
    this.bomChecked = options.skipBom === false;
  }

  /** Scans a chunk, calling back for every record it completes. The chunk is not retained. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new KhopError('INTERNAL', 'CsvScanner.push after end');
    if (chunk.length === 0) return;
    this.load(chunk);
    if (!this.bomChecked) {
      if (this.len < 3) {
        this.keepTail();
        return;
      }
      this.skipBom();
    }
    this.utf8Ok = isUtf8(this.bytes.subarray(0, completeUtf8Prefix(this.bytes, this.len)));
    this.scan();
    // Once the record's first line is complete, a quote open this long is taken to be unclosed.
    while (this.state === S_QUOTED && this.pos - this.recStart > this.maxRecordBytes && this.lineEndAfter(this.recStart) < this.len) {
      this.rejectUnclosedLine();
      this.scan();
    }
    this.keepTail();
  }

  /** Finishes the input: the last record may lack a line terminator; an open quote is reported. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.carryLen === 0 && this.bomChecked) return;
    this.bytes = this.work;
    this.len = this.carryLen;
    if (!this.bomChecked) this.skipBom();
    this.utf8Ok = isUtf8(this.bytes.subarray(0, this.len));
    this.scan();
    for (;;) {
      while (this.state === S_QUOTED) {
        this.rejectUnclosedLine();
        this.scan();
      }
      if (this.recStart >= this.len) break;
      // The last record may itself be one whose first line alone is the reject: scan on after it.
      const restart = this.finishLastRecord();
      if (restart < 0) break;
      this.pos = restart;
      this.state = S_FIELD;
      this.scan();
    }
    this.carryLen = 0;
  }

  // --- the record view -------------------------------------------------------------------------

  fieldStart(i: number): number {
    return this.starts[i];
  }

  fieldEnd(i: number): number {
    return this.ends[i];
  }

  fieldEscaped(i: number): boolean {
    return this.escaped[i] !== 0;
  }

  fieldBytes(i: number): Uint8Array {
    return this.bytes.subarray(this.starts[i], this.ends[i]);
  }

  field(i: number): string {
    const start = this.starts[i];
    const end = this.ends[i];
    let s: string;
    if (end - start < SHORT_FIELD && isAscii(this.bytes, start, end)) {
      if (this.textStart !== this.rawStart) {
        this.text = latin1Slice(this.bytes, this.rawStart, this.rawEnd);
        this.textStart = this.rawStart;
      }
      s = this.text.slice(start - this.rawStart, end - this.rawStart);
    } else {
      s = utf8Slice(this.bytes, start, end);
    }
    return this.escaped[i] === 0 ? s : s.replaceAll('""', '"');
  }

  raw(): string {
    if (this.rawEnd - this.rawStart <= RAW_MAX_BYTES) return this.bytes.toString('utf8', this.rawStart, this.rawEnd);
    const cut = this.rawStart + completeUtf8Prefix(this.bytes.subarray(this.rawStart), RAW_MAX_BYTES);
    return `${this.bytes.toString('utf8', this.rawStart, cut)}…`;
  }

  /** Bytes of the record not yet complete (carried to the next chunk): what the input holds since the last line end. */
  get unfinishedBytes(): number {
    return this.carryLen;
  }

  reason(): string {
    switch (this.error) {
      case null:
        return '';
      case 'QUOTE_UNCLOSED':
        return 'quote_unclosed';
      case 'RECORD_INVALID':
        return `quote_misplaced: field ${this.errorField + 1}`;
      case 'INVALID_UTF8':
        return `invalid_utf8: field ${this.errorField + 1}`;
    }
  }

  // --- scanning --------------------------------------------------------------------------------

  /** Makes `bytes[0, len)` the carried tail followed by the chunk (zero-copy when nothing is carried). */
  private load(chunk: Uint8Array): void {
    if (this.carryLen === 0) {
      this.bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.len = chunk.length;
      return;
    }
    const need = this.carryLen + chunk.length;
    if (need > this.work.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.work.length * 2));
      this.work.copy(grown, 0, 0, this.carryLen);
      this.work = grown;
    }
    this.work.set(chunk, this.carryLen);
    this.bytes = this.work;
    this.len = need;
  }

  /** Moves the unfinished record to the front of `work` and rebases every offset onto it. */
  private keepTail(): void {
    const shift = this.recStart;
    const tail = this.len - shift;
    if (tail > 0) {
      if (this.bytes === this.work) {
        if (shift > 0) this.work.copyWithin(0, shift, this.len);
      } else {
        if (tail > this.work.length) this.work = Buffer.allocUnsafeSlow(Math.max(tail, this.work.length * 2));
        this.work.set(this.bytes.subarray(shift, this.len), 0);
      }
    }
    for (let i = 0; i < this.fieldCount; i++) {
      this.starts[i] -= shift;
      this.ends[i] -= shift;
    }
    this.fieldBegin -= shift;
    this.pos -= shift;
    if (this.lastSplitEnd >= 0) this.lastSplitEnd -= shift;
    this.recStart = 0;
    this.carryLen = tail;
    this.bytes = this.work;
    this.len = tail;
  }

  private skipBom(): void {
    this.bomChecked = true;
    const b = this.bytes;
    if (this.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      this.recStart = this.pos = 3;
    }
  }

  /**
   * The state machine, from `pos` to `len`. Kept in one function with locals so V8 keeps the
   * byte loops tight; field and record bookkeeping goes through small methods it inlines. (A
   * 256-entry byte-class table in the unquoted loop measured ~30% slower than three compares.)
   */
  private scan(): void {
    const buf = this.bytes;
    const len = this.len;
    let p = this.pos;
    let state = this.state;
    let fs = this.fieldBegin;
    let esc = this.fieldEsc;
    let line = this.lineNo;
    let c = 0;
    while (p < len) {
      if (state === S_FIELD) {
        esc = 0;
        if (buf[p] === QUOTE) {
          state = S_QUOTED;
          fs = ++p;
          continue;
        }
        fs = p;
        state = S_UNQUOTED;
      }
      if (state === S_UNQUOTED) {
        while (p < len) {
          c = buf[p];
          if (c === COMMA || c === LF || c === QUOTE) break;
          p++;
        }
        if (p === len) break;
        if (c === COMMA) {
          this.addField(fs, p, 0);
          state = S_FIELD;
        } else if (c === LF) {
          this.addField(fs, p > fs && buf[p - 1] === CR ? p - 1 : p, 0);
          this.lineNo = ++line;
          const restart = this.emit(p);
          state = S_FIELD;
          if (restart >= 0) {
            p = restart;
            line = this.lineNo;
            continue;
          }
        } else {
          this.markError('RECORD_INVALID');
        }
        p++;
        continue;
      }
      if (state === S_QUOTED) {
        while (p < len) {
          c = buf[p];
          if (c === QUOTE) break;
          if (c === LF) {
            if (!this.multilineCells) break;
            line++;
          }
          p++;
        }
        if (p === len) break;
        if (c === LF) {
          // A line break inside quotes where cells hold none: the quote is a stray one.
          this.markError('QUOTE_UNCLOSED');
          p = this.rejectFirstLine(p);
          line = this.lineNo;
          state = S_FIELD;
          continue;
        }
        p++;
        state = S_QUOTE;
        continue;
      }
      c = buf[p];
      if (state === S_QUOTE) {
        if (c === QUOTE) {
          esc = 1;
          state = S_QUOTED;
        } else if (c === COMMA) {
          this.addField(fs, p - 1, esc);
          state = S_FIELD;
        } else if (c === LF) {
          this.addField(fs, p - 1, esc);
          this.lineNo = ++line;
          const restart = this.emit(p);
          state = S_FIELD;
          if (restart >= 0) {
            p = restart;
            line = this.lineNo;
            continue;
          }
        } else if (c === CR) {
          state = S_QUOTE_CR;
        } else {
          this.markError('RECORD_INVALID');
          state = S_UNQUOTED;
        }
        p++;
        continue;
      }
      // S_QUOTE_CR
      if (c === LF) {
        this.addField(fs, p - 2, esc);
        this.lineNo = ++line;
        const restart = this.emit(p);
        state = S_FIELD;
        if (restart >= 0) {
          p = restart;
          line = this.lineNo;
          continue;
        }
        p++;
      } else {
        this.markError('RECORD_INVALID');
        state = S_UNQUOTED;
      }
    }
    this.pos = p;
    this.state = state;
    this.fieldBegin = fs;
    this.fieldEsc = esc;
    this.lineNo = line;
  }

  private addField(start: number, end: number, esc: number): void {
    const n = this.fieldCount;
    if (n === this.starts.length) this.growFields();
    this.starts[n] = start;
    this.ends[n] = end;
    this.escaped[n] = esc;
    this.fieldCount = n + 1;
  }

  private growFields(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const escaped = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }

  private markError(code: CsvRecordError): void {
    if (this.error === null) {
      this.error = code;
      this.errorField = this.fieldCount;
    }
  }

  /**
   * Reports the record that ends at the terminator at `lf` (or at end of input); returns −1, or,
   * when only the record's first line was reported (see the header), where scanning restarts.
   */
  private emit(lf: number): number {
    if (this.error === 'RECORD_INVALID' && lf !== this.lastSplitEnd) {
      const lineEnd = this.lineEndAfter(this.recStart);
      // Split only when the error is in the field that runs past the first line (a quote opened
      // there ran on): an error elsewhere leaves the quoted field's lines as they were written.
      if (lineEnd < lf && this.errorField === this.fieldAt(lineEnd)) {
        this.lastSplitEnd = lf;
        return this.rejectFirstLine(lineEnd);
      }
    }
    this.report(lf);
    return -1;
  }

  /** The field of the current record whose bytes hold position `at`. */
  private fieldAt(at: number): number {
    let field = 0;
    while (field < this.fieldCount - 1 && this.ends[field] < at) field++;
    return field;
  }

  /**
   * Reports the current record's first line (ending at `lineEnd`) alone, with the record's error;
   * returns where scanning goes on, after that line. For a RECORD_INVALID record spanning lines
   * (`emit`; one ending where an earlier split one ended is not split again, `lastSplitEnd`: lines
   * that each open a quote closed by one later quote would otherwise be rescanned to it once per
   * line) and for an unclosed quote (`rejectUnclosedLine`).
   */
  private rejectFirstLine(lineEnd: number): number {
    this.fieldCount = 0;
    this.lineNo = this.recLine + 1;
    this.report(lineEnd);
    return this.recStart;
  }

  private report(lf: number): void {
    const start = this.recStart;
    this.rawStart = start;
    this.rawEnd = lf > start && this.bytes[lf - 1] === CR ? lf - 1 : lf;
    this.line = this.recLine;
    if (this.error === null && !this.utf8Ok) this.checkUtf8();
    this.textStart = -1;
    this.onRecord(this);
    this.recStart = lf + 1;
    this.recLine = this.lineNo;
    this.fieldCount = 0;
    this.error = null;
    this.errorField = -1;
  }

  private checkUtf8(): void {
    const b = this.bytes;
    if (isUtf8(b.subarray(this.rawStart, this.rawEnd))) return;
    this.error = 'INVALID_UTF8';
    for (let i = 0; i < this.fieldCount; i++) {
      if (!isUtf8(b.subarray(this.starts[i], this.ends[i]))) {
        this.errorField = i;
        return;
      }
    }
    this.errorField = -1;
  }

  /**
   * The record at `recStart` opened a quote that never closes: report its first physical line as
   * QUOTE_UNCLOSED and restart scanning on the next line.
   */
  private rejectUnclosedLine(): void {
    this.error = 'QUOTE_UNCLOSED';
    this.errorField = this.fieldCount;
    // The line may be the input's last, without a terminator: restart no further than its end.
    this.pos = this.recStart = Math.min(this.rejectFirstLine(this.lineEndAfter(this.recStart)), this.len);
    this.state = S_FIELD;
  }

  /** Position of the first LF at or after `from`, or `len` (bytes past `len` are stale). */
  private lineEndAfter(from: number): number {
    const nl = this.bytes.indexOf(LF, from);
    return nl === -1 || nl >= this.len ? this.len : nl;
  }

  /** The input ended inside a record that has no line terminator; returns what `emit` returns. */
  private finishLastRecord(): number {
    const len = this.len;
    const fs = this.fieldBegin;
    switch (this.state) {
      case S_FIELD:
        this.addField(len, len, 0);
        break;
      case S_UNQUOTED:
        this.addField(fs, len > fs && this.bytes[len - 1] === CR ? len - 1 : len, 0);
        break;
      case S_QUOTE:
        this.addField(fs, len - 1, this.fieldEsc);
        break;
      case S_QUOTE_CR:
        this.addField(fs, len - 2, this.fieldEsc);
        break;
    }
    return this.emit(len);
  }
}

/**
 * Length of the longest prefix of `b[0, len)` that does not end inside a UTF-8 sequence, so a
 * chunk split inside a multi-byte character is validated once the rest has arrived.
 */
export function completeUtf8Prefix(b: Uint8Array, len: number): number {
  for (let back = 1; back <= 4 && back <= len; back++) {
    const c = b[len - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? len - back : len;
  }
  return len;
}

/** Whether b[start, end) is all ASCII. */
function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end; p++) if (b[p] >= 0x80) return false;
  return true;
}

/** Sync adapter: scans a whole input at once. */
export function scanCsv(input: Uint8Array | string, onRecord: (record: CsvRecord) => void, options?: CsvScannerOptions): void {
  const scanner = new CsvScanner(onRecord, options);
  scanner.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  scanner.end();
}
