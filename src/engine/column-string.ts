/**
 * The column of a `string` or `exact` field: one dictionary code per record (−1 when empty); the
 * dictionary's byte pool holds the UTF-8 of each distinct value, which Jaro-Winkler reads in place
 * (byte by byte: exact for ASCII values, an approximation for others).
 *
 * Normalization, decided here: an `exact` value is compared as written, only surrounding white
 * space dropped (codes such as a province number). A `string` value is NFC, lower case, with runs
 * of white space collapsed to one space.
 */
import type { Dictionary } from './column-dictionary.js';
import type { RawFieldSource } from './column-raw.js';
import { GrowableInt32, sharedBufferOf, viewOf } from './column-growable.js';

export interface StringColumnTransferable {
  kind: 'string';
  codes: SharedArrayBuffer;
}

export function normalizeStringValue(raw: string, type: 'string' | 'exact'): string {
  if (type === 'exact') return raw.trim();
  return raw.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

export class StringColumn {
  readonly kind = 'string';
  constructor(
    readonly codes: Int32Array,
    readonly dictionary: Dictionary,
  ) {}

  get size(): number {
    return this.codes.length;
  }

  toTransferable(): StringColumnTransferable {
    return { kind: 'string', codes: sharedBufferOf(this.codes) };
  }

  static fromTransferable(t: StringColumnTransferable, dictionary: Dictionary): StringColumn {
    return new StringColumn(viewOf(Int32Array, t.codes), dictionary);
  }
}

export class StringColumnBuilder {
  private readonly codes = new GrowableInt32();

  constructor(
    private readonly dictionary: Dictionary,
    private readonly type: 'string' | 'exact',
  ) {}

  append(raw: string): void {
    const v = normalizeStringValue(raw, this.type);
    this.codes.push(v === '' ? -1 : this.dictionary.intern(v));
  }

  /**
   * Appends field `i` of a scanned CSV record: a value of printable ASCII without spaces (and,
   * for `string`, without capitals), such as a province code, is already what
   * `normalizeStringValue` makes of it, so it is interned from its bytes without being decoded
   * (the same bytes `intern` would write); any other value goes through `append`.
   */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const start = source.fieldStart(i);
    const end = source.fieldEnd(i);
    if (source.fieldEscaped(i) || start === end) {
      this.append(source.field(i));
      return;
    }
    const bytes = source.bytes;
    const upper = this.type === 'string' ? 0x41 : 0x7f;
    for (let k = start; k < end; k++) {
      const c = bytes[k];
      if (c <= 0x20 || c >= 0x7f || (c >= upper && c <= 0x5a)) {
        this.append(source.field(i));
        return;
      }
    }
    this.codes.push(this.dictionary.internBytes(bytes, start, end));
  }

  freeze(): StringColumn {
    return new StringColumn(this.codes.toShared(), this.dictionary);
  }
}
