/**
 * Reads the few records the worst-case table shows out of the doses and register files, by id,
 * streaming (memory O(wanted), not O(file)). Only the columns of the `vn-vaccination` contract in
 * DESIGN.md are read; a column the file lacks is left empty. Rows the reader rejects are skipped:
 * the table is a view, not a validation of the inputs.
 */
import { readCsv } from '../io/csv-reader.js';

export const DOSE_FIELDS = ['citizen_id', 'full_name', 'dob', 'gender', 'province'] as const;
export const PERSON_FIELDS = ['person_id', 'full_name', 'dob', 'gender', 'province', 'old_id'] as const;

export type RecordFields = Record<string, string>;

/** The rows of `file` whose `idColumn` is in `ids`, keyed by that id; the first row of an id wins. */
export async function lookupRecords(file: string, idColumn: string, ids: ReadonlySet<string>, fields: readonly string[]): Promise<Map<string, RecordFields>> {
  const found = new Map<string, RecordFields>();
  if (ids.size === 0) return found;
  for await (const row of readCsv(file, { file, required: [idColumn], onReject: () => {} })) {
    const id = (row.get(idColumn) ?? '').trim();
    if (!ids.has(id) || found.has(id)) continue;
    found.set(id, Object.fromEntries(fields.map((f) => [f, row.get(f) ?? ''])));
    if (found.size === ids.size) break;
  }
  return found;
}
