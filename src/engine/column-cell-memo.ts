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
 * Table: open addressing with linear probing at load ≤ 1/2, slots of [hash, key start + 1
 * (0 = empty), key length, cell number] with 32-bit FNV-1a hashes (Fowler, Noll, Vo;
 * http://www.isthe.com/chongo/tech/comp/fnv/); cells are numbered in the order first seen. At
 * most `limit` cells are kept (about 40 bytes each, plus the caller's entry): a column of
 * distinct values (adversarial input, a column that never repeats) stops adding, and is parsed
 * cell by cell as without a memo.
 */
import { fnv1a } from '../util/fnv1a.js';
import { doubledSlotTable, SLOT_INTS } from '../util/slot-table.js';
import { GrowableUint8 } from './column-growable.js';

const SLOT = SLOT_INTS;

/** `lookup`: the cell is new and now kept, as number `size − 1`. */
export const CELL_ADDED = -1;
/** `lookup`: the cell is new and not kept (the memo is full). */
export const CELL_NOT_KEPT = -2;

/** Cells this long or longer are never kept: no date or gender is, and it bounds the key bytes. */
export const CELL_MAX_BYTES = 64;

export class CellMemo {
  private table = new Int32Array(16 * SLOT);
  private mask = 15;
  private count = 0;
  private readonly keys = new GrowableUint8(256);

  constructor(private readonly limit: number) {}

  /** Cells kept. */
  get size(): number {
    return this.count;
  }

  /**
   * The number of cell bytes[start, end) when seen before (≥ 0); else CELL_ADDED (it is kept as
   * number `size − 1`: the caller stores its entry) or CELL_NOT_KEPT.
   */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len >= CELL_MAX_BYTES) return CELL_NOT_KEPT;
    // As an Int32, the way the table stores it.
    const hash = fnv1a(bytes, start, end) | 0;
    const table = this.table;
    const keys = this.keys.array;
    let slot = hash & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT;
      const keyStart = table[at + 1];
      if (keyStart === 0) break;
      if (table[at] !== hash || table[at + 2] !== len) continue;
      const from = keyStart - 1;
      let k = 0;
      while (k < len && keys[from + k] === bytes[start + k]) k++;
      if (k === len) return table[at + 3];
    }
    if (this.count >= this.limit) return CELL_NOT_KEPT;
    this.add(slot, hash, bytes, start, len);
    return CELL_ADDED;
  }

  private add(slot: number, hash: number, bytes: Uint8Array, start: number, len: number): void {
    this.keys.reserve(len);
    const keyAt = this.keys.length;
    const out = this.keys.array;
    for (let k = 0; k < len; k++) out[keyAt + k] = bytes[start + k];
    this.keys.advance(len);
    const at = slot * SLOT;
    this.table[at] = hash;
    this.table[at + 1] = keyAt + 1;
    this.table[at + 2] = len;
    this.table[at + 3] = this.count;
    if (++this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    ({ table: this.table, mask: this.mask } = doubledSlotTable(this.table, this.mask));
  }
}
