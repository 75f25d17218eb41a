/**
 * A reusable, growable list of row numbers (Int32): the scratch a rule writes one right row's
 * candidates into. `clear()` keeps the capacity, so after warm-up a scan allocates nothing.
 */
export class RowBuffer {
  rows: Int32Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.rows = new Int32Array(Math.max(16, initialCapacity));
  }

  clear(): void {
    this.length = 0;
  }

  push(row: number): void {
    if (this.length === this.rows.length) this.grow(this.length + 1);
    this.rows[this.length++] = row;
  }

  /** Appends source[start, end). */
  append(source: Int32Array, start: number, end: number): void {
    const count = end - start;
    if (this.length + count > this.rows.length) this.grow(this.length + count);
    const rows = this.rows;
    let at = this.length;
    for (let k = start; k < end; k++) rows[at++] = source[k];
    this.length = at;
  }

  /** Drops entries from `length` on (undoes pushes made since `length` was read). */
  truncate(length: number): void {
    if (length < this.length) this.length = length;
  }

  private grow(needed: number): void {
    let capacity = this.rows.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.rows.subarray(0, this.length));
    this.rows = next;
  }
}
