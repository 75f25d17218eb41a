/**
 * The column of a gender field, from `parseGender`: one Int8 per record, −1 unknown, 0 male,
 * 1 female.
 *
 * Building from a scanned CSV record (`appendField`): a gender column holds a handful of distinct
 * cells, so each is decoded and parsed once and its code replayed from a memo keyed by its bytes
 * (column-cell-memo.ts), dropped at freeze.
 */
import { parseGender } from '../normalize/parse-gender.js';
import type { Gender } from '../normalize/types.js';
import { CELL_ADDED, CellMemo } from './column-cell-memo.js';
import { GrowableInt8, sharedBufferOf, viewOf } from './column-growable.js';
import type { RawFieldSource } from './column-raw.js';

/** Distinct gender cells remembered (column-cell-memo.ts). */
const MEMO_CELLS = 1 << 10;

export const GENDER_UNKNOWN = -1;
export const GENDER_MALE = 0;
export const GENDER_FEMALE = 1;

export interface GenderColumnTransferable {
  kind: 'gender';
  gender: SharedArrayBuffer;
}

export class GenderColumn {
  readonly kind = 'gender';
  constructor(readonly gender: Int8Array) {}

  get size(): number {
    return this.gender.length;
  }

  toTransferable(): GenderColumnTransferable {
    return { kind: 'gender', gender: sharedBufferOf(this.gender) };
  }

  static fromTransferable(t: GenderColumnTransferable): GenderColumn {
    return new GenderColumn(viewOf(Int8Array, t.gender));
  }
}

export class GenderColumnBuilder {
  private readonly gender = new GrowableInt8();

  /** A few cells are expected: past MEMO_CELLS distinct ones, the rest are parsed each time. */
  private memo: CellMemo | null = new CellMemo(MEMO_CELLS);
  /** Code per memo cell. */
  private readonly memoCodes = new Int8Array(MEMO_CELLS);

  append(raw: string): void {
    this.appendParsed(parseGender(raw));
  }

  /**
   * Appends field `i` of a scanned CSV record: what `append(source.field(i))` appends, parsing
   * only a cell not seen before.
   */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const memo = this.memo;
    if (memo === null || source.fieldEscaped(i)) {
      this.append(source.field(i));
      return;
    }
    const n = memo.lookup(source.bytes, source.fieldStart(i), source.fieldEnd(i));
    if (n >= 0) {
      this.gender.push(this.memoCodes[n]);
      return;
    }
    this.append(source.field(i));
    if (n === CELL_ADDED) this.memoCodes[memo.size - 1] = this.gender.array[this.gender.length - 1];
  }

  appendParsed(g: Gender | null): void {
    this.gender.push(g === 'M' ? GENDER_MALE : g === 'F' ? GENDER_FEMALE : GENDER_UNKNOWN);
  }

  freeze(): GenderColumn {
    this.memo = null;
    return new GenderColumn(this.gender.toShared());
  }
}
