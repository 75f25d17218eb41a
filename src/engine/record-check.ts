/**
 * What every reader of records to link checks in a row, so that the CSV job (register and doses),
 * `khop index`, `khop dedupe`, NDJSON doses and the saved-index path refuse the same rows with
 * the same reasons (each a row of rejects.csv, never an error):
 * - `field_empty (dose_id)` / `(person_id)`: the ID cell is empty (an NDJSON null or ""): a dose's
 *   result row could not be joined back to it, and a register person without an ID would be
 *   named by nothing in results.csv (`verified` to an empty person_id);
 * - `cell_too_long (column)`: a cell of a required column is longer than MAX_CELL_LENGTH
 *   characters, no name, date or ID: the matcher's record limit (api/matcher-schema.ts).
 * The ID column comes first in `columns` (as `requiredColumns` lists them).
 *
 * The library's matcher and `khop serve` (api/match-record.ts) keep their own record check: the
 * same cell limit and the register's IDs, but a dose without an ID is linked there, since its
 * caller holds the request the answer belongs to.
 */
import type { CsvRecord } from '../io/csv-scanner.js';
import type { Reject } from '../io/rejects.js';

/** A cell longer than this is no name, date or ID: the record is refused rather than normalized. */
export const MAX_CELL_LENGTH = 4096;

/** The reason to refuse a dose given as strings (undefined: an absent cell), or null. */
export function cellsProblem(cells: readonly (string | undefined)[], columns: readonly string[]): string | null {
  if (cells[0] === undefined || cells[0] === '') return `field_empty (${columns[0]})`;
  for (let k = 0; k < columns.length; k++) {
    const cell = cells[k];
    if (cell !== undefined && cell.length > MAX_CELL_LENGTH) return `cell_too_long (${columns[k]})`;
    if (cell !== undefined && !isWellFormed(cell)) return `invalid_unicode (${columns[k]})`;
  }
  return null;
}

/**
 * String.prototype.isWellFormed (ES2024, in Node 20; this project's lib is ES2023): false for a
 * string holding a lone UTF-16 surrogate, which JSON can spell (`"\ud800"`) and UTF-8 cannot. Such
 * a cell is refused as invalid UTF-8 bytes are, rather than read as U+FFFD: two IDs that differ
 * only there would otherwise become one.
 */
export function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * `cellsProblem` for a scanned CSV record whose column `columns[k]` is field at[k], decoding a
 * cell only when its bytes could hold too many characters (a character takes at least one byte).
 */
export function recordProblem(record: CsvRecord, at: readonly number[], columns: readonly string[]): string | null {
  const id = at[0];
  // Field ranges leave a quoted cell's quotes out: "" is empty too.
  if (record.fieldEnd(id) === record.fieldStart(id)) return `field_empty (${columns[0]})`;
  for (let k = 0; k < at.length; k++) {
    const i = at[k];
    const bytes = record.fieldEnd(i) - record.fieldStart(i);
    // A character takes at most 4 bytes: beyond that the cell is too long without decoding it (a
    // cell of hundreds of megabytes would pass V8's longest string).
    if (bytes > 4 * MAX_CELL_LENGTH || (bytes > MAX_CELL_LENGTH && record.field(i).length > MAX_CELL_LENGTH)) return `cell_too_long (${columns[k]})`;
  }
  return null;
}

/** The reject of scanned record `record` of `file` when `recordProblem` refuses it (its raw text kept), else null. */
export function recordReject(record: CsvRecord, at: readonly number[], columns: readonly string[], file: string): Reject | null {
  const problem = recordProblem(record, at, columns);
  return problem === null ? null : { file, line: record.line, code: 'RECORD_INVALID', reason: problem, raw: record.raw() };
}
