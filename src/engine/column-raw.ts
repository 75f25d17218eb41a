/**
 * The raw input cells of a side, kept for output and corrections (the dose_id and person_id
 * written to results, the original text a correction quotes, columns carried through untouched).
 * UTF-8 in one byte pool with a Uint32 offset per cell: a 60-character row costs about its bytes
 * plus 4 per cell, where JS strings would cost 30-50 bytes of header each.
 *
 * Cell (row r, column c) is bytes[offsets[r·C + c], offsets[r·C + c + 1]) for C kept columns.
 */
import { KhopError } from '../errors.js';
import { utf8Slice } from '../io/utf8-slice.js';
import { writeUtf8 } from './column-utf8.js';
import { ByteChunks, GrowableUint32, sharedBufferOf, viewOf } from './column-growable.js';

/**
 * Fields as byte ranges of one UTF-8 buffer, e.g. a CSV scanner's record (io/csv-scanner.ts): a
 * quoted field's range is its content without the quotes, with `""` escapes still doubled.
 */
export interface RawFieldSource {
  readonly bytes: Uint8Array;
  fieldStart(i: number): number;
  fieldEnd(i: number): number;
  /** True when field i holds `""` escapes. */
  fieldEscaped(i: number): boolean;
}

const QUOTE = 0x22;

export interface RawColumnsTransferable {
  columns: string[];
  bytes: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
}

export class RawColumns {
  private readonly index: Map<string, number>;
  private pool: Buffer | undefined;

  constructor(
    readonly columns: readonly string[],
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
  ) {
    this.index = new Map(columns.map((c, k) => [c, k]));
  }

  get size(): number {
    return this.columns.length === 0 ? 0 : (this.offsets.length - 1) / this.columns.length;
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** The raw text of `column` in row `row`. */
  get(row: number, column: string): string {
    const c = this.index.get(column);
    if (c === undefined) throw new KhopError('INTERNAL', 'raw column not kept', { field: column });
    return this.cell(row, c);
  }

  /** Index of a kept column for `cell`, −1 when it was not kept. */
  columnIndex(column: string): number {
    return this.index.get(column) ?? -1;
  }

  /** The raw text of the c-th kept column in row `row`. */
  cell(row: number, c: number): string {
    const k = row * this.columns.length + c;
    // One Buffer over the whole pool, made once: a Buffer per cell cost more than the decoding.
    this.pool ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    return utf8Slice(this.pool, this.offsets[k], this.offsets[k + 1]);
  }

  toTransferable(): RawColumnsTransferable {
    return { columns: [...this.columns], bytes: sharedBufferOf(this.bytes), offsets: sharedBufferOf(this.offsets) };
  }

  static fromTransferable(t: RawColumnsTransferable): RawColumns {
    return new RawColumns(t.columns, viewOf(Uint8Array, t.bytes), viewOf(Uint32Array, t.offsets));
  }
}

export class RawColumnsBuilder {
  /** The pool in chunks (column-growable.ts): the largest column, whose doubling copies cost the most. */
  private readonly bytes: ByteChunks;
  private readonly offsets = new GrowableUint32();
  /** A row that does not fit in the current chunk's rest is written here first. */
  private scratch = new Uint8Array(256);

  /**
   * `chunkBytes`: one size for all of the pool's chunks instead of ByteChunks' growing ones (tests
   * make it small, to split rows across chunks).
   */
  constructor(
    readonly columns: readonly string[],
    chunkBytes?: number,
  ) {
    this.bytes = chunkBytes === undefined ? new ByteChunks() : new ByteChunks(chunkBytes, chunkBytes);
    this.offsets.push(0);
  }

  /** Appends one row's cells, in `columns` order. */
  append(cells: readonly string[]): void {
    for (const s of cells) {
      if (this.scratch.length < s.length * 3) this.scratch = new Uint8Array(s.length * 6);
      this.bytes.append(this.scratch, 0, writeUtf8(s, this.scratch, 0));
      this.offsets.push(this.bytes.length);
    }
  }

  /**
   * Appends one row's cells from the fields `fields[k]` of `source`, in `columns` order, as
   * bytes: the same bytes `append` writes for the decoded, unescaped field text, provided the
   * source is valid UTF-8 (decoding then encoding valid UTF-8 gives it back unchanged, and `"`
   * never occurs inside a multi-byte sequence, so `""` → `"` is the same on bytes as on text).
   */
  appendFields(source: RawFieldSource, fields: readonly number[]): void {
    const src = source.bytes;
    const pool = this.bytes;
    const n = fields.length;
    // The row's size first: one room check per row, not per cell (an unescaped field's bytes are
    // its cell; an escaped one's are more than its cell, so the size is an upper bound).
    let rowBytes = 0;
    for (let k = 0; k < n; k++) rowBytes += source.fieldEnd(fields[k]) - source.fieldStart(fields[k]);
    this.offsets.reserve(n);
    const offsets = this.offsets.array;
    const cell = this.offsets.length;
    // The row goes straight into the current chunk when it fits (nearly always), else into the
    // scratch and from there across the chunk boundary. Offsets are pool positions either way.
    const direct = pool.used + rowBytes <= pool.chunk.length;
    if (!direct && this.scratch.length < rowBytes) this.scratch = new Uint8Array(rowBytes * 2);
    const out = direct ? pool.chunk : this.scratch;
    const at = direct ? pool.used : 0;
    const base = pool.length - at;
    let o = at;
    for (let k = 0; k < n; k++) {
      const f = fields[k];
      const end = source.fieldEnd(f);
      // A byte loop: cells are 1-30 bytes, and Buffer#copy per cell measured twice as slow.
      if (!source.fieldEscaped(f)) {
        for (let p = source.fieldStart(f); p < end; p++) out[o++] = src[p];
      } else {
        // A quoted field's quotes come in pairs (the scanner rejects any other): keep one of each.
        for (let p = source.fieldStart(f); p < end; p++) {
          const c = src[p];
          out[o++] = c;
          if (c === QUOTE) p++;
        }
      }
      offsets[cell + k] = base + o;
    }
    if (direct) pool.used = o;
    else pool.append(out, 0, o);
    this.offsets.advance(n);
  }

  freeze(): RawColumns {
    return new RawColumns(this.columns, this.bytes.toShared(), this.offsets.toShared());
  }
}
