/**
 * Reads one input (the register or the doses) into a record store as rows stream in: each row is
 * normalized once, unreadable rows and the rows record-check.ts refuses (an empty ID, a cell too
 * long) become rejects (never thrown, never lost), and the counts
 * reconcile: rows read = rows stored + rows rejected. Rows go from the CSV scanner's bytes into the
 * store (readCsvRecords → RecordStoreBuilder.addRecord): only the cells a field parses are decoded.
 */
import { readCsvRecords } from '../io/csv-records.js';
import type { ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import { fieldColumn, readsMultilineCells, type Settings, type Side } from '../model/settings-schema.js';
import { recordReject } from './record-check.js';
import { RecordStoreBuilder, type FieldDictionaries } from './record-store.js';

export interface LoadSideInput {
  source: ByteSource;
  /** The input's name in errors and rejects. */
  file: string;
  settings: Settings;
  side: Side;
  dictionaries: FieldDictionaries;
  onReject: (reject: Reject) => void;
  onProgress?: (rows: number) => void;
  /** Stops the read (it then rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * Refuse a row whose ID cell (as written) an earlier row has: `duplicate_id (column)`. For a
   * dedupe, whose pairs and clusters name rows by their ID; a register may hold an ID twice
   * (duplicate-ids.ts counts them).
   */
  uniqueIds?: boolean;
}

export interface LoadedSide {
  builder: RecordStoreBuilder;
  rows: number;
  rejects: number;
  blankLines: number;
}

/** The columns a side's input must have: its ID column and every field column on that side. */
export function requiredColumns(settings: Settings, side: Side): string[] {
  const columns = [settings[side].id_column];
  for (const f of settings.fields) {
    const c = fieldColumn(f, side);
    if (c !== undefined && !columns.includes(c)) columns.push(c);
  }
  return columns;
}

export async function loadSide(input: LoadSideInput): Promise<LoadedSide> {
  const options = {
    file: input.file,
    required: requiredColumns(input.settings, input.side),
    onReject: input.onReject,
    signal: input.signal,
    multilineCells: readsMultilineCells(input.settings, input.side),
  };
  let builder: RecordStoreBuilder | undefined;
  let rows = 0;
  let refused = 0;
  const stats = await readCsvRecords(input.source, options, (header) => {
    const b = new RecordStoreBuilder(input.settings, input.side, input.dictionaries, { header: header.names });
    builder = b;
    const at = options.required.map((c) => header.indexOf(c));
    const seen = input.uniqueIds === true ? new Set<string>() : null;
    return (record) => {
      let refusal = recordReject(record, at, options.required, input.file);
      if (refusal === null && seen !== null) {
        const id = record.field(at[0]);
        if (seen.has(id)) refusal = { file: input.file, line: record.line, code: 'RECORD_INVALID', reason: `duplicate_id (${options.required[0]})`, raw: record.raw() };
        else seen.add(id);
      }
      if (refusal !== null) {
        refused++;
        input.onReject(refusal);
      } else b.addRecord(record);
      if ((++rows & 0xffff) === 0) input.onProgress?.(rows);
    };
  });
  // readCsvRecords throws FILE_EMPTY when there is no header, so the builder exists here.
  return { builder: builder as RecordStoreBuilder, rows: stats.rows - refused, rejects: stats.rejects + refused, blankLines: stats.blankLines };
}
