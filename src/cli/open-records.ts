/**
 * Records of a CSV (with a header) or NDJSON input, as one ordered stream of items: the header
 * first, then rows and unreadable records (rejects) interleaved in input order. The commands
 * that print one output line per input line (`normalize`) read through this.
 */
import { extname } from 'node:path';
import { readCsv } from '../io/csv-reader.js';
import { readNdjson } from '../io/ndjson.js';
import { isWellFormed, MAX_CELL_LENGTH } from '../engine/record-check.js';
import { KhopError } from '../errors.js';
import type { Reject } from '../io/rejects.js';

export type RecordItem =
  | { kind: 'header'; file: string; columns: readonly string[]; format: 'csv' | 'ndjson' }
  | { kind: 'row'; line: number; get: (column: string) => string | undefined }
  | { kind: 'reject'; line: number; reason: string };

export function inputFormat(path: string, format?: 'csv' | 'ndjson'): 'csv' | 'ndjson' {
  if (format !== undefined) return format;
  const ext = extname(path).toLowerCase();
  return ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
}

export async function* openRecords(path: string, format?: 'csv' | 'ndjson', multilineCells = true): AsyncGenerator<RecordItem> {
  const file = path === '-' ? 'stdin' : path;
  const rejects: Reject[] = [];
  const onReject = (r: Reject): void => {
    rejects.push(r);
  };
  const flush = function* (): Generator<RecordItem> {
    for (const r of rejects) yield { kind: 'reject', line: r.line, reason: r.reason };
    rejects.length = 0;
  };

  if (inputFormat(path, format) === 'csv') {
    const reader = readCsv(path, { file, onReject, multilineCells });
    try {
      const header = await reader.header();
      yield { kind: 'header', file, columns: header.names, format: 'csv' };
      for await (const row of reader) {
        yield* flush();
        yield { kind: 'row', line: row.line, get: (c) => row.get(c) };
      }
      yield* flush();
    } finally {
      // A consumer that stops at the header item (normalize's COLUMN_MISSING) has not entered
      // the row loop, whose exit would close the file: close it here, not at garbage collection.
      await reader.return();
    }
    return;
  }

  const reader = readNdjson(path, { file, onReject });
  let headerSent = false;
  for await (const rec of reader) {
    if (!headerSent) {
      // NDJSON has no header: the first object's keys stand for one.
      yield { kind: 'header', file, columns: Object.keys(rec.value), format: 'ndjson' };
      headerSent = true;
    }
    yield* flush();
    yield { kind: 'row', line: rec.line, get: (c) => stringValue(rec.value[c], c) };
  }
  if (!headerSent) yield { kind: 'header', file, columns: [], format: 'ndjson' };
  yield* flush();
}

/**
 * An NDJSON value as a cell: a string as is, a number or boolean as its JSON text, null as absent;
 * an object or array is no cell, and a string over MAX_CELL_LENGTH no name, date or ID:
 * RECORD_INVALID with the reason `match` gives them (doses-input.ts, record-check.ts), for the
 * reader to turn into a reject of that record.
 */
function stringValue(v: unknown, column: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') throw new KhopError('RECORD_INVALID', `not_a_scalar (${column})`);
  const s = typeof v === 'string' ? v : String(v);
  if (s.length > MAX_CELL_LENGTH) throw new KhopError('RECORD_INVALID', `cell_too_long (${column})`);
  if (!isWellFormed(s)) throw new KhopError('RECORD_INVALID', `invalid_unicode (${column})`);
  return s;
}
