/**
 * The doses input of `khop match` as the engine reads it: CSV bytes. A file or stdin (`-`) may
 * hold CSV with a header, or NDJSON records (https://github.com/ndjson/ndjson-spec), one JSON
 * object per line, so that khớp can sit in a pipe after a tool that emits JSON.
 *
 * Format: `--input-format csv|ndjson`, or `auto` (default): a path ending in `.ndjson`/`.jsonl`
 * is NDJSON, another path is CSV; on stdin the first byte that is not a BOM or whitespace
 * decides (`{` → NDJSON, anything else → CSV), so nothing is read twice and nothing is lost.
 *
 * NDJSON records are turned into CSV text (RFC 4180 quoting, no formula escaping: the engine must
 * see the values as given) with a header of the side's required columns, and the engine reads
 * that as it reads any CSV. Per record: a string is taken as is; a number or boolean as its JSON
 * text (an ID sent as a number has lost its leading zero, which the ID parser restores); null or
 * an absent key as an empty cell; other keys are ignored. Rejected, with the NDJSON line number:
 * a line that is not a JSON object (the NDJSON reader's reasons), a record without the ID column
 * (`field_missing (dose_id)`), a field holding an object or array (`not_a_scalar (full_name)`).
 * The CSV the engine reads has no rejects of its own (every row has the header's width), so rows
 * read = results + NDJSON rejects + engine rejects still reconciles (`ndjsonRejects` counts them).
 */
import { Buffer } from 'node:buffer';
import { extname } from 'node:path';
import { KhopError } from '../errors.js';
import { readBytes, type ByteSource } from '../io/byte-source.js';
import { formatCsvRow } from '../io/csv-writer.js';
import { readNdjson } from '../io/ndjson.js';
import type { Reject } from '../io/rejects.js';
import { cellsProblem } from '../engine/record-check.js';

export type InputFormat = 'csv' | 'ndjson';
export const INPUT_FORMATS = ['auto', 'csv', 'ndjson'] as const;

export interface DosesInput {
  /** What the engine reads: the original source for CSV, CSV bytes made from NDJSON otherwise. */
  source: ByteSource;
  format: InputFormat;
  /** NDJSON records rejected so far (final once the engine has read the whole source). */
  ndjsonRejects: () => number;
}

export interface OpenDosesOptions {
  /** `auto` (default), `csv` or `ndjson`. */
  format?: string;
  /** The input's name in rejects (`stdin` for `-`). */
  file: string;
  /** Columns of the CSV the engine reads from NDJSON; the first is the ID column. */
  columns: readonly string[];
  onReject: (reject: Reject) => void;
}

/** CSV text is handed to the engine in pieces of about this many characters. */
const PIECE_CHARS = 1 << 16;

export async function openDoses(path: string, options: OpenDosesOptions): Promise<DosesInput> {
  const { format, bytes } = await detectFormat(path, options.format, options.file);
  if (format === 'csv') return { source: bytes, format, ndjsonRejects: () => 0 };
  let rejected = 0;
  const onReject = (r: Reject): void => {
    rejected++;
    options.onReject(r);
  };
  return { source: ndjsonAsCsv(bytes, options.file, options.columns, onReject), format, ndjsonRejects: () => rejected };
}

/** The input's format (`wanted`: auto, csv or ndjson; see the header) and its bytes, none lost to sniffing. */
export async function detectFormat(path: string, wanted = 'auto', file = path): Promise<{ format: InputFormat; bytes: ByteSource }> {
  if (!(INPUT_FORMATS as readonly string[]).includes(wanted)) {
    throw new KhopError('BAD_ARGUMENT', `--input-format must be one of ${INPUT_FORMATS.join(', ')}, not '${wanted}'`);
  }
  // stdin is handed on as a stream, never as '-': a path may be read in another thread (the match
  // job reads dose files in a worker), whose stdin is not this process's.
  if (wanted !== 'auto') return { format: wanted as InputFormat, bytes: path === '-' ? readBytes('-', file) : path };
  if (path !== '-') return { format: ['.ndjson', '.jsonl'].includes(extname(path).toLowerCase()) ? 'ndjson' : 'csv', bytes: path };
  return sniff(readBytes('-', file));
}

/** Reads until the first meaningful byte, then replays everything read. */
async function sniff(chunks: AsyncIterable<Uint8Array>): Promise<{ format: InputFormat; bytes: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let format: InputFormat = 'csv';
  let offset = 0;
  for (;;) {
    const r = await it.next();
    if (r.done === true) break;
    seen.push(r.value);
    const first = firstMeaningfulByte(r.value, offset);
    offset += r.value.length;
    if (first === -2) continue;
    format = first === 0x7b ? 'ndjson' : 'csv';
    break;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* seen;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  }
  return { format, bytes: replay() };
}

/** The first byte after a leading BOM and JSON whitespace, or −2 when the chunk has none. */
function firstMeaningfulByte(chunk: Uint8Array, offset: number): number {
  let i = 0;
  // A BOM is only ever at the very start of the input.
  if (offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
  for (; i < chunk.length; i++) {
    const c = chunk[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return -2;
}

/** NDJSON records → CSV text with `columns` as its header. */
export async function* ndjsonAsCsv(
  source: ByteSource,
  file: string,
  columns: readonly string[],
  onReject: (reject: Reject) => void,
): AsyncGenerator<Uint8Array> {
  let text = formatCsvRow(columns, false);
  const cells = new Array<string>(columns.length);
  const idColumn = columns[0];
  for await (const rec of readNdjson(source, { file, onReject })) {
    const problem = recordCells(rec.value, columns, idColumn, cells);
    if (problem !== null) {
      onReject({ file, line: rec.line, code: 'RECORD_INVALID', reason: problem, raw: JSON.stringify(rec.value) });
      continue;
    }
    text += formatCsvRow(cells, false);
    if (text.length >= PIECE_CHARS) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text.length > 0) yield Buffer.from(text, 'utf8');
}

/**
 * Fills `cells` from one NDJSON record; returns a reject reason (column names only) or null: the
 * record's own (no ID key, a value that is no scalar), then the checks of every dose (record-check.ts).
 */
export function recordCells(value: Record<string, unknown>, columns: readonly string[], idColumn: string, cells: string[]): string | null {
  if (!Object.hasOwn(value, idColumn)) return `field_missing (${idColumn})`;
  for (let i = 0; i < columns.length; i++) {
    const v = Object.hasOwn(value, columns[i]) ? value[columns[i]] : undefined;
    if (v === undefined || v === null) cells[i] = '';
    else if (typeof v === 'string') cells[i] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') cells[i] = String(v);
    else return `not_a_scalar (${columns[i]})`;
  }
  return cellsProblem(cells, columns);
}
