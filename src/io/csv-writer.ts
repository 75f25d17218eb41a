/**
 * Streaming CSV writer: RFC 4180 quoting (https://www.rfc-editor.org/rfc/rfc4180, section 2: a
 * field holding `,`, `"`, CR or LF is quoted and its quotes doubled), LF line endings, UTF-8
 * without BOM, buffered with backpressure (text-sink.ts).
 *
 * Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
 * formula, and tab or CR at the start can hide such a cell. Following OWASP's CSV Injection
 * guidance (https://owasp.org/www-community/attacks/CSV_Injection) and OWASP ASVS 5.0 V1.2.10
 * (which adds NUL), such a cell is prefixed with a single quote `'`, which spreadsheets take as
 * "this is text" and do not display. One deliberate exception: a plain number such as `-1.5` or
 * `-2e-3` (match_weight is often negative) is not a formula, and a spreadsheet reads it as the
 * number it is, so it is left alone; only cells matching NUMBER below are exempt. The data
 * contract asks to escape "cells a spreadsheet would run as a formula", which a negative number
 * is not.
 */
import { TextSink, type TextSinkOptions, type TextTarget } from './text-sink.js';

export type CsvCell = string | number | boolean | null | undefined;

/** A number a spreadsheet reads as a number, not a formula: `-1`, `-1.5`, `-1.5e-3`, `-2E+4`. */
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a cell starting with character (or byte) `c` may run as a formula: = + - @ tab CR NUL. */
export function isFormulaStart(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d || c === 0x00;
}

function startsLikeFormula(s: string): boolean {
  return isFormulaStart(s.charCodeAt(0));
}

/** The text of one cell as written: formula-escaped, then quoted when needed. */
export function formatCsvCell(value: CsvCell, escapeFormulas = true): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  if (s.length === 0) return s;
  if (escapeFormulas && startsLikeFormula(s) && !NUMBER.test(s)) s = "'" + s;
  return NEEDS_QUOTES.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

/** One record, LF-terminated. */
export function formatCsvRow(cells: readonly CsvCell[], escapeFormulas = true): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += formatCsvCell(cells[i], escapeFormulas);
  }
  return line + '\n';
}

export interface CsvWriterOptions extends TextSinkOptions {
  /** Written first. */
  header?: readonly string[];
  /** Default true. Turn off only for files no person will open in a spreadsheet. */
  escapeFormulas?: boolean;
}

export class CsvWriter {
  private readonly sink: TextSink;
  private readonly escapeFormulas: boolean;
  /** Data rows written (the header is not counted). */
  rows = 0;

  /** `target`: a file path (created or truncated), `-` for stdout, or a Writable. */
  constructor(target: TextTarget, options: CsvWriterOptions = {}) {
    this.sink = new TextSink(target, options);
    this.escapeFormulas = options.escapeFormulas ?? true;
    // A failure here is kept by the sink and raised by the next writeRow or end.
    if (options.header !== undefined) this.sink.write(formatCsvRow(options.header, this.escapeFormulas))?.catch(() => {});
  }

  /** Returns a promise when the caller should wait for the stream (see TextSink.write). */
  writeRow(cells: readonly CsvCell[]): Promise<void> | undefined {
    this.rows++;
    return this.sink.write(formatCsvRow(cells, this.escapeFormulas));
  }

  /**
   * Writes `rows` rows already formatted by `formatCsvRow` (e.g. by a worker thread), as one
   * string. Returns a promise when the caller should wait for the stream.
   */
  writeFormatted(text: string, rows: number): Promise<void> | undefined {
    this.rows += rows;
    return this.sink.write(text);
  }

  /** `writeFormatted` for rows given as their UTF-8 bytes. */
  writeFormattedBytes(bytes: Uint8Array, rows: number): Promise<void> | undefined {
    this.rows += rows;
    return this.sink.writeBytes(bytes);
  }

  end(): Promise<void> {
    return this.sink.end();
  }
}
