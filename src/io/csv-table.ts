/**
 * The table rules of a CSV input with a header, over the byte scanner (csv-scanner.ts): which
 * record is the header and whether it is acceptable, which records are blank lines, rows or
 * rejects. It hands each outcome to a sink as the scanner finds it, in input order, so one set of
 * rules serves the string-row reader (csv-reader.ts) and the record reader that fills a store
 * straight from the scanner's bytes (csv-records.ts).
 *
 * Rules:
 * - The first non-blank record is the header (names trimmed; the first of duplicate names wins).
 *   No header at all (empty file, only a BOM or blank lines) → KhopError FILE_EMPTY. A header
 *   without a `required` column → KhopError COLUMN_MISSING naming the file and the missing
 *   columns (never the header's other cells: in a file without a header they are personal data).
 *   A header that cannot be read → KhopError with the scanner's code. A header-only file is fine.
 * - Blank lines are skipped and counted; they are not records.
 * - A record with the wrong number of fields, a broken quote or invalid UTF-8 is a Reject, never
 *   thrown. Every other record is a row with exactly as many fields as the header.
 */
import { KhopError } from '../errors.js';
import { CsvScanner, type CsvRecord, type CsvScannerOptions } from './csv-scanner.js';
import type { Reject } from './rejects.js';

/** A header: column names and their positions. */
export class CsvHeader {
  readonly names: readonly string[];
  private readonly index = new Map<string, number>();

  constructor(names: readonly string[]) {
    this.names = names;
    for (let i = names.length - 1; i >= 0; i--) this.index.set(names[i], i);
  }

  indexOf(name: string): number {
    return this.index.get(name) ?? -1;
  }
}

export interface CsvTableOptions extends CsvScannerOptions {
  /** The input's name for errors and rejects (e.g. the path as the user typed it, or `stdin`). */
  file: string;
  /** Columns the header must have. */
  required?: readonly string[];
}

/** Where the table's outcomes go, in input order. */
export interface CsvTableSink {
  /** The header, once read and checked; called before any row. */
  header(header: CsvHeader): void;
  /** A well-formed record with the header's field count: a view valid only during the call. */
  row(record: CsvRecord, header: CsvHeader): void;
  reject(reject: Reject): void;
  blankLine(): void;
}

/** The longest header row read: a line of column names is far shorter. */
export const MAX_HEADER_BYTES = 1 << 20;
const CR = 0x0d;
/** Said of a header when the file's lines end in a lone CR (RFC 4180 lines end in CRLF or LF). */
const LONE_CR_HINT = ' (its lines end in a lone CR, old Mac style: convert them to LF or CRLF)';

/** Scanner records → header, rows, rejects and blank lines, for chunks pushed in. */
export class CsvTableParser {
  header: CsvHeader | null = null;
  readonly file: string;
  private readonly scanner: CsvScanner;
  private readonly required: readonly string[];
  private readonly sink: CsvTableSink;

  constructor(options: CsvTableOptions, sink: CsvTableSink) {
    this.file = options.file;
    this.required = options.required ?? [];
    this.sink = sink;
    this.scanner = new CsvScanner((record) => this.onRecord(record), options);
  }

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
    // A header is a line of column names: none in the first MAX_HEADER_BYTES means no line ends there
    // (a file of lone-CR line ends, a binary file), and reading on would hold the whole input.
    if (this.header === null && this.scanner.unfinishedBytes > MAX_HEADER_BYTES) {
      const crOnly = chunk.includes(CR);
      throw new KhopError('HEADER_MISSING', `no header row: no line ends in the first ${MAX_HEADER_BYTES >> 20} MiB${crOnly ? LONE_CR_HINT : ''}`, {
        file: this.file,
        line: 1,
      });
    }
  }

  /** Finishes the input. Throws FILE_EMPTY when no header was found. */
  end(): void {
    this.scanner.end();
    if (this.header === null) throw fileEmpty(this.file);
  }

  private onRecord(record: CsvRecord): void {
    if (record.rawEnd === record.rawStart && record.error === null) {
      this.sink.blankLine();
      return;
    }
    const header = this.header;
    if (header === null) {
      this.readHeader(record);
      return;
    }
    const n = header.names.length;
    if (record.error !== null) {
      const column = header.names[record.errorField];
      const reason = column === undefined ? record.reason() : `${record.reason()} (${column})`;
      this.sink.reject({ file: this.file, line: record.line, code: record.error, reason, raw: record.raw() });
    } else if (record.fieldCount !== n) {
      const reason = `column_count: expected ${n}, got ${record.fieldCount}`;
      this.sink.reject({ file: this.file, line: record.line, code: 'COLUMN_COUNT', reason, raw: record.raw() });
    } else {
      this.sink.row(record, header);
    }
  }

  private readHeader(record: CsvRecord): void {
    if (record.error !== null) {
      throw new KhopError(record.error, `the header row cannot be read: ${record.reason()}${notCsvHint(record.raw())}`, { file: this.file, line: record.line });
    }
    const names: string[] = [];
    for (let i = 0; i < record.fieldCount; i++) names.push(record.field(i).trim());
    const missing = this.required.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      const list = missing.map((c) => `'${c}'`).join(', ');
      // A lone CR ends no line here (RFC 4180 lines end in CRLF or LF): a file of old Mac line
      // ends reads as one header row, whose last column swallows the rest of the file.
      const crOnly = names.some((n) => n.includes('\r'));
      const hint = crOnly ? LONE_CR_HINT : notCsvHint(record.raw());
      throw new KhopError('COLUMN_MISSING', `the header has no column ${list}${hint}`, { file: this.file, line: record.line });
    }
    this.header = new CsvHeader(names);
    this.sink.header(this.header);
  }
}

/**
 * What a header row that is no CSV most likely is, for the message: the commands that read CSV
 * only are given the files others take (an NDJSON doses file, a register index).
 */
function notCsvHint(raw: string): string {
  const start = raw.trimStart();
  if (start.startsWith('KHOPIDX')) return ' (this is a register index made by `khop index`: give this command the register CSV)';
  if (start.startsWith('{') || start.startsWith('[')) return ' (this looks like JSON or NDJSON: this command reads CSV)';
  return '';
}

/** The error for an input without a header row. */
export function fileEmpty(file: string): KhopError {
  return new KhopError('FILE_EMPTY', 'the file has no header row (it is empty)', { file });
}
