import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKhopError } from '../../src/errors.js';
import {
  DOB_STYLES,
  MAX_DOB_YEAR,
  MIN_DOB_YEAR,
  daysInMonth,
  formatDob,
  isLeapYear,
  parseDob,
  parseDobAscii,
  parseDobReference,
  type DobFields,
  type DobParts,
} from '../../src/normalize/parse-dob.js';
import type { DobFlag, DobInvalidReason } from '../../src/normalize/types.js';

function day(year: number, month: number, d: number, flags: DobFlag[] = []) {
  return { ok: true, year, month, day: d, precision: 'day', flags };
}
function yearOnly(year: number) {
  return { ok: true, year, month: null, day: null, precision: 'year', flags: [] };
}

describe('parseDob: every accepted form', () => {
  it.each([
    ['12/05/1990', day(1990, 5, 12)],
    ['2/5/1990', day(1990, 5, 2)],
    ['02/5/1990', day(1990, 5, 2)],
    ['2/05/1990', day(1990, 5, 2)],
    ['12-05-1990', day(1990, 5, 12)],
    ['12.05.1990', day(1990, 5, 12)],
    ['2-5-1990', day(1990, 5, 2)],
    ['1990-05-12', day(1990, 5, 12)],
    ['1990-5-2', day(1990, 5, 2)],
    ['1990/05/12', day(1990, 5, 12)],
    ['1990.05.12', day(1990, 5, 12)],
    ['12051990', day(1990, 5, 12)],
    ['19900512', day(1990, 5, 12)], // yyyymmdd: the last four are no plausible year
    ['1990', yearOnly(1990)],
    ['  12/05/1990  ', day(1990, 5, 12)],
    ['\t1990\r\n', yearOnly(1990)],
    ['\u00a012/05/1990\ufeff', day(1990, 5, 12)],
  ])('%j', (input, expected) => {
    expect(parseDob(input)).toEqual(expected);
  });
});

describe('parseDob: calendar checks and flags', () => {
  it.each([
    ['30/02/1990', day(1990, 2, 30, ['impossible_date'])],
    ['31/04/1990', day(1990, 4, 31, ['impossible_date'])],
    ['31/06/2000', day(2000, 6, 31, ['impossible_date'])],
    ['29/02/1991', day(1991, 2, 29, ['impossible_date'])],
    ['29/02/1900', day(1900, 2, 29, ['impossible_date'])], // divisible by 100, not by 400
    ['32/01/1990', day(1990, 1, 32, ['impossible_date'])],
    ['99/12/1990', day(1990, 12, 99, ['impossible_date'])],
    ['1990-02-30', day(1990, 2, 30, ['impossible_date'])],
    ['30021990', day(1990, 2, 30, ['impossible_date'])],
    ['29/02/2000', day(2000, 2, 29)], // divisible by 400
    ['29/02/1996', day(1996, 2, 29)],
    ['29/02/2024', day(2024, 2, 29)],
    ['28/02/1991', day(1991, 2, 28)],
    ['31/12/1990', day(1990, 12, 31)],
    ['01/01/1990', day(1990, 1, 1, ['default_day_month'])],
    ['1/1/1990', day(1990, 1, 1, ['default_day_month'])],
    ['1990-01-01', day(1990, 1, 1, ['default_day_month'])],
    ['01011990', day(1990, 1, 1, ['default_day_month'])],
    ['00/00/1985', yearOnly(1985)], // the register's placeholder for an unknown date
    ['00/05/1985', yearOnly(1985)],
    ['0/0/1985', yearOnly(1985)],
    ['00001985', yearOnly(1985)],
    ['1985-00-00', yearOnly(1985)],
    [`01/01/${MIN_DOB_YEAR}`, day(MIN_DOB_YEAR, 1, 1, ['default_day_month'])],
    [`31/12/${MAX_DOB_YEAR}`, day(MAX_DOB_YEAR, 12, 31)],
  ])('%j', (input, expected) => {
    expect(parseDob(input)).toEqual(expected);
  });
});

