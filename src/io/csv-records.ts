/**
 * Reading a CSV with a header record by record, synchronously, straight from the scanner: each
 * row is handed over as the scanner's record view (field byte ranges in the current chunk) while
 * the chunk is alive, so a caller can copy field bytes and decode only the fields it parses. No
 * string, array or row object is made per row here, where readCsv (csv-reader.ts) decodes every
 * field into a CsvRow; reading a million-row input into a record store, those costs were a large
 * share of the read phase (decoding, then re-encoding the same cells to UTF-8, and their garbage).
 *
 * Same rules as readCsv (csv-table.ts): header checks (FILE_EMPTY, COLUMN_MISSING), blank lines
 * skipped and counted, rejects handed to `onReject` in input order with the rows, the read stopped
 * by `signal` at the next chunk.
 */
import { readBytes, type ByteSource } from './byte-source.js';
import type { ReadCsvOptions } from './csv-reader.js';
import type { CsvRecord } from './csv-scanner.js';
import { CsvTableParser, type CsvHeader, type CsvTableSink } from './csv-table.js';
import type { ReadStats } from './parsed-rows.js';
import type { Reject } from './rejects.js';

/** Takes one row: a record view with the header's field count, valid only during the call. */
export type CsvRecordHandler = (record: CsvRecord) => void;

class HandlerSink implements CsvTableSink {
  rows = 0;
  rejects = 0;
  blankLines = 0;
  private handler: CsvRecordHandler | null = null;

  constructor(
    private readonly open: (header: CsvHeader) => CsvRecordHandler,
    private readonly onReject: ((reject: Reject) => void) | undefined,
  ) {}

  header(header: CsvHeader): void {
    this.handler = this.open(header);
  }

  row(record: CsvRecord): void {
    this.rows++;
    (this.handler as CsvRecordHandler)(record); // header() ran before any row
  }

  reject(reject: Reject): void {
    this.rejects++;
    this.onReject?.(reject);
  }

  blankLine(): void {
    this.blankLines++;
  }
}

/**
 * Reads a CSV with a header from a path (`-` = stdin), a readable stream or an async iterable of
 * byte chunks. `open` is called once with the checked header and returns the handler for every
 * row. Resolves with the counts once the input is done; rejects with the header's KhopError, the
 * handler's error or the signal's reason (the input is closed first).
 */
export async function readCsvRecords(source: ByteSource, options: ReadCsvOptions, open: (header: CsvHeader) => CsvRecordHandler): Promise<ReadStats> {
  const sink = new HandlerSink(open, options.onReject);
  const table = new CsvTableParser(options, sink);
  for await (const chunk of readBytes(source, options.file, options.signal)) table.push(chunk);
  table.end();
  return { rows: sink.rows, rejects: sink.rejects, blankLines: sink.blankLines };
}
