/**
 * The columns of an ID field, from `parseId`: the cleaned digits in fixed 13-byte slots (ASCII
 * codes, so a slot reads back as the string), the length, and the parsed kind: fifteen bytes per
 * record. Thirteen, not twelve: the personal ID has 12 digits, and a 12-digit ID with one digit
 * typed twice has 13, which the insertion level must still see; the old 9-digit ID fits too.
 *
 * A longer value (never an ID, nor one edit from one) keeps its first 13 characters in the slot
 * and its true length (capped at 255) in `length`; comparisons treat any length above the slot as
 * comparable to nothing, so it can only reach the `else` level. A cleaned value with a non-digit (kind
 * 'invalid', issue 'non_digit') keeps its characters, code units above 255 stored as 255.
 *
 * Building from a scanned CSV record (`appendField`): the common cells, 12 digits (a CCCD), 9
 * digits (a CMND) and empty, are what `parseId` leaves as they are (kind 'cccd' whatever the
 * digits say, 'cmnd', 'empty'), so their bytes are copied into the slot without being decoded;
 * anything else is decoded and parsed.
 */
import { parseId } from '../normalize/parse-id.js';
import type { IdKind, ParsedId } from '../normalize/types.js';
import { GrowableUint8, sharedBufferOf, viewOf } from './column-growable.js';
import type { RawFieldSource } from './column-raw.js';

export const ID_SLOT = 13;

export const ID_KIND_CODES: Readonly<Record<IdKind, number>> = { empty: 0, cccd: 1, cmnd: 2, invalid: 3 };
const KIND_EMPTY = ID_KIND_CODES.empty;
const KIND_CCCD = ID_KIND_CODES.cccd;
const KIND_CMND = ID_KIND_CODES.cmnd;
const ZERO = 0x30;

export interface IdColumnTransferable {
  kind: 'id';
  digits: SharedArrayBuffer;
  length: SharedArrayBuffer;
  idKind: SharedArrayBuffer;
}

export class IdColumn {
  readonly kind = 'id';
  constructor(
    /** Record i's characters are digits[i · ID_SLOT, i · ID_SLOT + min(length[i], ID_SLOT)). */
    readonly digits: Uint8Array,
    readonly length: Uint8Array,
    /** `ID_KIND_CODES` of the parsed kind. */
    readonly idKind: Uint8Array,
  ) {}

  get size(): number {
    return this.length.length;
  }

  /**
   * The digits of record i as a string (for output, e.g. a suggested citizen_id, and tests): one
   * flat string read from the slot as Latin-1, byte b → U+00bb, the codes `append` stored. Built
   * char by char it was a rope of up to 13 strings, the largest allocation of a match job.
   */
  digitsOf(i: number): string {
    const n = Math.min(this.length[i], ID_SLOT);
    const bytes = (this.bytes ??= Buffer.from(this.digits.buffer, this.digits.byteOffset, this.digits.byteLength));
    return bytes.toString('latin1', i * ID_SLOT, i * ID_SLOT + n);
  }

  /** The digit slots viewed as a Buffer, made on the first `digitsOf`. */
  private bytes: Buffer | undefined;

  /** The former `digitsOf`, char by char (a test oracle). */
  digitsOfReference(i: number): string {
    const n = Math.min(this.length[i], ID_SLOT);
    let s = '';
    for (let k = 0; k < n; k++) s += String.fromCharCode(this.digits[i * ID_SLOT + k]);
    return s;
  }

  /** Whether record i of this column and record j of `other` hold the same ID (both present). */
  sameAs(i: number, other: IdColumn, j: number): boolean {
    const n = this.length[i];
    if (n === 0 || n > ID_SLOT || n !== other.length[j]) return false;
    const a = this.digits;
    const b = other.digits;
    const ai = i * ID_SLOT;
    const bj = j * ID_SLOT;
    for (let k = 0; k < n; k++) if (a[ai + k] !== b[bj + k]) return false;
    return true;
  }

  toTransferable(): IdColumnTransferable {
    return {
      kind: 'id',
      digits: sharedBufferOf(this.digits),
      length: sharedBufferOf(this.length),
      idKind: sharedBufferOf(this.idKind),
    };
  }

  static fromTransferable(t: IdColumnTransferable): IdColumn {
    return new IdColumn(viewOf(Uint8Array, t.digits), viewOf(Uint8Array, t.length), viewOf(Uint8Array, t.idKind));
  }
}

export class IdColumnBuilder {
  private readonly digits = new GrowableUint8(1024 * ID_SLOT);
  private readonly length = new GrowableUint8();
  private readonly idKind = new GrowableUint8();

  append(raw: string): void {
    this.appendParsed(parseId(raw));
  }

  /** Appends field `i` of a scanned CSV record: what `append(source.field(i))` appends. */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const start = source.fieldStart(i);
    const len = source.fieldEnd(i) - start;
    const kind = len === 12 ? KIND_CCCD : len === 9 ? KIND_CMND : len === 0 ? KIND_EMPTY : -1;
    if (kind < 0 || source.fieldEscaped(i)) {
      this.append(source.field(i));
      return;
    }
    const bytes = source.bytes;
    for (let k = 0; k < len; k++) {
      if ((bytes[start + k] - ZERO) >>> 0 > 9) {
        this.append(source.field(i));
        return;
      }
    }
    this.digits.reserve(ID_SLOT);
    const slot = this.digits.array;
    const at = this.digits.length;
    for (let k = 0; k < len; k++) slot[at + k] = bytes[start + k];
    for (let k = len; k < ID_SLOT; k++) slot[at + k] = 0;
    this.digits.advance(ID_SLOT);
    this.length.push(len);
    this.idKind.push(kind);
  }

  appendParsed(id: ParsedId): void {
    const s = id.digits;
    this.digits.reserve(ID_SLOT);
    const slot = this.digits.array;
    const at = this.digits.length;
    const n = Math.min(s.length, ID_SLOT);
    for (let k = 0; k < n; k++) slot[at + k] = Math.min(s.charCodeAt(k), 255);
    for (let k = n; k < ID_SLOT; k++) slot[at + k] = 0;
    this.digits.advance(ID_SLOT);
    this.length.push(Math.min(s.length, 255));
    this.idKind.push(ID_KIND_CODES[id.kind]);
  }

  freeze(): IdColumn {
    return new IdColumn(this.digits.toShared(), this.length.toShared(), this.idKind.toShared());
  }
}
