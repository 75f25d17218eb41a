/**
 * The columns of a date field (date of birth), from `parseDob`: year (Int16, 0 = missing), month
 * and day (Uint8, 0 = unknown), precision (0 = missing or unreadable, 1 = year only, 2 = full
 * date) and the parser's flags as bits. Six bytes per record.
 *
 * An impossible date (30/02) keeps its components as written (the parser's contract), so a date
 * comparison can still see "same as the register except the day".
 *
 * Building from a scanned CSV record (`appendField`): an ASCII cell (nearly all) is parsed from
 * its bytes by `parseDobAscii`, with no string and no result object per cell; any other cell is
 * decoded and parsed by `parseDob`. (A memo of the distinct cells measured slower on the doses:
 * 1M of them hold 140k distinct dates, and a probe of a table that size costs more than the scan.)
 */
import { type DobFields, parseDob, parseDobAscii } from '../normalize/parse-dob.js';
import type { DobFlag, ParsedDob } from '../normalize/types.js';
import { GrowableInt16, GrowableUint8, sharedBufferOf, viewOf } from './column-growable.js';
import type { RawFieldSource } from './column-raw.js';

export const PRECISION_MISSING = 0;
export const PRECISION_YEAR = 1;
export const PRECISION_DAY = 2;

export const DOB_FLAG_BITS: Readonly<Record<DobFlag, number>> = {
  impossible_date: 1,
  two_digit_year: 2,
  default_day_month: 4,
  ambiguous_order: 8,
};

export interface DateColumnTransferable {
  kind: 'date';
  year: SharedArrayBuffer;
  month: SharedArrayBuffer;
  day: SharedArrayBuffer;
  precision: SharedArrayBuffer;
  flags: SharedArrayBuffer;
}

export class DateColumn {
  readonly kind = 'date';
  constructor(
    readonly year: Int16Array,
    readonly month: Uint8Array,
    readonly day: Uint8Array,
    readonly precision: Uint8Array,
    readonly flags: Uint8Array,
  ) {}

  get size(): number {
    return this.year.length;
  }

  toTransferable(): DateColumnTransferable {
    return {
      kind: 'date',
      year: sharedBufferOf(this.year),
      month: sharedBufferOf(this.month),
      day: sharedBufferOf(this.day),
      precision: sharedBufferOf(this.precision),
      flags: sharedBufferOf(this.flags),
    };
  }

  static fromTransferable(t: DateColumnTransferable): DateColumn {
    return new DateColumn(
      viewOf(Int16Array, t.year),
      viewOf(Uint8Array, t.month),
      viewOf(Uint8Array, t.day),
      viewOf(Uint8Array, t.precision),
      viewOf(Uint8Array, t.flags),
    );
  }
}

export class DateColumnBuilder {
  private readonly year = new GrowableInt16();
  private readonly month = new GrowableUint8();
  private readonly day = new GrowableUint8();
  private readonly precision = new GrowableUint8();
  private readonly flags = new GrowableUint8();
  private readonly fields: DobFields = { ok: false, year: 0, month: 0, day: 0, dayPrecision: false, impossible: false, defaultDayMonth: false };

  append(raw: string): void {
    this.appendParsed(parseDob(raw));
  }

  /**
   * Appends field `i` of a scanned CSV record: what `append(source.field(i))` appends.
   */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const d = this.fields;
    if (source.fieldEscaped(i) || !parseDobAscii(source.bytes, source.fieldStart(i), source.fieldEnd(i), d)) {
      this.append(source.field(i));
      return;
    }
    if (!d.ok) {
      this.appendMissing();
      return;
    }
    this.year.push(d.year);
    this.month.push(d.month);
    this.day.push(d.day);
    this.precision.push(d.dayPrecision ? PRECISION_DAY : PRECISION_YEAR);
    this.flags.push((d.impossible ? DOB_FLAG_BITS.impossible_date : 0) | (d.defaultDayMonth ? DOB_FLAG_BITS.default_day_month : 0));
  }

  private appendMissing(): void {
    this.year.push(0);
    this.month.push(0);
    this.day.push(0);
    this.precision.push(PRECISION_MISSING);
    this.flags.push(0);
  }

  appendParsed(d: ParsedDob): void {
    if (!d.ok) {
      this.appendMissing();
      return;
    }
    let bits = 0;
    for (const f of d.flags) bits |= DOB_FLAG_BITS[f];
    this.year.push(d.year);
    this.month.push(d.month ?? 0);
    this.day.push(d.day ?? 0);
    this.precision.push(d.precision === 'day' ? PRECISION_DAY : PRECISION_YEAR);
    this.flags.push(bits);
  }

  freeze(): DateColumn {
    return new DateColumn(
      this.year.toShared(),
      this.month.toShared(),
      this.day.toShared(),
      this.precision.toShared(),
      this.flags.toShared(),
    );
  }
}
