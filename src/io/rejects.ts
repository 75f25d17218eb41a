/**
 * Rows that could not be read, and `rejects.csv`, the data contract's place for them
 * (/work/shared/DESIGN.md, "Data contract": columns file, line, reason, raw text). A reject is a
 * value, never an exception: readers hand each one to the caller and count it, so that rows in =
 * rows read + rows rejected always reconciles.
 */
import type { ErrorCode } from '../errors.js';
import { CsvWriter, type CsvWriterOptions } from './csv-writer.js';
import type { TextTarget } from './text-sink.js';

export interface Reject {
  /** The input's name as the caller gave it (e.g. `doses.csv`). */
  file: string;
  /** 1-based physical line where the record starts. */
  line: number;
  /** The error code behind the reason, for programs (COLUMN_COUNT, QUOTE_UNCLOSED, ...). */
  code: ErrorCode;
  /** Short code-like text for people, e.g. 'column_count: expected 6, got 7'. */
  reason: string;
  /** The record's text as read, without its line terminator. */
  raw: string;
}

export const REJECTS_HEADER = ['file', 'line', 'reason', 'raw'] as const;

/**
 * Writes `rejects.csv`. Cells go through the CSV writer's formula escaping like every output
 * cell, so a raw record starting with `=`, `+`, `-` or `@` gains a leading `'`: the one way
 * `raw` differs from the input, accepted because the file is meant to be opened in a spreadsheet.
 */
export class RejectsWriter {
  private readonly csv: CsvWriter;

  constructor(target: TextTarget, options: Omit<CsvWriterOptions, 'header'> = {}) {
    this.csv = new CsvWriter(target, { ...options, header: REJECTS_HEADER });
  }

  get count(): number {
    return this.csv.rows;
  }

  write(reject: Reject): Promise<void> | undefined {
    return this.csv.writeRow([reject.file, reject.line, reject.reason, reject.raw]);
  }

  end(): Promise<void> {
    return this.csv.end();
  }
}
