/**
 * The growth step of the byte-keyed memo tables (engine/name-memo.ts, engine/column-cell-memo.ts):
 * open addressing with linear probing over slots of SLOT_INTS Int32s, [hash, key start + 1
 * (0 = empty), key length, value]. Doubling the table re-places every used slot by its hash.
 */
export const SLOT_INTS = 4;

/** A table of twice as many slots as `old` (whose capacity is mask + 1), with old's slots re-placed. */
export function doubledSlotTable(old: Int32Array, mask: number): { table: Int32Array<ArrayBuffer>; mask: number } {
  const capacity = (mask + 1) * 2;
  const table = new Int32Array(capacity * SLOT_INTS);
  const next = capacity - 1;
  for (let at = 0; at < old.length; at += SLOT_INTS) {
    if (old[at + 1] === 0) continue;
    let slot = old[at] & next;
    while (table[slot * SLOT_INTS + 1] !== 0) slot = (slot + 1) & next;
    for (let k = 0; k < SLOT_INTS; k++) table[slot * SLOT_INTS + k] = old[at + k];
  }
  return { table, mask: next };
}
