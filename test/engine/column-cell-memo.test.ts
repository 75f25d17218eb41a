/**
 * CellMemo: each distinct byte string gets the next number once, and is found again by its bytes
 * wherever they lie; at most `limit` are kept, and long cells never are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_ADDED, CELL_MAX_BYTES, CELL_NOT_KEPT, CellMemo } from '../../src/engine/column-cell-memo.js';

/** Looks `cell` up from inside a larger buffer, as a record's field. */
function lookup(memo: CellMemo, cell: string): number {
  const bytes = Buffer.from(`«${cell}»`, 'utf8');
  return memo.lookup(bytes, 2, bytes.length - 2);
}

describe('CellMemo', () => {
  it.each<[string[], number[]]>([
    [['a', 'b', 'a', 'b', 'c'], [CELL_ADDED, CELL_ADDED, 0, 1, CELL_ADDED]],
    [['', '', 'Nữ', 'Nu', 'Nữ'], [CELL_ADDED, 0, CELL_ADDED, CELL_ADDED, 1]],
    [['x'.repeat(CELL_MAX_BYTES), 'x'.repeat(CELL_MAX_BYTES), 'x'], [CELL_NOT_KEPT, CELL_NOT_KEPT, CELL_ADDED]],
  ])('%j → %j', (cells, expected) => {
    const memo = new CellMemo(1 << 10);
    expect(cells.map((c) => lookup(memo, c))).toEqual(expected);
  });

  it('keeps at most `limit` cells, and still finds those it kept', () => {
    const memo = new CellMemo(2);
    expect(['a', 'b', 'c', 'a', 'b', 'c'].map((c) => lookup(memo, c))).toEqual([CELL_ADDED, CELL_ADDED, CELL_NOT_KEPT, 0, 1, CELL_NOT_KEPT]);
    expect(memo.size).toBe(2);
  });

  it('numbers distinct cells in first-seen order, as a Map would, through its table\'s growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('', 'a', 'Nữ', 'Nam'), fc.string({ maxLength: 5 })), { maxLength: 300 }), (cells) => {
        const memo = new CellMemo(1 << 10);
        // Keyed by UTF-8, as the memo is (a lone surrogate's bytes are U+FFFD's).
        const seen = new Map<string, number>();
        for (const c of cells) {
          const key = Buffer.from(c, 'utf8').toString('hex');
          const known = seen.get(key);
          if (known === undefined) seen.set(key, seen.size);
          expect(lookup(memo, c)).toBe(known ?? CELL_ADDED);
        }
        expect(memo.size).toBe(seen.size);
      }),
    );
  });
});
