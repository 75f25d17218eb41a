/**
 * Typed reading of a CSV file with a header, on top of the byte scanner (csv-scanner.ts).
 *
 * API choice: `readCsv` returns an async iterable of rows (`for await (const row of reader)`),
 * served from a per-chunk queue by a hand-written iterator (parsed-rows.ts), because rows have
 * to be decoded to strings anyway and an iterator lets the caller await its own output between
 * rows. Callers that want no per-row allocation at all use CsvScanner directly.
 *
 * Rules:
 * - The first non-blank record is the header (names trimmed; the first of duplicate names wins).
 *   No header at all (empty file, only a BOM or blank lines) → KhopError FILE_EMPTY. A header
 *   without a `required` column → KhopError COLUMN_MISSING naming the file and the missing
 *   columns (never the header's other cells: in a file without a header they are personal data).
 *   A header that cannot be read → KhopError with the scanner's code. A header-only file is fine.
 * - Blank lines are skipped and counted (`stats.blankLines`); they are not records.
 * - A record with the wrong number of fields, a broken quote or invalid UTF-8 is a Reject handed
 *   to `onReject` (in input order with the rows), never thrown. rows + rejects = records read.
 */
import { Buffer } from 'node:buffer';
import { KhopError } from '../errors.js';
import { readBytes, type ByteSource } from './byte-source.js';
import { CsvScanner, type CsvRecord, type CsvScannerOptions } from './csv-scanner.js';
import { ParsedRows, RowQueue, type ChunkParser, type ReadStats } from './parsed-rows.js';
import type { Reject } from './rejects.js';

export interface ReadCsvOptions extends CsvScannerOptions {
  /** The input's name for errors and rejects (e.g. the path as the user typed it, or `stdin`). */
  file: string;
  /** Columns the header must have. */
  required?: readonly string[];
  /** Called for every record that cannot be read, in input order with the rows. */
  onReject?: (reject: Reject) => void;
  /** Stops the read: the next chunk throws the signal's reason (readBytes). */
  signal?: AbortSignal;
}

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

/** One data row: its values by column name or position. */
export class CsvRow {
  constructor(
    /** 1-based physical line where the record starts. */
    readonly line: number,
    readonly values: readonly string[],
    readonly header: CsvHeader,
  ) {}

  /** The value in the named column, or undefined when the header has no such column. */
  get(column: string): string | undefined {
    const i = this.header.indexOf(column);
    return i < 0 ? undefined : this.values[i];
  }

  at(index: number): string | undefined {
    return this.values[index];
  }
}

/** Scanner records → header, rows and rejects (the part shared by the async and sync APIs). */
class CsvTableParser implements ChunkParser {
  header: CsvHeader | null = null;
  readonly file: string;
  private readonly scanner: CsvScanner;
  private readonly required: readonly string[];
  private readonly queue: RowQueue<CsvRow>;

  constructor(options: ReadCsvOptions, queue: RowQueue<CsvRow>) {
    this.file = options.file;
    this.required = options.required ?? [];
    this.queue = queue;
    this.scanner = new CsvScanner((record) => this.onRecord(record), options);
  }

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
  }

  end(): void {
    this.scanner.end();
    if (this.header === null) throw new KhopError('FILE_EMPTY', 'the file has no header row (it is empty)', { file: this.file });
  }

  private onRecord(record: CsvRecord): void {
    if (record.rawEnd === record.rawStart && record.error === null) {
      this.queue.blankLines++;
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
      this.queue.reject({ file: this.file, line: record.line, code: record.error, reason, raw: record.raw() });
    } else if (record.fieldCount !== n) {
      const reason = `column_count: expected ${n}, got ${record.fieldCount}`;
      this.queue.reject({ file: this.file, line: record.line, code: 'COLUMN_COUNT', reason, raw: record.raw() });
    } else {
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) values[i] = record.field(i);
      this.queue.row(new CsvRow(record.line, values, header));
    }
  }

  private readHeader(record: CsvRecord): void {
    if (record.error !== null) {
      throw new KhopError(record.error, `the header row cannot be read: ${record.reason()}`, { file: this.file, line: record.line });
    }
    const names: string[] = [];
    for (let i = 0; i < record.fieldCount; i++) names.push(record.field(i).trim());
    const missing = this.required.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      const list = missing.map((c) => `'${c}'`).join(', ');
      throw new KhopError('COLUMN_MISSING', `the header has no column ${list}`, { file: this.file, line: record.line });
    }
    this.header = new CsvHeader(names);
  }
}

/** Rows of a CSV file, read as they are iterated. */
export class CsvReader extends ParsedRows<CsvRow> {
  private readonly table: CsvTableParser;

  constructor(chunks: AsyncIterable<Uint8Array>, options: ReadCsvOptions) {
    const queue = new RowQueue<CsvRow>();
    const table = new CsvTableParser(options, queue);
    super(chunks, table, queue, options.onReject);
    this.table = table;
  }

  /** The header, read (and checked) before any row is consumed. Throws FILE_EMPTY, COLUMN_MISSING. */
  async header(): Promise<CsvHeader> {
    while (this.table.header === null && (await this.pull()));
    if (this.table.header === null) throw new KhopError('FILE_EMPTY', 'the file has no header row (it is empty)', { file: this.table.file });
    return this.table.header;
  }
}

/**
 * Reads a CSV with a header from a path (`-` = stdin), a readable stream or an async iterable of
 * byte chunks. Nothing is read until the iteration (or `header()`) starts.
 */
export function readCsv(source: ByteSource, options: ReadCsvOptions): CsvReader {
  return new CsvReader(readBytes(source, options.file, options.signal), options);
}

export interface CsvTable {
  header: CsvHeader;
  rows: CsvRow[];
  rejects: Reject[];
  stats: ReadStats;
}

/** Sync adapter for tests and small inputs: the whole table at once, same rules as readCsv. */
export function parseCsvSync(input: Uint8Array | string, options: ReadCsvOptions): CsvTable {
  const queue = new RowQueue<CsvRow>();
  const table = new CsvTableParser(options, queue);
  table.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  table.end();
  const rows: CsvRow[] = [];
  const rejects: Reject[] = [];
  queue.drain(rows, (r) => {
    rejects.push(r);
    options.onReject?.(r);
  });
  const header = table.header as CsvHeader; // end() threw FILE_EMPTY otherwise
  return { header, rows, rejects, stats: { rows: rows.length, rejects: rejects.length, blankLines: queue.blankLines } };
}
