import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGender } from '../../src/normalize/parse-gender.js';
import type { Gender } from '../../src/normalize/types.js';

const ACCEPTED: readonly [string, Gender][] = [
  ['Nam', 'M'],
  ['nam', 'M'],
  ['NAM', 'M'],
  ['M', 'M'],
  ['m', 'M'],
  ['Male', 'M'],
  ['MALE', 'M'],
  ['Nam giới', 'M'],
  ['nam gioi', 'M'],
  ['Nữ', 'F'],
  ['nữ', 'F'],
  ['NỮ', 'F'],
  ['Nu', 'F'],
  ['NU', 'F'],
  ['F', 'F'],
  ['f', 'F'],
  ['Female', 'F'],
  ['female', 'F'],
  ['Nữ giới', 'F'],
  ['nu gioi', 'F'],
  ['Nu\u031b\u0303', 'F'], // NFD: u + horn + tilde
  ['N\u01b0\u0303', 'F'], // partly decomposed: ư + tilde
  ['N÷', 'F'], // TCVN3 read as Windows-1252
  ['Nöõ', 'F'], // VNI-Windows read as Windows-1252
  ['NÖÕ', 'F'],
  ['Ná»¯', 'F'], // UTF-8 read as Windows-1252
  ['NÁ»®', 'F'],
  ['  Nam ', 'M'],
  ['\u00a0Nữ\t', 'F'],
  ['Nam\u200b', 'M'],
  ['Nữ   giới', 'F'],
];

describe('parseGender', () => {
  it.each(ACCEPTED)('%j → %s', (input, expected) => {
    expect(parseGender(input)).toBe(expected);
  });

  it.each(['', '   ', 'x', 'X', '0', '1', '2', 'Khác', 'nam nữ', 'n', 'ma', 'fem', 'Nam/Nữ', 'Mr', 'null', 'trai', 'gái'])(
    '%j → null',
    (input) => {
      expect(parseGender(input)).toBeNull();
    },
  );

  it('is case-insensitive: any mix of cases of an accepted form gives the same gender', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACCEPTED), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), ([form, gender], upper) => {
        const mixed = Array.from(form.normalize('NFC'))
          .map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase()))
          .join('');
        expect(parseGender(mixed)).toBe(gender);
      }),
    );
  });
});
