/**
 * A memo of the distinct cells of a column of few values (a gender column: "Nam", "Nữ", "M",
 * "Female" … 16 distinct cells in 1M generated doses), keyed by the cell's UTF-8 bytes as the CSV
 * scanner holds them: a builder parses a cell the first time it is seen and replays what it
 * stored for it afterwards, without decoding the cell into a string. (Not for dates of birth:
 * 1M doses hold 140k distinct ones, and a probe of a table that size measured slower than
 * parsing the bytes, column-date.ts.)
 *
 * Exact by construction: the parsers are functions of the cell's text, and the text of an
 * unescaped field of valid UTF-8 (all the scanner hands out) is a function of its bytes.
 *
 * Table: a byte-keyed hash table (byte-key-table.ts) of cell → cell number, cells numbered in the
 * order first seen. At
 * most `limit` cells are kept (about 40 bytes each, plus the caller's entry): a column of
 * distinct values (adversarial input, a column that never repeats) stops adding, and is parsed
 * cell by cell as without a memo.
 */
import { ByteKeyTable, KEY_ABSENT } from './byte-key-table.js';

/** `lookup`: the cell is new and now kept, as number `size − 1`. */
export const CELL_ADDED = -1;
/** `lookup`: the cell is new and not kept (the memo is full). */
export const CELL_NOT_KEPT = -2;

/** Cells this long or longer are never kept: no date or gender is, and it bounds the key bytes. */
export const CELL_MAX_BYTES = 64;

export class CellMemo {
  private readonly table = new ByteKeyTable();

  constructor(private readonly limit: number) {}

  /** Cells kept. */
  get size(): number {
    return this.table.size;
  }

  /**
   * The number of cell bytes[start, end) when seen before (≥ 0); else CELL_ADDED (it is kept as
   * number `size − 1`: the caller stores its entry) or CELL_NOT_KEPT.
   */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    if (end - start >= CELL_MAX_BYTES) return CELL_NOT_KEPT;
    const cell = this.table.find(bytes, start, end);
    if (cell !== KEY_ABSENT) return cell;
    if (this.table.size >= this.limit) return CELL_NOT_KEPT;
    this.table.insert(bytes, start, end, this.table.size);
    return CELL_ADDED;
  }
}
