import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseId } from '../../src/normalize/parse-id.js';
import { PROVINCES } from '../../src/normalize/provinces.js';
import type { IdIssue, ParsedId } from '../../src/normalize/types.js';

function cccd(digits: string, issues: IdIssue[], gender: 'M' | 'F', century: number, birthYear: number): ParsedId {
  return { kind: 'cccd', digits, issues, province: digits.slice(0, 3), gender, century, birthYear };
}

describe('parseId: 12-digit personal ID (CCCD), century and gender digit', () => {
  it.each([
    ['079090001234', cccd('079090001234', [], 'M', 1900, 1990)],
    ['001195012345', cccd('001195012345', [], 'F', 1900, 1995)],
    ['036205001234', cccd('036205001234', [], 'M', 2000, 2005)],
    ['036310001234', cccd('036310001234', [], 'F', 2000, 2010)],
    ['096400001234', cccd('096400001234', [], 'M', 2100, 2100)],
    ['096501001234', cccd('096501001234', [], 'F', 2100, 2101)],
    ['001000000000', cccd('001000000000', [], 'M', 1900, 1900)],
    ['001199999999', cccd('001199999999', [], 'F', 1900, 1999)],
  ])('%s', (input, expected) => {
    expect(parseId(input)).toEqual(expected);
  });

  it.each(['6', '7', '8', '9'])('century digit %s → bad_century_digit, no gender or year, still a cccd', (g) => {
    const digits = `079${g}90001234`;
    expect(parseId(digits)).toEqual({ kind: 'cccd', digits, issues: ['bad_century_digit'], province: '079' });
  });

  it.each([
    ['003090001234', cccd('003090001234', ['unknown_province'], 'M', 1900, 1990)],
    ['097090001234', cccd('097090001234', ['unknown_province'], 'M', 1900, 1990)],
    ['123090001234', cccd('123090001234', ['unknown_province'], 'M', 1900, 1990)],
    ['999990001234', { kind: 'cccd', digits: '999990001234', issues: ['unknown_province', 'bad_century_digit'], province: '999' }],
  ])('unknown province %s stays a cccd with unknown_province', (input, expected) => {
    expect(parseId(input)).toEqual(expected);
  });
});

describe('parseId: cleaning, other kinds and failures', () => {
  it.each<[string, ParsedId]>([
    // separators and padding
    ['079 090 001 234', cccd('079090001234', ['separators_removed'], 'M', 1900, 1990)],
    ['079.090.001.234', cccd('079090001234', ['separators_removed'], 'M', 1900, 1990)],
    ['079-090-001-234', cccd('079090001234', ['separators_removed'], 'M', 1900, 1990)],
    ['079\u2013090\u00a0001\u200b234', cccd('079090001234', ['separators_removed'], 'M', 1900, 1990)],
    ["'079090001234", cccd('079090001234', ['separators_removed'], 'M', 1900, 1990)],
    ['  079090001234\t', cccd('079090001234', [], 'M', 1900, 1990)],
    ['001.090.123.000', cccd('001090123000', ['separators_removed'], 'M', 1900, 1990)],
    // stored as a number: 11 digits
    ['79090001234', cccd('079090001234', ['leading_zero_restored'], 'M', 1900, 1990)],
    ['1195012345', cccd('001195012345', ['leading_zero_restored'], 'F', 1900, 1995)], // Hà Nội 001 loses two zeros
    ['8095012345', cccd('008095012345', ['leading_zero_restored'], 'M', 1900, 1995)],
    ['3195012345', { kind: 'invalid', digits: '3195012345', issues: ['bad_length'] }], // 003 is no province
    ['0010000000.00', cccd('001000000000', ['separators_removed'], 'M', 1900, 1900)], // a number has no leading zero
    ['79 090 001 234', cccd('079090001234', ['separators_removed', 'leading_zero_restored'], 'M', 1900, 1990)],
    ['99090001234', cccd('099090001234', ['leading_zero_restored', 'unknown_province'], 'M', 1900, 1990)],
    // 11 digits that start with 0 were not stored as a number: a digit was dropped
    ['07909000123', { kind: 'invalid', digits: '07909000123', issues: ['bad_length'] }],
    // numeric export
    ['79090001234.0', cccd('079090001234', ['leading_zero_restored'], 'M', 1900, 1990)],
    ['79090001234.00', cccd('079090001234', ['leading_zero_restored'], 'M', 1900, 1990)],
    ['079090001234.0', { kind: 'invalid', digits: '0790900012340', issues: ['separators_removed', 'bad_length'] }],
    ['7.9090001234E+10', cccd('079090001234', ['leading_zero_restored'], 'M', 1900, 1990)],
    ['7.9090001234e10', cccd('079090001234', ['leading_zero_restored'], 'M', 1900, 1990)],
    ['7.90900E+10', { kind: 'invalid', digits: '7.90900E+10', issues: ['non_digit'] }],
    ['7.9090001234E-10', { kind: 'invalid', digits: '79090001234E10', issues: ['separators_removed', 'non_digit'] }],
    // old 9-digit ID
    ['123456789', { kind: 'cmnd', digits: '123456789', issues: [] }],
    ['012 345 678', { kind: 'cmnd', digits: '012345678', issues: ['separators_removed'] }],
    ['123456789.0', { kind: 'cmnd', digits: '123456789', issues: [] }],
    // empty
    ['', { kind: 'empty', digits: '', issues: [] }],
    ['   ', { kind: 'empty', digits: '', issues: [] }],
    ['-', { kind: 'empty', digits: '', issues: ['separators_removed'] }],
    // invalid
    ['12345', { kind: 'invalid', digits: '12345', issues: ['bad_length'] }],
    ['5234567890', { kind: 'invalid', digits: '5234567890', issues: ['bad_length'] }],
    ['0790900012345', { kind: 'invalid', digits: '0790900012345', issues: ['bad_length'] }],
    ['07909000123A', { kind: 'invalid', digits: '07909000123A', issues: ['non_digit'] }],
    ['079 090 00I 234', { kind: 'invalid', digits: '07909000I234', issues: ['separators_removed', 'non_digit'] }],
    ['N/A', { kind: 'invalid', digits: 'N/A', issues: ['non_digit'] }],
    ['+84079090001234', { kind: 'invalid', digits: '+84079090001234', issues: ['non_digit'] }],
  ])('%j', (input, expected) => {
    expect(parseId(input)).toEqual(expected);
  });
});

