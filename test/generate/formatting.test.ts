import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOB_FORMATS, DoseFormatter, formatDate } from '../../src/generate/formatting.js';
import { loadProfile } from '../../src/generate/profile.js';
import { Sfc32 } from '../../src/generate/prng.js';
import { daysInMonth, parseDob } from '../../src/normalize/parse-dob.js';
import { parseGender } from '../../src/normalize/parse-gender.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { normalizeName } from '../../src/normalize/normalize-name.js';

const date = fc
  .tuple(fc.integer({ min: 1931, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => [y, m, Math.min(d, daysInMonth(y, m))] as const);

describe('formatting', () => {
  it.each([
    [0, '03/04/1990'],
    [1, '3/4/1990'],
    [2, '1990-04-03'],
    [3, '03041990'],
    [4, '03-04-1990'],
    [5, '03.04.1990'],
  ])('format %i writes 3 April 1990 as %s', (f, text) => {
    expect(formatDate(f, 1990, 4, 3)).toBe(text);
  });

  it('writes every date in every format so that parseDob reads it back', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: DOB_FORMATS.length - 1 }), ([y, m, d], f) => {
        expect(parseDob(formatDate(f, y, m, d))).toMatchObject({ ok: true, year: y, month: m, day: d });
      }),
    );
  });

  const mixed = new DoseFormatter(loadProfile('mixed').formatting);
  const rng = fc.integer({ min: 0, max: 2 ** 31 }).map((s) => new Sfc32(s));

  it('spells genders in ways parseGender understands', () => {
    fc.assert(
      fc.property(rng, fc.boolean(), (r, female) => {
        expect(parseGender(mixed.gender(female, r))).toBe(female ? 'F' : 'M');
      }),
    );
  });

  it('separates ID digits only in ways parseId removes', () => {
    const always = new DoseFormatter({ ...loadProfile('mixed').formatting, idSeparators: 1 });
    fc.assert(
      fc.property(rng, fc.stringMatching(/^\d{12}$/), (r, id) => {
        const written = always.id(id, r);
        expect(written).not.toBe(id);
        expect(parseId(written).digits).toBe(id);
      }),
    );
  });

  it('changes a name only in ways normalizeName undoes', () => {
    const all = new DoseFormatter({ ...loadProfile('mixed').formatting, nameUpperCase: 0.4, nameLowerCase: 0.4, nameNfd: 0.5, nameExtraSpaces: 0.5, nameZeroWidth: 0.5 });
    fc.assert(
      fc.property(rng, fc.constantFrom('Nguyễn Thị Thủy', 'Đặng Văn Hòa', 'Lê Ý', 'Trần Quốc Khánh Linh'), (r, name) => {
        expect(normalizeName(all.name(name, true, r)).key).toBe(normalizeName(name).key);
      }),
    );
  });
});
