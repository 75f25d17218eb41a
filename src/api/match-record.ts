/**
 * One record handed to the matcher, checked and turned into what the record store reads (column →
 * raw text). The check is `cellSchema` of matcher-schema.ts written out by hand, because it runs
 * for every record of a stream (the zod schema is its test oracle): a record is a plain object,
 * and each of the right side's columns holds a string of at most MAX_CELL_LENGTH characters and
 * no lone surrogate (record-check.ts's `isWellFormed`), a finite number (read as its decimal
 * text, e.g. a JSON ID), null or nothing. Other keys are ignored (extra columns are allowed). A record holding none of the side's field columns is
 * refused too: it is almost always a record of another schema (the register's, or misnamed keys).
 *
 * Errors are KhopError 'RECORD_INVALID' naming the column and, in a batch or stream, the record's
 * 1-based position as `line`; never the value.
 */
import { KhopError } from '../errors.js';
import type { RegisterRecord } from '../engine/register-index.js';
import { requiredColumns } from '../engine/load-side.js';
import { fieldColumn, type Settings, type Side } from '../model/settings-schema.js';
import { isWellFormed, MAX_CELL_LENGTH } from '../engine/record-check.js';

/** What a matcher reads of a record: one side's ID column and field columns (the right side's for records to link). */
export class RecordReader {
  readonly columns: readonly string[];
  private readonly fieldColumns: ReadonlySet<string>;

  constructor(
    settings: Settings,
    private readonly side: Side,
  ) {
    this.columns = requiredColumns(settings, side);
    const fields = new Set<string>();
    for (const f of settings.fields) {
      const c = fieldColumn(f, side);
      if (c !== undefined) fields.add(c);
    }
    this.fieldColumns = fields;
  }

  /** The record's cells, or RECORD_INVALID; `position` (1-based) goes into the error as `line`. */
  read(record: unknown, position?: number): RegisterRecord {
    const where = (field?: string): { line?: number; field?: string } => ({ ...(position === undefined ? {} : { line: position }), ...(field === undefined ? {} : { field }) });
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new KhopError('RECORD_INVALID', 'a record is an object of column → cell', where());
    }
    const r = record as Record<string, unknown>;
    const out: Record<string, string> = {};
    let fields = 0;
    for (const column of this.columns) {
      const v = r[column];
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') {
        if (v.length > MAX_CELL_LENGTH) throw new KhopError('RECORD_INVALID', `a cell is longer than ${MAX_CELL_LENGTH} characters`, where(column));
        if (!isWellFormed(v)) throw new KhopError('RECORD_INVALID', 'a cell holds a lone UTF-16 surrogate (not valid Unicode)', where(column));
        out[column] = v;
      } else if (typeof v === 'number' && Number.isFinite(v)) {
        out[column] = String(v);
      } else {
        throw new KhopError('RECORD_INVALID', 'a cell must be a string, a finite number, null or absent', where(column));
      }
      if (this.fieldColumns.has(column)) fields++;
    }
    // A register person must have an ID: results name persons by it (record-check.ts). A dose
    // may come without one: the caller holds the request its answer belongs to.
    if (this.side === 'left' && (out[this.columns[0]] ?? '') === '') {
      throw new KhopError('RECORD_INVALID', 'the ID cell is empty', where(this.columns[0]));
    }
    if (fields === 0 && !this.hasAnyFieldKey(r)) {
      throw new KhopError('RECORD_INVALID', `the record has none of the columns ${[...this.fieldColumns].join(', ')}`, where());
    }
    return out;
  }

  private hasAnyFieldKey(r: Record<string, unknown>): boolean {
    for (const c of this.fieldColumns) if (c in r) return true;
    return false;
  }
}