const province = fc.constantFrom(...PROVINCES.map((p) => p.code));
const gender = fc.constantFrom<'M' | 'F'>('M', 'F');
const birthYear = fc.integer({ min: 1900, max: 2199 });
const serial = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

function build(p: string, g: 'M' | 'F', year: number, s: string): string {
  const centuryIndex = Math.floor((year - 1900) / 100);
  const digit = centuryIndex * 2 + (g === 'F' ? 1 : 0);
  return `${p}${digit}${String(year % 100).padStart(2, '0')}${s}`;
}

describe('parseId decodes IDs built from (province, gender, year)', () => {
  it('as written', () => {
    fc.assert(
      fc.property(province, gender, birthYear, serial, (p, g, y, s) => {
        const id = build(p, g, y, s);
        expect(parseId(id)).toEqual({
          kind: 'cccd',
          digits: id,
          issues: [],
          province: p,
          gender: g,
          century: 1900 + 100 * Math.floor((y - 1900) / 100),
          birthYear: y,
        });
      }),
    );
  });

  it('after being stored as a number (leading zero lost)', () => {
    fc.assert(
      fc.property(province, gender, birthYear, serial, (p, g, y, s) => {
        const id = build(p, g, y, s);
        const r = parseId(String(Number(id)));
        expect(r).toMatchObject({ kind: 'cccd', digits: id, issues: ['leading_zero_restored'], province: p, gender: g, birthYear: y });
      }),
    );
  });

  it('with separators inserted between digits', () => {
    const cut = fc.tuple(fc.integer({ min: 1, max: 11 }), fc.constantFrom(' ', '.', '-'));
    fc.assert(
      fc.property(province, gender, birthYear, serial, fc.array(cut, { minLength: 1, maxLength: 4 }), (p, g, y, s, cuts) => {
        const id = build(p, g, y, s);
        const chars = id.split('');
        for (const [at, sep] of cuts) chars.splice(at, 0, sep); // 1..11: always between two characters
        expect(parseId(chars.join(''))).toMatchObject({
          kind: 'cccd',
          digits: id,
          issues: ['separators_removed'],
          province: p,
          gender: g,
          birthYear: y,
        });
      }),
    );
  });
});

describe('parseId invariants', () => {
  it('a digit string of another length than 9-12 is invalid with bad_length', () => {
    const length = fc.integer({ min: 1, max: 20 }).filter((n) => n < 9 || n > 12);
    fc.assert(
      fc.property(
        length.chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n })),
        (digits) => {
          expect(parseId(digits)).toEqual({ kind: 'invalid', digits, issues: ['bad_length'] });
        },
      ),
    );
  });

  it('10 digits get two zeros back exactly when that makes a province code 001-009', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 10, maxLength: 10 }), (digits) => {
        const r = parseId(digits);
        if (PROVINCES.some((p) => p.code === `00${digits[0]}`)) {
          expect(r).toMatchObject({ kind: 'cccd', digits: `00${digits}`, province: `00${digits[0]}` });
          expect(r.issues[0]).toBe('leading_zero_restored'); // a century digit 6-9 may follow
        } else {
          expect(r).toEqual({ kind: 'invalid', digits, issues: ['bad_length'] });
        }
      }),
    );
  });

  it('a 9-digit string is a cmnd and is not decoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 9, maxLength: 9 }), (digits) => {
        expect(parseId(digits)).toEqual({ kind: 'cmnd', digits, issues: [] });
      }),
    );
  });
});
