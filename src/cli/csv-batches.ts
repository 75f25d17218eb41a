/**
 * The doses CSV of `khop match` on a saved index, cut into batches of rows as bytes for the
 * matcher's CSV batch linker (api/matcher.ts `csvBatchLinker`, RegisterProbe.linkCsv). This
 * thread applies the table rules (csv-table.ts: header, blank lines, rejects with their reasons
 * and lines) and the checks of every dose (engine/record-check.ts: an empty ID, a cell over
 * MAX_CELL_LENGTH characters, refused as the CSV job and the record path refuse them), and
 * copies each accepted row's bytes, followed by CR LF, into the current batch; the workers
 * scan, normalize and link the batches. A row is never decoded here unless a cell may be too long
 * or its ID empty.
 *
 * Why: handing the workers record objects, and getting result objects back, cost the main thread
 * more than the workers' linking (200k doses on the 1M index took as long with two threads as with
 * one). Copying bytes is cheap, so the workers set the pace.
 *
 * A row's bytes read on their own give the same fields: a well-formed record's fields depend only
 * on its own bytes from its first byte, and the rows that are not well-formed stay here as rejects.
 * Two details make that hold for every row: the terminator is CR LF, so that a row whose last
 * field ends in a CR that was data (`…,ab\r` before the file's CR LF) keeps it (a lone LF would
 * make that CR part of the terminator), and the batch is read without skipping a byte order mark
 * (a row may begin with U+FEFF as data, e.g. files joined with `cat`).
 */
import { recordReject } from '../engine/record-check.js';
import { GrowableUint8 } from '../engine/column-growable.js';
import { readBytes, type ByteSource } from '../io/byte-source.js';
import type { CsvRecord } from '../io/csv-scanner.js';
import { CsvTableParser, type CsvHeader, type CsvTableSink } from '../io/csv-table.js';
import type { Reject } from '../io/rejects.js';

export interface CsvRowBatch {
  /** The file's header names (the same array for every batch). */
  header: readonly string[];
  /** The rows, each followed by CR LF; read it without skipping a byte order mark. */
  bytes: Uint8Array;
  rows: number;
}

export interface CsvBatchOptions {
  /** The input's name in rejects and errors. */
  file: string;
  /** Columns the header must have, the ID column first; their cells are checked (record-check.ts). */
  required: readonly string[];
  /** Rows per batch (the linker's batch size). */
  batchRows: number;
  /** Called for each reject, in input order, as it is found. */
  onReject: (reject: Reject) => void;
  /** Called for each record read (row or reject): rows read = results + rejects. */
  onRecord?: () => void;
  /** Whether cells may hold line breaks (the settings' side `multiline_cells`; csv-scanner.ts). */
  multilineCells?: boolean;
}

const CR = 0x0d;
const LF = 0x0a;

class BatchSink implements CsvTableSink {
  readonly ready: CsvRowBatch[] = [];
  private names: readonly string[] = [];
  private at: number[] = [];
  private buffer = new GrowableUint8(1 << 16);
  private rows = 0;

  constructor(private readonly options: CsvBatchOptions) {}

  header(header: CsvHeader): void {
    this.names = header.names;
    this.at = this.options.required.map((c) => header.indexOf(c));
  }

  row(record: CsvRecord): void {
    this.options.onRecord?.();
    const refusal = recordReject(record, this.at, this.options.required, this.options.file);
    if (refusal !== null) {
      this.options.onReject(refusal);
      return;
    }
    const n = record.rawEnd - record.rawStart;
    const buffer = this.buffer;
    buffer.reserve(n + 2);
    const out = buffer.array;
    const at = buffer.length;
    out.set(record.bytes.subarray(record.rawStart, record.rawEnd), at);
    out[at + n] = CR;
    out[at + n + 1] = LF;
    buffer.advance(n + 2);
    if (++this.rows === this.options.batchRows) this.flush();
  }

  reject(reject: Reject): void {
    this.options.onRecord?.();
    this.options.onReject(reject);
  }

  blankLine(): void {}

  flush(): void {
    if (this.rows === 0) return;
    this.ready.push({ header: this.names, bytes: this.buffer.array.slice(0, this.buffer.length), rows: this.rows });
    // The next batch starts with this one's room: batches are about the same size.
    this.buffer = new GrowableUint8(this.buffer.array.length);
    this.rows = 0;
  }
}

/**
 * The batches of a CSV source, as its chunks are read. Throws the table's KhopError for a file
 * without a header (FILE_EMPTY) or without a required column (COLUMN_MISSING) before any batch.
 */
export async function* csvRowBatches(source: ByteSource, options: CsvBatchOptions): AsyncGenerator<CsvRowBatch, void, undefined> {
  const sink = new BatchSink(options);
  const table = new CsvTableParser({ file: options.file, required: options.required, multilineCells: options.multilineCells }, sink);
  for await (const chunk of readBytes(source, options.file)) {
    table.push(chunk);
    yield* sink.ready.splice(0);
  }
  table.end();
  sink.flush();
  yield* sink.ready.splice(0);
}
