/**
 * Typed reading of a CSV file with a header, on top of the byte scanner (csv-scanner.ts).
 *
 * API choice: `readCsv` returns an async iterable of rows (`for await (const row of reader)`),
 * served from a per-chunk queue by a hand-written iterator (parsed-rows.ts), because rows have
 * to be decoded to strings anyway and an iterator lets the caller await its own output between
 * rows. Callers that want no per-row allocation at all use readCsvRecords (csv-records.ts), which
 * hands over the scanner's records under the same rules.
 *
 * Rules (csv-table.ts): the first non-blank record is the header (FILE_EMPTY without one,
 * COLUMN_MISSING without a `required` column); blank lines are skipped and counted
 * (`stats.blankLines`); a record with the wrong number of fields, a broken quote or invalid UTF-8
 * is a Reject handed to `onReject` (in input order with the rows), never thrown. rows + rejects =
 * records read.
 */
import { Buffer } from 'node:buffer';
import { readBytes, type ByteSource } from './byte-source.js';
import type { CsvRecord } from './csv-scanner.js';
import { CsvHeader, CsvTableParser, fileEmpty, type CsvTableOptions, type CsvTableSink } from './csv-table.js';
import { ParsedRows, RowQueue, type ReadStats } from './parsed-rows.js';
import type { Reject } from './rejects.js';

export { CsvHeader } from './csv-table.js';

export interface ReadCsvOptions extends CsvTableOptions {
  /** Called for every record that cannot be read, in input order with the rows. */
  onReject?: (reject: Reject) => void;
  /** Stops the read: the next chunk throws the signal's reason (readBytes). */
  signal?: AbortSignal;
  /**
   * A check of each well-formed record while its bytes are at hand: the reject it returns goes to
   * `onReject`, in input order with the rows, instead of a row (so it can keep the record's raw
   * text, `record.raw()`, which a row no longer has); null keeps the row.
   */
  refuse?: (record: CsvRecord, header: CsvHeader) => Reject | null;
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

/** Table outcomes → decoded rows and rejects in a RowQueue (shared by the async and sync APIs). */
class RowQueueSink implements CsvTableSink {
  constructor(
    private readonly queue: RowQueue<CsvRow>,
    private readonly refuse?: ReadCsvOptions['refuse'],
  ) {}

  header(): void {}

  row(record: CsvRecord, header: CsvHeader): void {
    const refused = this.refuse?.(record, header) ?? null;
    if (refused !== null) {
      this.queue.reject(refused);
      return;
    }
    const n = record.fieldCount;
    const values = new Array<string>(n);
    for (let i = 0; i < n; i++) values[i] = record.field(i);
    this.queue.row(new CsvRow(record.line, values, header));
  }

  reject(reject: Reject): void {
    this.queue.reject(reject);
  }

  blankLine(): void {
    this.queue.blankLines++;
  }
}

/** Rows of a CSV file, read as they are iterated. */
export class CsvReader extends ParsedRows<CsvRow> {
  private readonly table: CsvTableParser;

  constructor(chunks: AsyncIterable<Uint8Array>, options: ReadCsvOptions) {
    const queue = new RowQueue<CsvRow>();
    const table = new CsvTableParser(options, new RowQueueSink(queue, options.refuse));
    super(chunks, table, queue, options.onReject);
    this.table = table;
  }

  /** The header, read (and checked) before any row is consumed. Throws FILE_EMPTY, COLUMN_MISSING. */
  async header(): Promise<CsvHeader> {
    while (this.table.header === null && (await this.pull()));
    if (this.table.header === null) throw fileEmpty(this.table.file);
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
  const table = new CsvTableParser(options, new RowQueueSink(queue, options.refuse));
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