describe('parseDob: failures name their reason', () => {
  it.each<[string, DobInvalidReason]>([
    ['', 'empty'],
    ['   \t ', 'empty'],
    ['13/13/1990', 'month_out_of_range'],
    ['12/25/1990', 'month_out_of_range'], // mm/dd written: not swapped here
    ['1990-13-01', 'month_out_of_range'],
    ['01131990', 'month_out_of_range'],
    ['18801301', 'month_out_of_range'], // only the yyyymmdd reading has a plausible year
    [`12/05/${MIN_DOB_YEAR - 1}`, 'year_out_of_range'],
    [`12/05/${MAX_DOB_YEAR + 1}`, 'year_out_of_range'],
    [`${MIN_DOB_YEAR - 1}`, 'year_out_of_range'],
    ['0000', 'year_out_of_range'],
    ['12050000', 'year_out_of_range'],
    ['abc', 'unrecognized_format'],
    ['12/05/90', 'unrecognized_format'],
    ['12/05-1990', 'unrecognized_format'],
    ['12 05 1990', 'unrecognized_format'],
    ['12_05_1990', 'unrecognized_format'],
    ['12,05,1990', 'unrecognized_format'],
    ['1990-05', 'unrecognized_format'],
    ['12/05/1990/', 'unrecognized_format'],
    ['/12/05/1990', 'unrecognized_format'],
    ['12//1990', 'unrecognized_format'],
    ['123/05/1990', 'unrecognized_format'],
    ['12/123/1990', 'unrecognized_format'],
    ['1990-05-123', 'unrecognized_format'],
    ['1990-005-12', 'unrecognized_format'],
    ['12/05/19901', 'unrecognized_format'],
    ['12/05/1990x', 'unrecognized_format'],
    ['19900', 'unrecognized_format'],
    ['199', 'unrecognized_format'],
    ['120519900', 'unrecognized_format'],
    ['１９９０', 'unrecognized_format'], // full-width digits
    ['12/05/1990 00:00:00', 'unrecognized_format'],
  ])('%j → %s', (input, reason) => {
    expect(parseDob(input)).toMatchObject({ ok: false, reason });
  });
});

describe('isLeapYear and daysInMonth', () => {
  it.each([
    [1900, false],
    [1996, true],
    [2000, true],
    [2023, false],
    [2024, true],
    [2100, false],
  ])('isLeapYear(%i) = %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it('agrees with the JavaScript calendar for every month of every accepted year', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DOB_YEAR, max: MAX_DOB_YEAR }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }),
    );
  });
});

const validDate = fc
  .record({ year: fc.integer({ min: MIN_DOB_YEAR, max: MAX_DOB_YEAR }), month: fc.integer({ min: 1, max: 12 }), seed: fc.nat() })
  .map(({ year, month, seed }) => ({ year, month, day: 1 + (seed % daysInMonth(year, month)) }));

describe('formatDob', () => {
  it.each<[DobParts, (typeof DOB_STYLES)[number], string]>([
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'dd/mm/yyyy', '02/05/1990'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'd/m/yyyy', '2/5/1990'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'yyyy-mm-dd', '1990-05-02'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'ddmmyyyy', '02051990'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'dd-mm-yyyy', '02-05-1990'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'dd.mm.yyyy', '02.05.1990'],
    [{ year: 1990, month: 5, day: 2, precision: 'day' }, 'yyyy', '1990'],
    [{ year: 1990, month: null, day: null, precision: 'year' }, 'dd/mm/yyyy', '1990'],
    [{ year: 1990, month: 2, day: 30, precision: 'day' }, 'dd/mm/yyyy', '30/02/1990'],
  ])('%j as %s → %s', (parts, style, expected) => {
    expect(formatDob(parts, style)).toBe(expected);
  });

  it('writes dd/mm/yyyy by default', () => {
    expect(formatDob({ year: 2001, month: 12, day: 31, precision: 'day' })).toBe('31/12/2001');
  });

  it('rejects a day-precision date without month or day with BAD_ARGUMENT', () => {
    let caught: unknown;
    try {
      formatDob({ year: 1990, month: null, day: 3, precision: 'day' });
    } catch (e) {
      caught = e;
    }
    expect(isKhopError(caught) && caught.code).toBe('BAD_ARGUMENT');
  });

  it('round-trips: any valid date formatted in any accepted form parses back to the same components', () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom(...DOB_STYLES), (d, style) => {
        const parsed = parseDob(formatDob({ ...d, precision: 'day' }, style));
        if (style === 'yyyy') {
          expect(parsed).toEqual(yearOnly(d.year));
        } else {
          expect(parsed).toMatchObject({ ok: true, year: d.year, month: d.month, day: d.day, precision: 'day' });
        }
      }),
    );
  });
});

