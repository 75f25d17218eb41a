/**
 * The column of a gender field, from `parseGender`: one Int8 per record, −1 unknown, 0 male,
 * 1 female.
 */
import { parseGender } from '../normalize/parse-gender.js';
import type { Gender } from '../normalize/types.js';
import { GrowableInt8, sharedBufferOf, viewOf } from './column-growable.js';

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

  append(raw: string): void {
    this.appendParsed(parseGender(raw));
  }

  appendParsed(g: Gender | null): void {
    this.gender.push(g === 'M' ? GENDER_MALE : g === 'F' ? GENDER_FEMALE : GENDER_UNKNOWN);
  }

  freeze(): GenderColumn {
    return new GenderColumn(this.gender.toShared());
  }
}
