import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DobReason } from '../../src/engine/correction-reasons.js';
import { dobReasons } from '../../src/engine/corrections-dob.js';
import { DOB_STYLES, daysInMonth, formatDob, parseDob } from '../../src/normalize/parse-dob.js';

function reasons(dose: string, person: string): DobReason[] {
  return dobReasons(parseDob(dose), parseDob(person));
}

const fullDate = fc
  .record({ year: fc.integer({ min: 1900, max: 2021 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => ({ year, month, day: Math.min(day, daysInMonth(year, month)), precision: 'day' as const }));

describe('dobReasons: formatting is not an error', () => {
  it.each<[string, string]>([
    ['12/05/1990', '12/05/1990'],
    ['1990-05-12', '12/05/1990'],
    ['12051990', '12/05/1990'],
    ['12-05-1990', '12/05/1990'],
    ['12.5.1990', '12/05/1990'],
    [' 12/5/1990 ', '12/05/1990'],
    ['1990', '1990'],
    ['01/01/1990', '01/01/1990'],
  ])('%s against %s → nothing', (dose, person) => {
    expect(reasons(dose, person)).toEqual([]);
  });

  it('a date written in any accepted style agrees with itself', () => {
    fc.assert(
      fc.property(fullDate, fc.constantFrom(...DOB_STYLES.filter((s) => s !== 'yyyy')), (d, style) => {
        expect(reasons(formatDob(d, style), formatDob(d))).toEqual([]);
      }),
    );
  });
});

describe('dobReasons: one row per reason', () => {
  it.each<[string, string, string, DobReason[]]>([
    ['day and month swapped', '05/12/1990', '12/05/1990', ['day_month_swapped']],
    ['swapped into a month 13+ (kept as written)', '05/13/1990', '13/05/1990', ['day_month_swapped']],
    ['the year alone against a full date', '1990', '12/05/1990', ['year_only']],
    ['00/00 (unknown) against a full date', '00/00/1990', '12/05/1990', ['year_only']],
    ['the 01/01 placeholder', '01/01/1990', '12/05/1990', ['dob_default']],
    ['year one more', '12/05/1991', '12/05/1990', ['year_off_by_one']],
    ['year one less across a decade', '12/05/1989', '12/05/1990', ['year_off_by_one']],
    ['one wrong digit in the day', '13/05/1990', '12/05/1990', ['dob_digit']],
    ['one wrong digit in the year', '12/05/1980', '12/05/1990', ['dob_digit']],
    ['an impossible date from a wrong digit', '30/02/1990', '20/02/1990', ['dob_digit']],
    ['another date altogether (fallback)', '03/07/1985', '12/05/1990', ['dob_digit']],
    ['unreadable text (fallback)', '12/05/90x', '12/05/1990', ['dob_digit']],
    ['a year out of range', '1090', '12/05/1990', ['dob_digit']],
    ['empty', '', '12/05/1990', ['dob_missing']],
  ])('%s', (_, dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('dobReasons: lost precision and a wrong year together', () => {
  it.each<[string, string, DobReason[]]>([
    ['1991', '12/05/1990', ['year_only', 'year_off_by_one']],
    ['1995', '12/05/1990', ['year_only', 'dob_digit']],
    ['01/01/1991', '12/05/1990', ['dob_default', 'year_off_by_one']],
  ])('%s against %s → %j', (dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('dobReasons: the register holds only the year', () => {
  it.each<[string, string, DobReason[]]>([
    ['12/05/1990', '1990', []], // the dose holds more; nothing in it is known to be wrong
    ['01/01/1990', '1990', []],
    ['12/05/1991', '1990', ['year_off_by_one']],
    ['1989', '1990', ['year_off_by_one']],
    ['1992', '1990', ['dob_digit']],
  ])('%s against %s → %j', (dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('dobReasons: no register value, no correction', () => {
  it.each<[string, string]>([
    ['12/05/1990', ''],
    ['12/05/1990', 'unknown'],
    ['12/05/1990', '13/13/1990'],
  ])('%s against %j → nothing', (dose, person) => {
    expect(reasons(dose, person)).toEqual([]);
  });
});

describe('dobReasons: invariants', () => {
  it('a swap of two different day-month values is reported as such', () => {
    fc.assert(
      fc.property(fullDate, (d) => {
        fc.pre(d.day <= 12 && d.day !== d.month);
        const swapped = { ...d, day: d.month, month: d.day };
        expect(reasons(formatDob(swapped), formatDob(d))).toEqual(['day_month_swapped']);
      }),
    );
  });

  it('at most two reasons, and two only when precision was lost', () => {
    fc.assert(
      fc.property(fullDate, fullDate, fc.boolean(), (a, b, yearOnly) => {
        const dose = yearOnly ? String(a.year) : formatDob(a);
        const got = reasons(dose, formatDob(b));
        expect(got.length).toBeLessThanOrEqual(2);
        if (got.length === 2) expect(['year_only', 'dob_default']).toContain(got[0]);
      }),
    );
  });
});