describe('parseDob agrees with parseDobReference (the regular-expression oracle)', () => {
  const chars = fc.constantFrom(...'0123456789/-. \u00a0x'.split(''), '1', '9', '0');
  const noisy = fc.array(chars, { maxLength: 14 }).map((cs) => cs.join(''));
  const group = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });
  const sep = fc.constantFrom('/', '-', '.', ' ', '');
  const shaped = fc
    .tuple(fc.constantFrom('', ' '), group(0, 5), sep, group(0, 3), sep, group(0, 5), fc.constantFrom('', ' \t'))
    .map((parts) => parts.join(''));

  it('on random strings of digits, separators and spaces', () => {
    fc.assert(
      fc.property(noisy, (s) => {
        expect(parseDob(s)).toEqual(parseDobReference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('on random date-shaped strings', () => {
    fc.assert(
      fc.property(shaped, (s) => {
        expect(parseDob(s)).toEqual(parseDobReference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('on random 8-digit strings (ddmmyyyy or yyyymmdd)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const s = String(n).padStart(8, '0');
        expect(parseDob(s)).toEqual(parseDobReference(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseDob invariants', () => {
  it('a successful day-precision result has month 1-12, and is flagged impossible exactly when the day is past the month end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1000, max: 2999 }), (d, m, y) => {
        const r = parseDob(`${d}/${m}/${y}`);
        if (!r.ok || r.precision === 'year') return;
        expect(r.month).toBeGreaterThanOrEqual(1);
        expect(r.month).toBeLessThanOrEqual(12);
        expect(r.flags.includes('impossible_date')).toBe(r.day! > daysInMonth(r.year, r.month!));
      }),
    );
  });

  it('never swaps day and month: a month over 12 always fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 13, max: 99 }), (d, m) => {
        expect(parseDob(`${d}/${m}/1990`)).toEqual({ ok: false, reason: 'month_out_of_range', written: { year: 1990, month: m, day: d } });
      }),
    );
  });
});

describe('parseDobAscii: parseDob of an ASCII cell given as bytes', () => {
  /** What parseDob says, in DobFields terms (what a column keeps). */
  function expected(raw: string): DobFields {
    const d = parseDob(raw);
    if (!d.ok) return { ok: false, year: 0, month: 0, day: 0, dayPrecision: false, impossible: false, defaultDayMonth: false };
    return {
      ok: true,
      year: d.year,
      month: d.month ?? 0,
      day: d.day ?? 0,
      dayPrecision: d.precision === 'day',
      impossible: d.flags.includes('impossible_date'),
      defaultDayMonth: d.flags.includes('default_day_month'),
    };
  }

  /** parseDobAscii of `raw`'s bytes placed between other bytes (a cell inside a record). */
  function viaBytes(raw: string): DobFields | null {
    const bytes = Buffer.from(`9,${raw},9`, 'utf8');
    const out: DobFields = { ok: true, year: -1, month: -1, day: -1, dayPrecision: true, impossible: true, defaultDayMonth: true };
    return parseDobAscii(bytes, 2, bytes.length - 2, out) ? out : null;
  }

  it.each([
    ['15/03/1938'], ['1/2/1990'], ['30/02/1990'], ['29/02/2000'], ['01/01/1985'], ['00/05/1985'], ['1983-09-05'],
    ['1983.9.5'], ['18051988'], ['19900512'], ['12345678'], ['1988'], ['1850'], ['15/13/1990'], ['15/03-1990'],
    ['1/2/90'], [' 15/03/1938\t'], [''], [' '], ['abc'], ['123456789'],
  ])('%j: the fields parseDob gives', (raw) => {
    expect(viaBytes(raw)).toEqual(expected(raw));
  });

  it.each([['\u00a015/03/1938'], ['１９８８'], ['15/03/1938é']])('%j: not ASCII, so not read (false)', (raw) => {
    expect(viaBytes(raw)).toBeNull();
  });

  it('agrees with parseDob on any ASCII text, and declines any other', () => {
    const dateLike = fc
      .array(fc.constantFrom('0', '1', '2', '3', '9', '/', '-', '.', ' ', '\t', '19', '20', '88'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.string({ unit: 'binary-ascii', maxLength: 12 }), fc.string({ maxLength: 10 })), (raw) => {
        if (/^[\x00-\x7f]*$/.test(raw)) expect(viaBytes(raw)).toEqual(expected(raw));
        else expect(viaBytes(raw)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
