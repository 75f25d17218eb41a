import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdConsistency, type IdConsistency } from '../../src/normalize/id-consistency.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { PROVINCES } from '../../src/normalize/provinces.js';
import type { Gender } from '../../src/normalize/types.js';

type Rec = { birthYear?: number | null; gender?: Gender | null };

describe('checkIdConsistency', () => {
  it.each<[string, Rec, IdConsistency]>([
    // 079 Hồ Chí Minh, digit 0: male, 1900s, year 90
    ['079090001234', { birthYear: 1990, gender: 'M' }, { province: 'known', gender: 'agrees', birthYear: 'agrees' }],
    ['079090001234', { birthYear: 1991, gender: 'M' }, { province: 'known', gender: 'agrees', birthYear: 'disagrees' }],
    ['079090001234', { birthYear: 1990, gender: 'F' }, { province: 'known', gender: 'disagrees', birthYear: 'agrees' }],
    ['079190001234', { birthYear: 1990, gender: 'F' }, { province: 'known', gender: 'agrees', birthYear: 'agrees' }],
    ['079290001234', { birthYear: 1990, gender: 'M' }, { province: 'known', gender: 'agrees', birthYear: 'disagrees' }], // 2090
    ['079305001234', { birthYear: 2005, gender: 'F' }, { province: 'known', gender: 'agrees', birthYear: 'agrees' }],
    // what the record lacks is unknown, not a disagreement
    ['079090001234', {}, { province: 'known', gender: 'unknown', birthYear: 'unknown' }],
    ['079090001234', { birthYear: null, gender: null }, { province: 'known', gender: 'unknown', birthYear: 'unknown' }],
    // what the ID cannot say is unknown too
    ['079790001234', { birthYear: 1990, gender: 'M' }, { province: 'known', gender: 'unknown', birthYear: 'unknown' }],
    ['003090001234', { birthYear: 1990, gender: 'M' }, { province: 'unknown', gender: 'agrees', birthYear: 'agrees' }],
    ['79090001234', { birthYear: 1990, gender: 'M' }, { province: 'known', gender: 'agrees', birthYear: 'agrees' }],
    // not a CCCD: nothing to check
    ['123456789', { birthYear: 1990, gender: 'M' }, { province: 'n/a', gender: 'unknown', birthYear: 'unknown' }],
    ['', { birthYear: 1990, gender: 'M' }, { province: 'n/a', gender: 'unknown', birthYear: 'unknown' }],
    ['12345', { birthYear: 1990, gender: 'M' }, { province: 'n/a', gender: 'unknown', birthYear: 'unknown' }],
  ])('%s with %j', (raw, rec, expected) => {
    expect(checkIdConsistency(parseId(raw), rec)).toEqual(expected);
  });

  it('an ID built from a record agrees with it, and disagrees once gender or year is changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVINCES.map((p) => p.code)),
        fc.constantFrom<Gender>('M', 'F'),
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 1, max: 99 }),
        (province, gender, year, shift) => {
          const digit = Math.floor((year - 1900) / 100) * 2 + (gender === 'F' ? 1 : 0);
          const id = parseId(`${province}${digit}${String(year % 100).padStart(2, '0')}000001`);
          expect(checkIdConsistency(id, { birthYear: year, gender })).toEqual({ province: 'known', gender: 'agrees', birthYear: 'agrees' });
          const other: Gender = gender === 'M' ? 'F' : 'M';
          expect(checkIdConsistency(id, { birthYear: year + shift, gender: other })).toEqual({
            province: 'known',
            gender: 'disagrees',
            birthYear: 'disagrees',
          });
        },
      ),
    );
  });
});
