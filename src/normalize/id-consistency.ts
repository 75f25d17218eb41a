/**
 * Internal consistency of a 12-digit personal ID (CCCD) with the record it was written on.
 *
 * The CCCD has no check digit (Circular 07/2016/TT-BCA, art. 7; DESIGN.md), so the only test a
 * number can pass or fail on its own is whether what it encodes agrees with the rest of the
 * record: a known province code, the gender in its 4th digit, the birth year in its 4th-6th
 * digits. A disagreement points at a mistyped digit, a relative's ID, or a wrong gender or date
 * of birth on the record: which one is for the comparison to decide, not this check.
 */
import { isProvinceCode } from './provinces.js';
import type { Gender, ParsedId } from './types.js';

export type Agreement = 'agrees' | 'disagrees' | 'unknown';

export interface IdConsistency {
  /** 'n/a' when the ID is not a CCCD (CMND, empty, invalid): it has no province code to check. */
  province: 'known' | 'unknown' | 'n/a';
  /** 'unknown' when either side lacks a gender (not a CCCD, century digit 6-9, no gender on the record). */
  gender: Agreement;
  /** Exact year equality; 'unknown' when either side lacks a year. */
  birthYear: Agreement;
}

function agreement<T>(fromId: T | undefined, fromRecord: T | null | undefined): Agreement {
  if (fromId === undefined || fromRecord === undefined || fromRecord === null) return 'unknown';
  return fromId === fromRecord ? 'agrees' : 'disagrees';
}

export function checkIdConsistency(
  id: ParsedId,
  rec: { birthYear?: number | null; gender?: Gender | null },
): IdConsistency {
  if (id.kind !== 'cccd') return { province: 'n/a', gender: 'unknown', birthYear: 'unknown' };
  return {
    province: id.province !== undefined && isProvinceCode(id.province) ? 'known' : 'unknown',
    gender: agreement(id.gender, rec.gender),
    birthYear: agreement(id.birthYear, rec.birthYear),
  };
}
